/**
 * Every SDK write action and the main reads, on the in-process simulated
 * chain and against a separately started JSON-RPC node on the consortium
 * profile, from keys that hold no ether, at gas price zero.
 */

import { expect } from "chai";
import { network } from "hardhat";
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type Hex,
  http,
  keccak256,
  nonceManager,
  type PublicClient,
  toHex,
  type Transport,
  type WalletClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { CONSORTIUM } from "../../chain-profile.ts";
import * as sdk from "@fundtrace/sdk";
import { deployOverRpc, useNode } from "../helpers/processes.ts";
import { deployGovernance } from "../helpers/governance.ts";
import { deployFundTrace } from "../helpers/scenario.ts";

const doc = (label: string): Hex => keccak256(toHex(label));
const EDITION = 2023;
const CODES = {
  province: 520000000000n,
  city: 520100000000n,
  county: 520102000000n,
  township: 520102201000n,
  village: 520102201001n,
} as const;
type Name = keyof typeof CODES;

interface Target {
  transport: Transport;
  addresses: Record<"UnitRegistry" | "FundLedger" | "RosterBook", Address>;
  /** The governor's key: it holds no ether. */
  governorKey: Hex;
}

/** The whole fund flow through SDK actions only, from keys that hold no ether. */
async function runFlow(target: Target): Promise<void> {
  const { transport, addresses, governorKey } = target;
  const chain = defineChain({
    id: CONSORTIUM.chainId,
    name: "consortium",
    nativeCurrency: { name: "none", symbol: "NONE", decimals: 18 },
    rpcUrls: { default: { http: ["http://unused"] } },
  });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 }) as PublicClient;
  const wallet = (): WalletClient<Transport, Chain, Account> =>
    createWalletClient({ account: privateKeyToAccount(generatePrivateKey(), { nonceManager }), chain, transport });
  const governor = createWalletClient({
    account: privateKeyToAccount(governorKey, { nonceManager }),
    chain,
    transport,
  });

  // An unknown chain has no deployment; register ours.
  expect(() => sdk.getDeployment(1)).to.throw(sdk.UnknownChainError, "chain 1");
  const d = sdk.registerDeployment({
    chainId: CONSORTIUM.chainId,
    registry: addresses.UnitRegistry,
    ledger: addresses.FundLedger,
    rosterBook: addresses.RosterBook,
    deploymentBlock: 0n,
    feeMode: "zero",
  });
  expect(sdk.getDeployment(CONSORTIUM.chainId)).to.deep.equal(d);

  const send = (w: WalletClient<Transport, Chain, Account>, call: sdk.ContractCall) =>
    sdk.sendCall(w, call, { publicClient, deployment: d });
  const advanceTime = async (seconds: number) => {
    await publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
    await publicClient.request({ method: "evm_mine" as never, params: [] as never });
  };

  // Roles
  const registrar = wallet();
  const inspector = wallet();
  const REGISTRAR = await sdk.read(publicClient, d, "registry", "REGISTRAR_ROLE", []);
  const INSPECTOR = await sdk.read(publicClient, d, "registry", "INSPECTOR_ROLE", []);
  await send(governor, sdk.grantRole(d, { role: REGISTRAR, account: registrar.account.address }));
  await send(governor, sdk.grantRole(d, { role: INSPECTOR, account: inspector.account.address }));

  // Units and officers
  const units = {} as Record<Name, Address>;
  const preparers = {} as Record<Name, WalletClient<Transport, Chain, Account>>;
  const approvers = {} as Record<Name, WalletClient<Transport, Chain, Account>>;
  let parent: Address = "0x0000000000000000000000000000000000000000";
  for (const [name, code] of Object.entries(CODES) as [Name, bigint][]) {
    const parsed = sdk.parseDivisionCode(code);
    const sent = await send(registrar, sdk.registerUnit(d, { code, edition: EDITION, level: parsed.level, parent }));
    const registered = sent.events.find((e) => e.eventName === "UnitRegistered")!;
    expect(registered.args.unit).to.equal(sdk.unitAddress(code, EDITION));
    units[name] = sdk.unitAddress(code, EDITION);
    preparers[name] = wallet();
    approvers[name] = wallet();
    await send(governor, sdk.addPreparer(d, { unit: units[name], account: preparers[name].account.address }));
    await send(governor, sdk.addApprover(d, { unit: units[name], account: approvers[name].account.address }));
    await send(governor, sdk.setApprovalPolicy(d, { unit: units[name], baseApprovals: 1, tiers: [] }));
    parent = units[name];
  }
  const spare = wallet().account.address;
  await send(governor, sdk.addPreparer(d, { unit: units.village, account: spare }));
  await send(governor, sdk.removePreparer(d, { unit: units.village, account: spare }));
  await send(governor, sdk.addApprover(d, { unit: units.village, account: spare }));
  await send(governor, sdk.removeApprover(d, { unit: units.village, account: spare }));
  expect((await sdk.getUnit(publicClient, d, units.village)).parent).to.equal(units.township);

  // The first fund's terms.
  const amount = sdk.parseYuan("1,000,000.00");
  const terms: sdk.FundTermsInput = {
    unit: units.province,
    documentNumber: "黔财农〔2026〕12号",
    classification: 2130505,
    programme: "xianjie",
    fiscalYear: 2026,
    source: sdk.SourceLevel.Central,
    transferType: sdk.TransferType.General,
    amount,
    budgetApprovedAt: 0n,
    receivedAt: await sdk.chainTime(publicClient),
    documentHash: doc("approval"),
  };
  // No money before the hand-over; then the bootstrap account hands over to a council of 3 (2 approve) with a guardian.
  const council = [wallet(), wallet(), wallet()] as const;
  const guardian = wallet();
  try {
    await send(preparers.province, sdk.proposeFund(d, terms));
    expect.fail("a fund was proposed before the hand-over");
  } catch (error) {
    expect((error as sdk.ContractRevertError).errorName).to.equal("LedgerNotGoverned");
  }
  const governanceAddress = await deployGovernance(governor, publicClient, {
    registry: d.registry,
    council: council.map((w) => w.account.address),
    threshold: 2,
    guardians: [guardian.account.address],
  });
  await send(governor, sdk.handOver(d, { governance: governanceAddress }));

  // Fund: propose and approve; the unsigned call can be reviewed before sending.
  const unsigned = sdk.proposeFund(d, terms);
  expect(unsigned.to).to.equal(d.ledger);
  expect(unsigned.functionName).to.equal("proposeFund");
  expect(unsigned.data.startsWith("0x")).to.equal(true);
  const proposed = await send(preparers.province, unsigned);
  const fund = proposed.events.find(sdk.isEvent("FundProposed"))!.args.fund;
  const proposalOf = (events: sdk.FundTraceEvent[]) => events.find(sdk.isEvent("ProposalCreated"))!.args.proposalId;
  await send(approvers.province, sdk.approveProposal(d, { proposalId: proposalOf(proposed.events) }));
  expect((await sdk.getFund(publicClient, d, fund)).status).to.equal(2);

  // Down the hierarchy
  const path: Name[] = ["province", "city", "county", "township", "village"];
  for (let i = 0; i + 1 < path.length; i++) {
    const from = path[i]!;
    const to = path[i + 1]!;
    // Each level keeps half of what it passes on: 1/2, 1/4, 1/8, 1/16 of the fund.
    const share = amount / 2n ** BigInt(i + 1);
    const p = await send(
      preparers[from],
      sdk.proposeAllocation(d, { fund, from: units[from], to: units[to], amount: share, documentHash: doc("down") }),
    );
    const executed = await send(approvers[from], sdk.approveProposal(d, { proposalId: proposalOf(p.events) }));
    expect(executed.events.map((e) => e.eventName)).to.include.members([
      "TransferSingle",
      "FundsMoved",
      "ProposalExecuted",
    ]);
  }
  // return, reclaim, reject, cancel
  const ret = await send(
    preparers.county,
    sdk.proposeReturn(d, { fund, from: units.county, amount: 100n, documentHash: doc("ret") }),
  );
  await send(approvers.county, sdk.approveProposal(d, { proposalId: proposalOf(ret.events) }));
  const rec = await send(
    preparers.city,
    sdk.proposeReclaim(d, { fund, child: units.county, amount: 100n, documentHash: doc("rec") }),
  );
  await send(approvers.city, sdk.rejectProposal(d, { proposalId: proposalOf(rec.events), reasonHash: doc("no") }));
  const rec2 = await send(
    preparers.city,
    sdk.proposeReclaim(d, { fund, child: units.county, amount: 100n, documentHash: doc("rec") }),
  );
  await send(preparers.city, sdk.cancelProposal(d, { proposalId: proposalOf(rec2.events) }));
  expect((await sdk.getProposal(publicClient, d, proposalOf(rec2.events))).status).to.equal(4);

  // Roster from resident IDs under a bureau key
  const key = sdk.PseudonymKey.fromHex(`0x${"42".repeat(32)}`);
  const ids = Array.from({ length: 600 }, (_, i) => {
    const first17 = `520102${19500101 + (i % 28)}${String(i % 1000).padStart(3, "0")}`;
    return `${first17}${sdk.checkCharacter(first17)}`;
  });
  const entries = ids.map((id, i) => ({
    household: sdk.householdPseudonym(key, id, fund),
    amount: 10_000n + BigInt(i),
  }));
  const roster = sdk.buildRoster(entries);
  const published = await send(
    preparers.village,
    sdk.publishRoster(d, { fund, village: units.village, roster, noticeHash: doc("notice") }),
  );
  const rosterId = published.events.find((e) => e.eventName === "RosterPublished")!.args.rosterId;
  for (const group of sdk.planEnrolment(roster.pages, 15_000_000n)) {
    await send(preparers.village, sdk.enrolPages(d, { rosterId, pages: group }));
  }
  expect((await sdk.getRoster(publicClient, d, rosterId)).enrolled).to.equal(roster.entryCount);
  await send(inspector, sdk.fileObjection(d, { rosterId, documentHash: doc("objection") }));
  await send(
    approvers.village,
    sdk.resolveObjection(d, { rosterId, objectionIndex: 0n, upheld: false, resolutionHash: doc("ruling") }),
  );
  // The inspector's objection is dismissed once an inspector concurs.
  await send(inspector, sdk.concurDismissal(d, { rosterId, objectionIndex: 0n }));
  expect((await sdk.read(publicClient, d, "rosterBook", "objectionOf", [rosterId, 0n])).status).to.equal(
    sdk.ObjectionStatus.Dismissed,
  );

  // Approving inside the window is refused before anything is sent.
  const nonceBefore = await publicClient.getTransactionCount({ address: approvers.village.account.address });
  try {
    await send(approvers.village, sdk.approveRoster(d, { rosterId }));
    expect.fail("approved inside the window");
  } catch (error) {
    expect(error).to.be.instanceOf(sdk.ContractRevertError);
    expect((error as sdk.ContractRevertError).errorName).to.equal("RosterUnexpectedState");
  }
  expect(await publicClient.getTransactionCount({ address: approvers.village.account.address })).to.equal(nonceBefore);

  await publicClient.request({ method: "evm_increaseTime", params: [10 * 24 * 3600] } as never);
  await publicClient.request({ method: "evm_mine", params: [] } as never);
  await send(approvers.village, sdk.approveRoster(d, { rosterId }));
  expect(await sdk.getRosterState(publicClient, d, rosterId)).to.equal(4);

  // Frozen village: the typed error comes before sending.
  await send(inspector, sdk.freezeUnit(d, { unit: units.village, documentHash: doc("freeze") }));
  try {
    await send(
      preparers.village,
      sdk.disburse(d, { rosterId, pages: [{ page: roster.pages[0]! }], bankBatchRef: doc("b") }),
    );
    expect.fail("paid from a frozen village");
  } catch (error) {
    expect((error as sdk.ContractRevertError).errorName).to.equal("LedgerUnitFrozen");
  }
  const [villageFreeze] = await sdk.listFreezes(publicClient, d, { inForceOnly: true });
  expect(villageFreeze).to.deep.include({ target: BigInt(units.village), office: inspector.account.address });
  await send(inspector, sdk.liftFreeze(d, { freezeId: villageFreeze!.id, documentHash: doc("lift") }));
  await send(inspector, sdk.freezeFund(d, { fund, documentHash: doc("freeze") }));
  await send(inspector, sdk.liftFreeze(d, { freezeId: villageFreeze!.id + 1n, documentHash: doc("lift") }));
  expect(await sdk.listFreezes(publicClient, d, { inForceOnly: true })).to.deep.equal([]);
  expect((await sdk.listFreezes(publicClient, d)).map((f) => f.liftedBy)).to.deep.equal([
    inspector.account.address,
    inspector.account.address,
  ]);
  await send(
    inspector,
    sdk.recordFinding(d, { target: { kind: "roster", rosterId }, category: 1, documentHash: doc("f") }),
  );

  // Watch while paying in planned batches, each within its gas budget.
  const seen: sdk.FundTraceEvent[] = [];
  const watchFrom = (await publicClient.getBlockNumber({ cacheTime: 0 })) + 1n;
  const unwatch = sdk.watchEvents(publicClient, d, (events) => seen.push(...events), {
    pollingInterval: 100,
    fromBlock: watchFrom,
  });
  const budget = 1_000_000n;
  const due = await sdk.readDueParts(publicClient, d, rosterId, roster, "disburse");
  expect(due.map((p) => p.households)).to.deep.equal([256, 256, 88]);
  // One page fits the budget; a bank file takes at most 200 households, so full pages are split.
  const batches = sdk.planBatches(due, { gasBudget: budget, maxHouseholds: 200 });
  expect(batches.map((b) => b.map((p) => p.households))).to.deep.equal([[200], [56], [200], [56], [88]]);
  let paid = 0;
  for (const [i, batch] of batches.entries()) {
    const call = sdk.payBatch(d, { kind: "disburse", rosterId, batch, bankBatchRef: doc(`bank-${i}`) });
    const estimate = await publicClient.estimateGas({
      account: preparers.village.account,
      to: call.to,
      data: call.data,
      gasPrice: 0n,
    });
    expect(estimate <= budget, `batch ${i} estimated ${estimate}`).to.equal(true);
    const sent = await send(preparers.village, call);
    paid += sent.events.filter((e) => e.eventName === "HouseholdPaid").length;
  }
  expect(paid).to.equal(600);

  // Failures and a re-issue
  await send(
    preparers.village,
    sdk.recordFailedPayments(d, {
      rosterId,
      failures: [{ page: roster.pages[1]!, slots: [3], reasons: [doc("CARD_CLOSED")] }],
    }),
  );
  expect(await sdk.getEntryStatus(publicClient, d, rosterId, 259n)).to.equal(2);
  const again = await send(
    preparers.village,
    sdk.reissue(d, { rosterId, pages: [{ page: roster.pages[1]! }], bankBatchRef: doc("bank-r") }),
  );
  expect(again.events.filter((e) => e.eventName === "PaymentReissued").length).to.equal(1);

  // Balances and events filtered by indexed fields. Entry 259 (page 1, slot 3) is whoever sorts there by pseudonym.
  const total = roster.total;
  const failedEntry = roster.pages[1]!.entries[3]!;
  expect((await sdk.getAccount(publicClient, d, fund, units.village)).paid).to.equal(total + failedEntry.amount);
  expect(await sdk.getBalance(publicClient, d, fund, sdk.householdsAddress(units.village))).to.equal(total);
  const household = failedEntry.household;
  const history = await sdk.getContractEvents(publicClient, d, "rosterBook", "HouseholdPaid", {
    args: { household },
    chunkSize: 7n,
  });
  expect(history.map((e) => [e.args.entry, e.args.amount])).to.deep.equal([[259n, failedEntry.amount]]);
  const reissued = await sdk.getEvents(publicClient, d, {
    contract: "rosterBook",
    eventName: "PaymentReissued",
    args: { household },
  });
  expect(reissued.filter(sdk.isEvent("PaymentReissued")).map((e) => e.args.entry)).to.deep.equal([259n]);
  const moved = await sdk.getEvents(publicClient, d, {
    contract: "ledger",
    eventName: "FundsMoved",
    args: { fund, to: units.village },
  });
  expect(moved.length).to.be.greaterThan(0);
  await new Promise((r) => setTimeout(r, 500));
  unwatch();
  expect(seen.filter((e) => e.eventName === "HouseholdPaid").length).to.equal(600);

  // Back-to-back sends from one key, none waiting for the one before to be mined, take consecutive nonces.
  // (Each is submitted before the next: an automining node refuses a nonce that arrives ahead of its predecessor.)
  const firstNonce = await publicClient.getTransactionCount({
    address: preparers.village.account.address,
    blockTag: "pending",
  });
  const sent: sdk.SentCall[] = [];
  for (let i = 0; i < 8; i++) {
    const call = sdk.publishRoster(d, {
      fund,
      village: units.village,
      roster: sdk.buildRoster([{ household: doc(`x${i}`), amount: 1n }]),
      noticeHash: doc("n"),
    });
    sent.push(
      await sdk.sendCall(preparers.village, call, { publicClient, deployment: d, skipSimulation: true, wait: false }),
    );
  }
  const receipts = await Promise.all(sent.map((x) => publicClient.waitForTransactionReceipt({ hash: x.hash })));
  expect(receipts.map((r) => r.status)).to.deep.equal(Array(8).fill("success"));
  const nonces = await Promise.all(sent.map(async (x) => (await publicClient.getTransaction({ hash: x.hash })).nonce));
  expect(nonces).to.deep.equal(Array.from({ length: 8 }, (_, i) => firstNonce + i));
  const last = sdk.decodeEvents(d, receipts.at(-1)!.logs).find(sdk.isEvent("RosterPublished"))!.args.rosterId;
  await send(preparers.village, sdk.withdrawRoster(d, { rosterId: last, reasonHash: doc("w") }));

  // The council that governs from here on.
  const g = await sdk.withGovernance(publicClient, d);
  if (!sdk.isGoverned(g)) expect.fail("the registry names no governance after the hand-over");
  expect(g.governance).to.equal(governanceAddress);
  const state = (await sdk.readGovernance(publicClient, d))!;
  expect([state.threshold, state.delay, state.guardians]).to.deep.equal([
    2,
    sdk.DEFAULT_GOVERNANCE_DELAY,
    [guardian.account.address],
  ]);
  const sendG = (w: WalletClient<Transport, Chain, Account>, call: sdk.ContractCall) =>
    sdk.sendCall(w, call, { publicClient, deployment: g });

  // A guardian pauses at once; resuming (and any role change) is a council decision after the delay.
  await sendG(guardian, sdk.pause(g));
  try {
    await send(preparers.village, sdk.withdrawRoster(d, { rosterId: last - 1n, reasonHash: doc("w") }));
    expect.fail("wrote while paused");
  } catch (error) {
    expect((error as sdk.ContractRevertError).errorName).to.equal("RosterPaused");
  }
  const resume = [sdk.unpause(g), sdk.revokeRole(g, { role: INSPECTOR, account: inspector.account.address })];
  expect(resume.map(sdk.isAdministrative)).to.deep.equal([true, true]);
  const governed = await sendG(council[0], sdk.proposeGovernance(g, { calls: resume, description: "resume" }));
  const id = governed.events.find((e) => e.eventName === "GovernanceProposed")!.args.proposalId;
  await sendG(council[1], sdk.approveGovernance(g, { proposalId: id }));
  const scheduled = await sdk.readGovernanceProposal(publicClient, g, id);
  expect(scheduled.statusName).to.equal("Scheduled");
  expect(scheduled.calls.map((c) => c.functionName)).to.deep.equal(["unpause", "revokeRole"]);
  expect(scheduled.approvals).to.deep.equal([council[0].account.address, council[1].account.address]);
  await advanceTime(Number(sdk.DEFAULT_GOVERNANCE_DELAY));
  const executed = await sendG(council[2], sdk.executeGovernance(g, { proposalId: id }));
  expect(executed.events.map((e) => e.eventName)).to.include.members(["DeploymentUnpaused", "RoleRevoked"]);
  expect(await sdk.read(publicClient, d, "registry", "paused", [])).to.equal(false);
  expect((await sdk.listGovernanceProposals(publicClient, g)).map((p) => p.statusName)).to.deep.equal(["Executed"]);

  for (const w of [governor, registrar, inspector, preparers.village, approvers.village, ...council, guardian]) {
    expect(await publicClient.getBalance({ address: w.account.address })).to.equal(0n);
  }
}

