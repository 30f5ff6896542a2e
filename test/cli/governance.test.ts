/**
 * Governance with the `fundtrace` binary against a separately started node:
 * the bootstrap account sets up and hands over; from then on an officer
 * change is a council proposal that waits out the delay, a guardian vetoes
 * or pauses at once, and the bootstrap account can do nothing at all.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import type { Address } from "viem";

import { governanceAbi, unitAddress, unitRegistryAbi } from "@fundtrace/sdk";
import { centralTransferArgs } from "../../scripts/lib/fund-args.ts";
import { Workspace } from "../helpers/cli.ts";
import { useNode } from "../helpers/processes.ts";

const PROVINCE = "520000000000";
const CITY = "520100000000";
const COUNTY = "520121000000";

describe("fundtrace governance against a node", function () {
  this.timeout(600_000);
  const node = useNode("cli-governance");
  let ws: Workspace;
  let registry: Address;
  const deploymentId = `test-cli-governance-${process.pid}`;
  const successorId = `test-cli-successor-${process.pid}`;
  const province = unitAddress(BigInt(PROVINCE), 2023);
  const events = (data: { events: { eventName: string }[] }) => data.events.map((e) => e.eventName);

  before(async function () {
    ws = new Workspace(node.url);
    await ws.init(["boot", "c1", "c2", "c3", "guard", "prep", "appr", "appr2", "appr3"]);
    registry = (await ws.send<{ registry: Address }>(["deploy", ...ws.as("boot"), "--deployment-id", deploymentId]))
      .registry;
  });

  after(function () {
    rmSync(join("ignition", "deployments", deploymentId), { recursive: true, force: true });
    rmSync(join("ignition", "deployments", successorId), { recursive: true, force: true });
    for (const module of ["FundTrace", "Governance"])
      rmSync(join("ignition", "deployments", `${deploymentId}.${module}.parameters.json`), { force: true });
    rmSync(join("ignition", "deployments", `${successorId}.Successor.parameters.json`), { force: true });
  });

  const isApprover = (account: string) =>
    ws.client.readContract({
      address: registry,
      abi: unitRegistryAbi,
      functionName: "isApprover",
      args: [province, ws.address(account)],
    });

  it("bootstraps directly, then hands over for good", async function () {
    await ws.send(["roles", "grant", "registrar", "boot", ...ws.as("boot")]);
    await ws.send(["units", "register", PROVINCE, ...ws.as("boot")]);
    await ws.send(["officers", "add", PROVINCE, "preparer", "prep", ...ws.as("boot")]);
    await ws.send(["officers", "add", PROVINCE, "approver", "appr", ...ws.as("boot")]);
    const before = await ws.run(["governance", "show", "--json"]);
    expect(before.envelope!.data).to.deep.equal({ governed: false });

    // 省直管县: the county takes its money from the province, skipping the city, on a documented decision.
    await ws.send(["units", "register", CITY, ...ws.as("boot")]);
    await ws.send(["units", "register", COUNTY, ...ws.as("boot")]);
    const decision = ws.file("direct-management.txt", "provincial decision on direct fiscal management of the county");
    const upward = await ws.refused(
      ["units", "fiscal-parent", CITY, COUNTY, "--document", decision, ...ws.as("boot")],
      "CONTRACT_REFUSED",
      6,
      "boot",
    );
    expect(upward.details).to.deep.include({ contractError: "RegistryInvalidFiscalParent" });
    const placed = await ws.send([
      "units",
      "fiscal-parent",
      COUNTY,
      PROVINCE,
      "--document",
      decision,
      ...ws.as("boot"),
    ]);
    expect(events(placed)).to.deep.equal(["FiscalParentSet"]);
    const county = await ws.client.readContract({
      address: registry,
      abi: unitRegistryAbi,
      functionName: "unitOf",
      args: [unitAddress(BigInt(COUNTY), 2023)],
    });
    expect([county.fiscalParent, county.parent]).to.deep.equal([province, unitAddress(BigInt(CITY), 2023)]);

    // The council can never include an officer, and needs two approvals at least.
    await ws.refused(
      [
        "governance",
        "hand-over",
        "--council",
        "c1",
        "c2",
        "--threshold",
        "1",
        "--guardians",
        "guard",
        ...ws.as("boot"),
      ],
      "USAGE",
      2,
      "boot",
    );
    await ws.send([
      "governance",
      "hand-over",
      "--council",
      "c1",
      "c2",
      "c3",
      "--threshold",
      "2",
      "--guardians",
      "guard",
      ...ws.as("boot"),
    ]);
    const shown = (await ws.run(["governance", "show", "--json"])).envelope!.data as {
      governed: boolean;
      threshold: number;
      members: string[];
      guardians: string[];
      delay: string;
    };
    expect([shown.governed, shown.threshold, shown.members.length, shown.delay]).to.deep.equal([
      true,
      2,
      3,
      String(7 * 86_400),
    ]);
    expect(shown.guardians).to.deep.equal([ws.address("guard")]);

    // The bootstrap account keeps nothing: its officer change is now a proposal it may not make.
    const refused = await ws.refused(
      ["officers", "add", PROVINCE, "approver", "appr2", ...ws.as("boot")],
      "CONTRACT_REFUSED",
      6,
      "boot",
    );
    expect(refused.message).to.include("GovernanceNotMember");
    await ws.refused(["governance", "pause", ...ws.as("boot")], "CONTRACT_REFUSED", 6, "boot");
  });

  it("turns an officer change into a proposal that takes effect after approval and the delay", async function () {
    const proposed = await ws.send(["officers", "add", PROVINCE, "approver", "appr2", ...ws.as("c1")]);
    expect(events(proposed)).to.deep.equal(["GovernanceProposed", "GovernanceApproved"]);
    const approved = await ws.send(["governance", "approve", "1", ...ws.as("c2")]);
    expect(events(approved)).to.include("GovernanceScheduled");
    expect(await isApprover("appr2")).to.equal(false);
    const early = await ws.refused(["governance", "execute", "1", ...ws.as("c3")], "CONTRACT_REFUSED", 6, "c3");
    expect(early.message).to.include("GovernanceUnexpectedStatus");

    await ws.send(["network", "advance-time", "7"]);
    const executed = await ws.send(["governance", "execute", "1", ...ws.as("c3")]);
    expect(events(executed)).to.include.members(["ApproverAdded", "GovernanceExecuted"]);
    expect(await isApprover("appr2")).to.equal(true);

    const list = (await ws.run(["governance", "list", "--json"])).envelope!.data as {
      statusName: string;
      calls: { functionName: string }[];
    }[];
    expect(list.map((p) => [p.statusName, p.calls[0]!.functionName])).to.deep.equal([["Executed", "addApprover"]]);
  });

  it("lets a guardian veto a scheduled change and pause at once; resuming is governed", async function () {
    await ws.send(["officers", "add", PROVINCE, "approver", "appr3", ...ws.as("c2")]);
    await ws.send(["governance", "approve", "2", ...ws.as("c3")]);
    await ws.refused(["governance", "cancel", "2", ...ws.as("c1")], "CONTRACT_REFUSED", 6, "c1");
    const vetoed = await ws.send(["governance", "cancel", "2", ...ws.as("guard")]);
    expect(events(vetoed)).to.include("GovernanceCancelled");
    await ws.send(["network", "advance-time", "7"]);
    await ws.refused(["governance", "execute", "2", ...ws.as("c1")], "CONTRACT_REFUSED", 6, "c1");
    expect(await isApprover("appr3")).to.equal(false);

    await ws.send(["governance", "pause", ...ws.as("guard")]);
    await ws.send(["governance", "resume", ...ws.as("c1")]);
    await ws.send(["governance", "approve", "3", ...ws.as("c2")]);
    await ws.send(["network", "advance-time", "7"]);
    await ws.send(["governance", "execute", "3", ...ws.as("guard")]);
    const governance = ((await ws.run(["governance", "show", "--json"])).envelope!.data as { address: Address })
      .address;
    const count = await ws.client.readContract({
      address: governance,
      abi: governanceAbi,
      functionName: "proposalCount",
    });
    expect(count).to.equal(3n);
    const paused = await ws.client.readContract({ address: registry, abi: unitRegistryAbi, functionName: "paused" });
    expect(paused).to.equal(false);
  });

  it("moves to a fixed deployment: the council seals this one, anyone imports, and the successor carries on", async function () {
    const budget = ws.file("migration-budget.txt", "budget approval");
    const propose = (line: string) => [
      "fund",
      "propose",
      "--unit",
      PROVINCE,
      "--document-number",
      line,
      "--year",
      "2026",
      ...centralTransferArgs(),
      "--amount",
      "1000.00",
      "--document",
      budget,
      ...ws.as("prep"),
    ];
    const created = await ws.send(propose("MIG-1"));
    const fundProposal = created.events.find((e) => e.eventName === "FundProposed")!.args.proposalId!;
    await ws.send(["proposals", "approve", fundProposal, ...ws.as("appr")]);
    const fundBefore = (await ws.run(["fund", "show", "1", "--json"])).envelope!.data;

    const deployed = await ws.send<{ profile: string; ledger: Address; registry: Address }>([
      "deploy",
      "--successor",
      "v2",
      "--deployment-id",
      successorId,
      ...ws.as("boot"),
    ]);
    expect([deployed.profile, deployed.registry]).to.deep.equal(["v2", registry]);
    const v2 = ["--network", "v2"];
    // Nothing to import before the seal, and no other write meanwhile.
    await ws.refused(["migrate", "import", ...v2, ...ws.as("guard")], "MIGRATION_INVALID", 2, "guard");
    const early = await ws.refused([...propose("MIG-2"), ...v2], "CONTRACT_REFUSED", 6, "prep");
    expect(early.details).to.deep.include({ contractError: "LedgerImporting" });

    // The seal is a council proposal like any other: approved, public for the delay, then executed.
    const decision = ws.file("migration-decision.txt", "decision to move to the fixed contracts");
    await ws.refused(
      ["migrate", "seal", registry, "--document", decision, ...ws.as("c1")],
      "MIGRATION_INVALID",
      2,
      "c1",
    );
    const sealing = await ws.send(["migrate", "seal", "v2", "--document", decision, ...ws.as("c1")]);
    const id = sealing.events.find((e) => e.eventName === "GovernanceProposed")!.args.proposalId!;
    await ws.send(["governance", "approve", id, ...ws.as("c2")]);
    await ws.send(["network", "advance-time", "7"]);
    const executed = await ws.send(["governance", "execute", id, ...ws.as("c3")]);
    expect(events(executed)).to.include.members(["RosterBookSealed", "LedgerSealed", "GovernanceExecuted"]);
    const late = await ws.refused(propose("MIG-2"), "CONTRACT_REFUSED", 6, "prep");
    expect(late.details).to.deep.include({ contractError: "LedgerIsSealed" });
    const old = (await ws.run(["migrate", "status", "--json"])).envelope!.data as { successor?: string };
    expect(old.successor).to.equal(deployed.ledger);

    // A dry run simulates one step and sends nothing.
    const dry = (await ws.run(["migrate", "import", "--dry-run", "--json", ...v2, ...ws.as("guard")])).envelope!
      .data as { transactions: number; importing: Record<string, boolean> };
    expect(dry).to.deep.include({ transactions: 0, importing: { ledger: true, rosterBook: true } });

    // Anyone imports, in small steps; the fund is the same on the successor, which now takes writes.
    const imported = await ws.send<{ transactions: number; importing: Record<string, boolean> }>([
      "migrate",
      "import",
      "--items",
      "2",
      ...v2,
      ...ws.as("guard"),
    ]);
    expect(imported.transactions).to.be.greaterThan(2);
    expect(imported.importing).to.deep.equal({ ledger: false, rosterBook: false });
    expect((await ws.run(["fund", "show", "1", "--json", ...v2])).envelope!.data).to.deep.equal(fundBefore);
    const again = await ws.send(propose("MIG-2").concat(v2));
    expect(events(again)).to.include("FundProposed");
  });
});