describe("sdk actions on the in-process simulated chain, unfunded keys, zero fees", function () {
  this.timeout(300_000);

  it("runs the whole fund flow through SDK actions only", async function () {
    const connection = await network.create();
    const deployed = await deployFundTrace(connection);
    // Governance moves from Hardhat's funded default account to a key holding no ether.
    const governorKey = generatePrivateKey();
    const next = privateKeyToAccount(governorKey).address;
    const [deployer] = await connection.ethers.getSigners();
    const registry = deployed.registry.connect(deployer);
    for (const role of [await registry.DEFAULT_ADMIN_ROLE(), await registry.PAUSER_ROLE()]) {
      await (await registry.grantRole(role, next)).wait();
    }
    for (const role of [await registry.PAUSER_ROLE(), await registry.DEFAULT_ADMIN_ROLE()]) {
      await (await registry.renounceRole(role, deployer!.address)).wait();
    }
    expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), deployer!.address)).to.equal(false);
    await runFlow({
      transport: custom(connection.provider),
      governorKey,
      addresses: {
        UnitRegistry: (await deployed.registry.getAddress()) as Address,
        FundLedger: (await deployed.ledger.getAddress()) as Address,
        RosterBook: (await deployed.rosterBook.getAddress()) as Address,
      },
    });
  });
});

describe("sdk actions over JSON-RPC, unfunded keys, zero fees", function () {
  this.timeout(300_000);
  const node = useNode("sdk");
  const deploymentId = node.deploymentId;

  it("runs the whole fund flow through SDK actions only", async function () {
    const governorKey = generatePrivateKey();
    const addresses = await deployOverRpc(node.url, governorKey, deploymentId);
    await runFlow({ transport: http(node.url), governorKey, addresses });
  });
});
