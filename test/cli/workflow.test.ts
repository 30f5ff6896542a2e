/**
 * A finance bureau's whole workflow with the `fundtrace` binary against a
 * separately started node: deploy, units from a CSV, officers, approval
 * policy, a fund, allocations with rejection and cancellation, a roster from
 * a GBK spreadsheet, the window, an objection, approval, payment, bank
 * failures, re-issue, return, reclaim, freeze and finding; and every kind of
 * bad input refused with its stable code and exit code, sending nothing.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import iconv from "iconv-lite";

import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";

import { chinaDateText, formatYuan, parseYuan } from "@fundtrace/sdk";
import { handOverArgs } from "../../scripts/demo/council.ts";
import { households, random, rosterCsv } from "../../scripts/demo/households.ts";
import { centralTransferArgs } from "../../scripts/lib/fund-args.ts";
import { Workspace } from "../helpers/cli.ts";
import { useNode } from "../helpers/processes.ts";

const PROVINCE = "520000000000";
const CITY = "520100000000";
const COUNTY = "520121000000";
const TOWNSHIP = "520121101000";
const VILLAGE = "520121101200";
const VILLAGE_2 = "520121101202";
const UNITS = [PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE, VILLAGE_2];
const HOUSEHOLDS = 600;

describe("fundtrace workflow against a node", function () {
  this.timeout(600_000);
  const node = useNode("cli-workflow");
  let ws: Workspace;
  const deploymentId = `test-cli-workflow-${process.pid}`;
  const rows = households(HOUSEHOLDS, "520121", random(99));
  const rosterTotal = rows.reduce((n, h) => n + parseYuan(h.amount), 0n);
  const villageAmount = rosterTotal + 100_000n; // 1,000.00 yuan headroom
  let recordFile: string;

  before(async function () {
    ws = new Workspace(node.url);
    await ws.init(["governor", "inspector", "appr2-province", ...UNITS.flatMap((u) => [`prep-${u}`, `appr-${u}`])]);
  });

  after(function () {
    rmSync(join("ignition", "deployments", deploymentId), { recursive: true, force: true });
    for (const module of ["FundTrace", "Governance"])
      rmSync(join("ignition", "deployments", `${deploymentId}.${module}.parameters.json`), { force: true });
  });

  it("deploys through Ignition from a keystore account and records the deployment", async function () {
    const dry = await ws.run(["deploy", ...ws.as("governor"), "--deployment-id", deploymentId, "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(existsSync(join("ignition", "deployments", deploymentId))).to.equal(false);
    const deployed = await ws.send<{ registry: string; deploymentBlock: string }>([
      "deploy",
      ...ws.as("governor"),
      "--deployment-id",
      deploymentId,
      "--announcement-days",
      "10",
    ]);
    expect(deployed.registry).to.match(/^0x[0-9a-fA-F]{40}$/);
    const shown = await ws.run(["network", "show", "--json"]);
    expect((shown.envelope!.data as { deployment: { registry: string } }).deployment.registry).to.equal(
      deployed.registry,
    );
    // The key went to Hardhat through the environment: it is in no file the deployment wrote.
    const journal = readFileSync(join("ignition", "deployments", deploymentId, "journal.jsonl"), "utf8");
    expect(journal).to.not.include(ws.keys.get("governor")!.slice(2));
    await ws.send(["roles", "grant", "registrar", ws.address("governor"), ...ws.as("governor")]);
    await ws.send(["roles", "grant", "inspector", ws.address("inspector"), ...ws.as("governor")]);
  });

  it("registers units from a CSV of codes, parents first, and skips registered ones on a re-run", async function () {
    const bad = ws.file("units-bad.csv", `代码,名称\r\n${VILLAGE},村\r\n52010100000,错\r\n${VILLAGE},重复\r\n`);
    const refused = await ws.refused(
      ["units", "register", "--csv", bad, ...ws.as("governor")],
      "ROWS_INVALID",
      3,
      "governor",
    );
    expect((refused.details.problems as { line: number; code: string }[]).map((p) => [p.line, p.code])).to.deep.equal([
      [3, "DIVISION_CODE_INVALID"],
      [4, "DUPLICATE_UNIT"],
    ]);
    const orphan = ws.file("units-orphan.csv", `code\n${VILLAGE}\n`);
    const noParent = await ws.refused(
      ["units", "register", "--csv", orphan, ...ws.as("governor")],
      "ROWS_INVALID",
      3,
      "governor",
    );
    expect((noParent.details.problems as { code: string }[])[0]!.code).to.equal("PARENT_UNKNOWN");

    // Children before parents in the file: registered parents first all the same.
    const sheet = ws.file("units.csv", `代码,名称\r\n${[...UNITS].reverse().join("\r\n")}\r\n`);
    const first = await ws.send<{ registered: number; skipped: number }>([
      "units",
      "register",
      "--csv",
      sheet,
      ...ws.as("governor"),
    ]);
    expect(first).to.deep.include({ registered: 6, skipped: 0 });
    const again = await ws.send<{ registered: number; skipped: number }>([
      "units",
      "register",
      "--csv",
      sheet,
      ...ws.as("governor"),
    ]);
    expect(again).to.deep.include({ registered: 0, skipped: 6 });

    for (const unit of UNITS) {
      await ws.send(["officers", "add", unit, "preparer", ws.address(`prep-${unit}`), ...ws.as("governor")]);
      await ws.send(["officers", "add", unit, "approver", ws.address(`appr-${unit}`), ...ws.as("governor")]);
    }
    // Two approvals above 10 million yuan at the province (the fund stays below): refused while the province
    // has one approver, accepted with two.
    const tiered = ["units", "policy", PROVINCE, "--approvals", "1", "--tier", "10,000,000:2", ...ws.as("governor")];
    const unreachable = await ws.refused(tiered, "CONTRACT_REFUSED", 6, "governor");
    expect(unreachable.details).to.deep.include({ contractError: "RegistryInvalidThreshold" });
    await ws.send(["officers", "add", PROVINCE, "approver", ws.address("appr2-province"), ...ws.as("governor")]);
    const policy = await ws.send([
      "units",
      "policy",
      PROVINCE,
      "--approvals",
      "1",
      "--tier",
      "10,000,000:2",
      ...ws.as("governor"),
    ]);
    expect(policy.events.map((e) => e.eventName)).to.deep.equal(["ApprovalPolicySet"]);
    await ws.refused(
      ["units", "policy", PROVINCE, "--approvals", "1", "--tier", "10,000,000.001:2", ...ws.as("governor")],
      "AMOUNT_INVALID",
      3,
      "governor",
    );
    // Funds wait for the hand-over: refused while the governor alone administers, accepted after it.
    const budget = ws.file("budget.txt", "budget approval");
    const early = ["fund", "propose", "--unit", PROVINCE, "--document-number", "WF-0", "--year", "2026"];
    const ungoverned = await ws.refused(
      [...early, ...centralTransferArgs(), "--amount", "1.00", "--document", budget, ...ws.as(`prep-${PROVINCE}`)],
      "CONTRACT_REFUSED",
      6,
      `prep-${PROVINCE}`,
    );
    expect(ungoverned.details).to.deep.include({ contractError: "LedgerNotGoverned" });
    const council = [0, 1, 2].map(() => privateKeyToAddress(generatePrivateKey()));
    const guardian = privateKeyToAddress(generatePrivateKey());
    await ws.send([...handOverArgs(council, [guardian]), ...ws.as("governor")]);
  });

  it("creates a fund and allocates it down with maker-checker approval, rejection and cancellation", async function () {
    const budget = ws.file("budget.txt", "budget approval");
    await ws.send([
      "fund",
      "propose",
      "--unit",
      PROVINCE,
      "--document-number",
      "WF-1",
      "--year",
      "2026",
      ...centralTransferArgs(),
      "--amount",
      formatYuan(villageAmount * 2n),
      "--document",
      budget,
      ...ws.as(`prep-${PROVINCE}`),
    ]);
    await ws.send(["proposals", "approve", "1", ...ws.as(`appr-${PROVINCE}`)]);

    const doc = ws.file("allocation.txt", "allocation document");
    const total = formatYuan(villageAmount * 2n);
    // Proposal 2: rejected by the approver; proposal 3: cancelled by its proposer; proposal 4: approved.
    await ws.send(["allocate", "1", PROVINCE, CITY, total, "--document", doc, ...ws.as(`prep-${PROVINCE}`)]);
    const pending = await ws.run(["proposals", "list", "--json"]);
    expect((pending.envelope!.data as { id: string; status: string }[]).map((p) => [p.id, p.status])).to.deep.equal([
      ["2", "pending"],
    ]);
    await ws.refused(
      ["proposals", "reject", "2", "--reason", doc, ...ws.as(`prep-${PROVINCE}`)],
      "CONTRACT_REFUSED",
      6,
      `prep-${PROVINCE}`,
    );
    await ws.send([
      "proposals",
      "reject",
      "2",
      "--reason",
      ws.file("reason.txt", "wrong amount"),
      ...ws.as(`appr-${PROVINCE}`),
    ]);
    await ws.send(["allocate", "1", PROVINCE, CITY, total, "--document", doc, ...ws.as(`prep-${PROVINCE}`)]);
    await ws.send(["proposals", "cancel", "3", ...ws.as(`prep-${PROVINCE}`)]);
    await ws.send(["allocate", "1", PROVINCE, CITY, total, "--document", doc, ...ws.as(`prep-${PROVINCE}`)]);
    await ws.send(["proposals", "approve", "4", ...ws.as(`appr-${PROVINCE}`)]);
    const all = await ws.run(["proposals", "list", "--all", "--json"]);
    expect((all.envelope!.data as { id: string; status: string }[]).map((p) => [p.id, p.status])).to.deep.equal([
      ["4", "executed"],
      ["3", "cancelled"],
      ["2", "rejected"],
      ["1", "executed"],
    ]);
    // Not a child of the province: refused by the contracts, nothing sent.
    const skip = await ws.refused(
      ["allocate", "1", PROVINCE, COUNTY, "1.00", "--document", doc, ...ws.as(`prep-${PROVINCE}`)],
      "CONTRACT_REFUSED",
      6,
      `prep-${PROVINCE}`,
    );
    expect(skip.details.contractError).to.be.a("string");

    let proposal = 4;
    for (const [from, to, amount] of [
      [CITY, COUNTY, villageAmount * 2n],
      [COUNTY, TOWNSHIP, villageAmount * 2n],
      [TOWNSHIP, VILLAGE, villageAmount],
      [TOWNSHIP, VILLAGE_2, villageAmount],
    ] as const) {
      await ws.send(["allocate", "1", from, to, formatYuan(amount), "--document", doc, ...ws.as(`prep-${from}`)]);
      await ws.send(["proposals", "approve", String(++proposal), ...ws.as(`appr-${from}`)]);
    }
  });

  it("refuses bad roster sheets and a wrong key password with their codes, writing and sending nothing", async function () {
    await ws.run(["pseudonym-key", "create", "bureau", "--password-file", ws.passwordFile, "--scrypt-n", "1024"]);
    const out = join(ws.dir, "rosters");
    const publish = (csv: string, extra: string[] = []) => [
      "roster",
      "publish",
      "--fund",
      "1",
      "--village",
      VILLAGE,
      "--csv",
      csv,
      "--out",
      out,
      "--key-password-file",
      ws.passwordFile,
      ...extra,
      ...ws.as(`prep-${VILLAGE}`),
    ];
    const good = rosterCsv(VILLAGE, rows.slice(0, 3), "0").replace(/合计.*\r\n/, "");
    const lines = good.trim().split("\r\n");
    const withRow = (row: string) => `${[...lines, row].join("\r\n")}\r\n`;
    const id = rows[0]!.residentId;
    const badDigit = `${id.slice(0, 17)}${id[17] === "1" ? "2" : "1"}`;
    const cases: [string, string | Uint8Array, string[], string, number, string?][] = [
      ["malformed CSV", withRow(`"王五,${rows[3]!.residentId},${VILLAGE},,100`), [], "CSV_MALFORMED", 3],
      ["GBK read as UTF-8", iconv.encode(good, "gbk"), ["--encoding", "utf8"], "FILE_ENCODING_INVALID", 3],
      ["bad check digit", withRow(`王五,${badDigit},${VILLAGE},,100`), [], "ROWS_INVALID", 3, "RESIDENT_ID_INVALID"],
      ["duplicate household", withRow(`王五,${id},${VILLAGE},,100`), [], "ROWS_INVALID", 3, "DUPLICATE_HOUSEHOLD"],
      [
        "float amount",
        withRow(`王五,${rows[3]!.residentId},${VILLAGE},,1.5e2`),
        [],
        "ROWS_INVALID",
        3,
        "AMOUNT_INVALID",
      ],
      [
        "negative amount",
        withRow(`王五,${rows[3]!.residentId},${VILLAGE},,-100.00`),
        [],
        "ROWS_INVALID",
        3,
        "AMOUNT_INVALID",
      ],
      [
        "three decimals",
        withRow(`王五,${rows[3]!.residentId},${VILLAGE},,100.001`),
        [],
        "ROWS_INVALID",
        3,
        "AMOUNT_INVALID",
      ],
    ];
    for (const [label, content, extra, code, exit, rowCode] of cases) {
      const csv = ws.file(`bad-${label.replaceAll(" ", "-")}.csv`, content);
      const error = await ws.refused(publish(csv, extra), code, exit, `prep-${VILLAGE}`);
      if (rowCode !== undefined) {
        const problems = error.details.problems as { file: string; line: number; field: string; code: string }[];
        expect(
          problems.map((p) => [p.line, p.code]),
          label,
        ).to.deep.equal([[5, rowCode]]);
        expect(problems[0]!.file).to.equal(csv);
      }
    }
    expect(existsSync(out), "no notice or record written for a refused sheet").to.equal(false);

    const csv = ws.file("roster.csv", iconv.encode(rosterCsv(VILLAGE, rows, formatYuan(rosterTotal)), "gb18030"));
    const wrongPassword = ws.file("wrong-password", "not-it");
    const { chmodSync } = await import("node:fs");
    chmodSync(wrongPassword, 0o600);
    await ws.refused(
      [
        "roster",
        "publish",
        "--fund",
        "1",
        "--village",
        VILLAGE,
        "--csv",
        csv,
        "--out",
        out,
        "--key-password-file",
        wrongPassword,
        ...ws.as(`prep-${VILLAGE}`),
      ],
      "KEYSTORE_WRONG_PASSWORD",
      5,
      `prep-${VILLAGE}`,
    );
    await ws.refused(
      [
        "roster",
        "publish",
        "--fund",
        "1",
        "--village",
        VILLAGE,
        "--csv",
        csv,
        "--out",
        out,
        "--key-password-file",
        ws.passwordFile,
        "--from",
        `prep-${VILLAGE}`,
        "--password-file",
        wrongPassword,
      ],
      "KEYSTORE_WRONG_PASSWORD",
      5,
      `prep-${VILLAGE}`,
    );
    await ws.refused(publish(csv, ["--network", "mainnet"]), "UNKNOWN_NETWORK", 4);

    const published = await ws.send<{ rosterId: string; households: number; notice: string; record: string }>(
      publish(csv),
    );
    expect(published).to.deep.include({ rosterId: "1", households: HOUSEHOLDS });
    recordFile = published.record;
    const notice = readFileSync(published.notice, "utf8");
    expect(notice.split("\r\n").filter((l) => l !== "")).to.have.length(HOUSEHOLDS + 2);
    expect(notice).to.include(rows[0]!.name).and.not.include(rows[0]!.residentId);
    const record = readFileSync(recordFile, "utf8");
    for (const h of rows.slice(0, 50)) expect(record).to.not.include(h.residentId).and.not.include(h.name);
    expect(readdirSync(out).sort()).to.deep.equal([`notice-${VILLAGE}-fund1.csv`, `roster-${VILLAGE}-fund1.json`]);
    const shown = await ws.run(["roster", "show", "1", "--json"]);
    expect((shown.envelope!.data as { enrolled: number }).enrolled).to.equal(HOUSEHOLDS);

    // Review finding: the same sheet published twice gave two payable rosters. Now refused before anything is sent.
    const again = publish(csv).map((arg) => (arg === out ? join(ws.dir, "second") : arg));
    const twice = await ws.refused(again, "HOUSEHOLD_ON_ANOTHER_ROSTER", 3, `prep-${VILLAGE}`);
    expect(twice.message).to.include(`${csv}:2: the household is on roster 1 of fund 1 already`);
    expect(existsSync(join(ws.dir, "second")), "nothing written").to.equal(false);
  });

  it("keeps a roster in its window unpaid, handles an objection, then approves after the window", async function () {
    const pay = ["disburse", "--roster-file", recordFile, "--bank-ref", "BANK-1", ...ws.as(`prep-${VILLAGE}`)];
    const inWindow = await ws.refused(pay, "CONTRACT_REFUSED", 6, `prep-${VILLAGE}`);
    expect(inWindow.details.contractError).to.equal("RosterUnexpectedState");
    await ws.send([
      "roster",
      "object",
      "1",
      "--document",
      ws.file("objection.txt", "a resident objects"),
      ...ws.as("inspector"),
    ]);
    await ws.rpc("evm_increaseTime", [10 * 86_400 + 1]);
    await ws.rpc("evm_mine", []);
    const shown = await ws.run(["roster", "show", "1", "--json"]);
    expect((shown.envelope!.data as { state: string }).state).to.equal("objected");
    await ws.refused(["roster", "approve", "1", ...ws.as(`appr-${VILLAGE}`)], "CONTRACT_REFUSED", 6, `appr-${VILLAGE}`);
    await ws.refused(
      ["roster", "resolve", "1", "0", "--document", ws.file("r.txt", "x"), ...ws.as(`appr-${VILLAGE}`)],
      "USAGE",
      2,
    );
    await ws.send([
      "roster",
      "resolve",
      "1",
      "0",
      "--dismiss",
      "--document",
      ws.file("resolution.txt", "checked"),
      ...ws.as(`appr-${VILLAGE}`),
    ]);
    // An inspector's objection: the approver's dismissal waits for an inspector's concurrence.
    const pending = await ws.run(["roster", "show", "1", "--json"]);
    const data = pending.envelope!.data as { state: string; objections: { status: string; byInspector: boolean }[] };
    expect(data.state).to.equal("objected");
    expect(data.objections[0]).to.include({ status: "dismissal proposed, awaiting an inspector", byInspector: true });
    await ws.refused(["roster", "approve", "1", ...ws.as(`appr-${VILLAGE}`)], "CONTRACT_REFUSED", 6, `appr-${VILLAGE}`);
    await ws.send(["roster", "concur", "1", "0", ...ws.as("inspector")]);
    await ws.refused(["roster", "approve", "1", ...ws.as(`prep-${VILLAGE}`)], "CONTRACT_REFUSED", 6, `prep-${VILLAGE}`);
    await ws.send(["roster", "approve", "1", ...ws.as(`appr-${VILLAGE}`)]);
  });

  it("pays every household once, records bank failures, re-issues, returns, reclaims; a frozen unit moves nothing", async function () {
    const pay = [
      "disburse",
      "--roster-file",
      recordFile,
      "--bank-ref",
      "BANK-1",
      "--households-per-tx",
      "200",
      ...ws.as(`prep-${VILLAGE}`),
    ];
    const dry = await ws.run([...pay, "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.envelope!.data).to.deep.include({ dryRun: true, remaining: HOUSEHOLDS, households: 0 });
    expect(dry.stderr).to.include(`${HOUSEHOLDS} household(s) due of ${HOUSEHOLDS}: ${formatYuan(rosterTotal)} yuan`);
    expect(dry.stderr).to.include("3 transaction(s)");

    const paid = await ws.send<{ households: number; amount: string; transactions: string[] }>(pay);
    expect(paid).to.deep.include({ households: HOUSEHOLDS, amount: rosterTotal.toString() });
    expect(paid.transactions).to.have.length(3);
    const again = await ws.send<{ households: number; transactions: string[]; remaining: number }>(pay);
    expect(again).to.deep.include({ households: 0, remaining: 0, transactions: [] });

    // Bank results: three failures; an unknown household in another file is refused first.
    const failedRows = new Set([5, 250, 599]);
    const results = [
      "身份证号,金额,状态,失败原因",
      ...rows.map((h, i) => `${h.residentId},"${h.amount}",${failedRows.has(i) ? "失败,卡已注销" : "成功,"}`),
    ];
    const stranger = households(1, "520121", random(12345))[0]!;
    const badBank = ws.file("bank-bad.csv", `${results.join("\r\n")}\r\n${stranger.residentId},100,成功,\r\n`);
    const unknown = await ws.refused(
      [
        "bank",
        "import",
        "--roster-file",
        recordFile,
        "--results",
        badBank,
        "--key-password-file",
        ws.passwordFile,
        ...ws.as(`prep-${VILLAGE}`),
      ],
      "ROWS_INVALID",
      3,
      `prep-${VILLAGE}`,
    );
    expect((unknown.details.problems as { line: number; code: string }[]).map((p) => [p.line, p.code])).to.deep.equal([
      [HOUSEHOLDS + 2, "NOT_ON_ROSTER"],
    ]);
    const bankFile = ws.file("bank.csv", iconv.encode(`${results.join("\r\n")}\r\n`, "gbk"));
    const importArgs = [
      "bank",
      "import",
      "--roster-file",
      recordFile,
      "--results",
      bankFile,
      "--key-password-file",
      ws.passwordFile,
      ...ws.as(`prep-${VILLAGE}`),
    ];
    const failedAmount = [...failedRows].reduce((n, i) => n + parseYuan(rows[i]!.amount), 0n);
    const imported = await ws.send<{ recorded: number; amount: string; succeeded: number }>(importArgs);
    expect(imported).to.deep.include({ recorded: 3, succeeded: HOUSEHOLDS - 3, amount: failedAmount.toString() });
    const reimported = await ws.send<{ recorded: number; alreadyRecorded: number }>(importArgs);
    expect(reimported).to.deep.include({ recorded: 0, alreadyRecorded: 3 });

    const reissued = await ws.send<{ households: number; amount: string }>([
      "disburse",
      "--reissue",
      "--roster-file",
      recordFile,
      "--bank-ref",
      "BANK-1R",
      ...ws.as(`prep-${VILLAGE}`),
    ]);
    expect(reissued).to.deep.include({ households: 3, amount: failedAmount.toString() });

    // The headroom goes back to the township; the township reclaims VILLAGE_2's allocation.
    const doc = ws.file("return.txt", "unspent");
    await ws.send(["return", "1", VILLAGE, "1,000.00", "--document", doc, ...ws.as(`prep-${VILLAGE}`)]);
    await ws.send(["proposals", "approve", "9", ...ws.as(`appr-${VILLAGE}`)]);
    await ws.send(["reclaim", "1", VILLAGE_2, "500.00", "--document", doc, ...ws.as(`prep-${TOWNSHIP}`)]);
    await ws.send(["proposals", "approve", "10", ...ws.as(`appr-${TOWNSHIP}`)]);

    // Frozen: the village's own money cannot leave it; the inspector cannot move money at all.
    const frozenBy = await ws.send([
      "freeze",
      "unit",
      VILLAGE_2,
      "--document",
      ws.file("freeze.txt", "decision"),
      ...ws.as("inspector"),
    ]);
    const [frozenEvent] = frozenBy.events;
    expect(frozenEvent?.eventName).to.equal("UnitFrozen");
    const freezeId = String(frozenEvent!.args.freezeId);
    const list = await ws.run(["freeze", "list", "--json"]);
    expect(list.envelope!.data).to.have.length(1);
    expect(list.envelope!.data).to.have.nested.property("[0].id", freezeId);
    const frozen = await ws.refused(
      ["return", "1", VILLAGE_2, "1.00", "--document", doc, ...ws.as(`prep-${VILLAGE_2}`)],
      "CONTRACT_REFUSED",
      6,
      `prep-${VILLAGE_2}`,
    );
    expect(frozen.details.contractError).to.equal("LedgerUnitFrozen");
    await ws.refused(
      ["allocate", "1", TOWNSHIP, VILLAGE_2, "1.00", "--document", doc, ...ws.as("inspector")],
      "CONTRACT_REFUSED",
      6,
      "inspector",
    );
    const finding = await ws.send([
      "finding",
      "unit",
      VILLAGE_2,
      "--category",
      "idle-balance",
      "--document",
      ws.file("finding.txt", "idle"),
      ...ws.as("inspector"),
    ]);
    expect(finding.events.map((e) => e.eventName)).to.deep.equal(["FindingRecorded"]);
    // Only the office that froze lifts its freeze (or the council, by proposal).
    const lift = ["unfreeze", freezeId, "--document", ws.file("unfreeze.txt", "cleared")];
    const foreign = await ws.refused(
      [...lift, ...ws.as(`prep-${VILLAGE_2}`)],
      "CONTRACT_REFUSED",
      6,
      `prep-${VILLAGE_2}`,
    );
    expect(foreign.details.contractError).to.equal("LedgerNotFreezingOffice");
    await ws.send([...lift, ...ws.as("inspector")]);
    expect((await ws.run(["freeze", "list", "--json"])).envelope!.data).to.deep.equal([]);

    const tree = await ws.run(["fund", "tree", "1", "--json"]);
    const data = tree.envelope!.data as {
      reconciliation: { balanced: boolean; paidToHouseholds: string; sum: string; amount: string };
    };
    expect(data.reconciliation).to.deep.include({
      balanced: true,
      paidToHouseholds: rosterTotal.toString(),
      amount: (villageAmount * 2n).toString(),
    });
    const human = await ws.run(["fund", "tree", "1"]);
    expect(human.stdout).to.include("balanced to the fen");
    for (const name of ws.keys.keys())
      expect(await ws.client.getBalance({ address: ws.address(name) }), `${name} holds no ether`).to.equal(0n);
  });

  it("reports SDK failures with their own codes, never as internal errors", async function () {
    // An edited roster record: one amount changed, so the entries no longer give the recorded root.
    const record = JSON.parse(readFileSync(recordFile, "utf8")) as { entries: [string, string][] };
    record.entries[0]![1] = String(BigInt(record.entries[0]![1]) + 1n);
    const edited = ws.file("edited-roster.json", JSON.stringify(record));
    const changed = await ws.refused(
      ["disburse", "--roster-file", edited, "--bank-ref", "X", ...ws.as(`prep-${VILLAGE}`)],
      "ROSTER_RECORD_INVALID",
      3,
      `prep-${VILLAGE}`,
    );
    expect(changed.message).to.include("the file was changed");
    record.entries[0]![1] = "-5";
    const broken = await ws.refused(
      [
        "disburse",
        "--roster-file",
        ws.file("broken-roster.json", JSON.stringify(record)),
        "--bank-ref",
        "X",
        ...ws.as(`prep-${VILLAGE}`),
      ],
      "ROSTER_RECORD_INVALID",
      3,
    );
    expect(broken.message).to.include("not a valid roster");
    // An id that is not a number.
    await ws.refused(["fund", "show", "abc"], "USAGE", 2);
    await ws.refused(["proposals", "show", "1x"], "USAGE", 2);
    // A deployment folder that moved away from where the profile points.
    const config = JSON.parse(readFileSync(join(ws.dir, "fundtrace.config.json"), "utf8")) as {
      networks: { local: { deployment: { ignition: string } } };
    };
    config.networks.local.deployment.ignition = `${config.networks.local.deployment.ignition}-moved`;
    const moved = ws.file("moved.config.json", JSON.stringify(config));
    const missing = await ws.refused(["network", "show", "--config", moved], "DEPLOYMENT_NOT_FOUND", 4);
    expect(missing.message).to.include("-moved");
  });

  it("pays a fund in instalments: the same households on as many live rosters as its terms allow, never more", async function () {
    const budget = ws.file("budget-2.txt", "budget approval of a fund paid twice");
    const terms = ["fund", "propose", "--unit", PROVINCE, "--document-number", "WF-2", "--year", "2026"];
    const more = [...terms, ...centralTransferArgs(), "--amount", "100.00", "--document", budget];
    const tooMany = await ws.refused(
      [...more, "--instalments", "13", ...ws.as(`prep-${PROVINCE}`)],
      "FUND_TERMS_INVALID",
      3,
    );
    expect(tooMany.message).to.include("from 1 to 12");
    const proposed = await ws.send([...more, "--instalments", "2", ...ws.as(`prep-${PROVINCE}`)]);
    const proposalOf = (r: typeof proposed) =>
      r.events.find((e) => e.eventName === "ProposalCreated")!.args.proposalId!;
    await ws.send(["proposals", "approve", proposalOf(proposed), ...ws.as(`appr-${PROVINCE}`)]);
    const fund = (await ws.run(["fund", "show", "2", "--json"])).envelope!.data as { instalments: number };
    expect(fund.instalments).to.equal(2);
    expect((await ws.run(["fund", "show", "2"])).stdout).to.include("each household is paid twice at most");
    const doc = ws.file("allocation-2.txt", "allocation of the fund paid twice");
    for (const [from, to] of [
      [PROVINCE, CITY],
      [CITY, COUNTY],
      [COUNTY, TOWNSHIP],
      [TOWNSHIP, VILLAGE],
    ] as const) {
      const moved = await ws.send(["allocate", "2", from, to, "100.00", "--document", doc, ...ws.as(`prep-${from}`)]);
      await ws.send(["proposals", "approve", proposalOf(moved), ...ws.as(`appr-${from}`)]);
    }
    const csv = ws.file("instalment.csv", rosterCsv(VILLAGE, rows.slice(0, 3), "0").replace(/合计.*\r\n/, ""));
    const publish = (out: string) => [
      "roster",
      "publish",
      "--fund",
      "2",
      "--village",
      VILLAGE,
      "--csv",
      csv,
      "--out",
      join(ws.dir, out),
      "--key-password-file",
      ws.passwordFile,
      ...ws.as(`prep-${VILLAGE}`),
    ];
    const first = await ws.send<{ rosterId: string }>(publish("instalment-1"));
    const second = await ws.send<{ rosterId: string }>(publish("instalment-2"));
    const third = await ws.refused(publish("instalment-3"), "HOUSEHOLD_ON_ANOTHER_ROSTER", 3, `prep-${VILLAGE}`);
    expect(third.message).to.include(
      `${csv}:2: the household is on roster ${first.rosterId}, ${second.rosterId} of fund 2`,
    );
    expect(third.message).to.include("(twice)");
    expect(existsSync(join(ws.dir, "instalment-3")), "nothing written").to.equal(false);
  });

  it("creates a county's own fund, shows its terms and finds funds by document number", async function () {
    const budget = ws.file("budget-county.txt", "county budget approved by the county people's congress");
    const approved = chinaDateText(BigInt(Math.floor(Date.now() / 1000)) - 30n * 86_400n);
    const county = (extra: string[]) => [
      "fund",
      "propose",
      "--unit",
      COUNTY,
      "--document-number",
      "修财农[2026]3号",
      "--year",
      "2026",
      "--programme",
      "xianjie",
      "--classification",
      "2130504",
      "--amount",
      "50,000.00",
      "--document",
      budget,
      ...extra,
      ...ws.as(`prep-${COUNTY}`),
    ];
    // Named before sending: a county fund without its budget's approval date, a date in the future, a wrong code.
    const undated = await ws.refused(county(["--source", "county"]), "FUND_TERMS_INVALID", 3, `prep-${COUNTY}`);
    expect(undated.message).to.include("budgetApprovedAt");
    // The node's clock runs ahead of the wall clock here (announcement windows passed): a date surely after it.
    const future = await ws.refused(
      county(["--source", "county", "--approved", "2099-01-01"]),
      "FUND_TERMS_INVALID",
      3,
      `prep-${COUNTY}`,
    );
    expect(future.message).to.include("later than the chain's time");
    const wrongCode = county(["--source", "county", "--approved", approved]).map((a) =>
      a === "2130504" ? "2130501" : a,
    );
    expect((await ws.refused(wrongCode, "FUND_TERMS_INVALID", 3, `prep-${COUNTY}`)).message).to.include(
      "classification",
    );
    // A central transfer enters at the province: refused before sending, naming the unit (the contracts too).
    const central = await ws.refused(county(["--received", approved]), "FUND_TERMS_INVALID", 3, `prep-${COUNTY}`);
    expect(central.message).to.include("a central fund enters at a province");
    expect(central.details).to.deep.include({ field: "unit" });

    const proposed = await ws.send(county(["--source", "county", "--approved", approved]));
    const fund = proposed.events.find((e) => e.eventName === "FundProposed")!.args.fund!;
    const proposal = proposed.events.find((e) => e.eventName === "ProposalCreated")!.args.proposalId!;
    await ws.send(["proposals", "approve", proposal, ...ws.as(`appr-${COUNTY}`)]);
    const shown = await ws.run(["fund", "show", fund]);
    expect(shown.stdout).to.include("document  修财农〔2026〕3号");
    expect(shown.stdout).to.include("classification 2130504");
    expect(shown.stdout).to.include(`budget approved ${approved}`);
    expect(shown.stdout).to.include("county general transfer");
    // Found as typed or as printed; the fund held at the county, nothing above it.
    const found = await ws.run(["fund", "find", "修财农(2026)3号", "--json"]);
    expect((found.envelope!.data as { id: string }[]).map((f) => f.id)).to.deep.equal([fund]);
    expect((await ws.run(["fund", "find", "修财农〔2026〕4号"])).stdout).to.include("no fund has document number");
    const tree = await ws.run(["fund", "tree", fund]);
    expect(tree.stdout).to.include(COUNTY);
    expect(tree.stdout).not.to.include(PROVINCE);

    // 追加 then 调减 under their own documents, each approved by the county's approver.
    const amendDoc = ws.file("county-amendment.txt", "county top-up decision");
    const amend = (flag: string, amount: string, documentNumber: string) => [
      "fund",
      "amend",
      fund,
      flag,
      amount,
      "--document-number",
      documentNumber,
      "--document",
      amendDoc,
      ...ws.as(`prep-${COUNTY}`),
    ];
    await ws.refused(
      ["fund", "amend", fund, "--document-number", "x", "--document", amendDoc, ...ws.as(`prep-${COUNTY}`)],
      "USAGE",
      2,
    );
    for (const [flag, amount, documentNumber] of [
      ["--top-up", "10,000.00", "修财农(2026)9号"],
      ["--cut", "5,000.00", "修财农〔2026〕10号"],
    ] as const) {
      const amended = await ws.send(amend(flag, amount, documentNumber));
      const id = amended.events.find((e) => e.eventName === "ProposalCreated")!.args.proposalId!;
      await ws.send(["proposals", "approve", id, ...ws.as(`appr-${COUNTY}`)]);
    }
    const after = (await ws.run(["fund", "show", fund, "--json"])).envelope!.data as { amount: string };
    expect(after.amount).to.equal(String(5_500_000n));
    const byAmendment = await ws.run(["fund", "find", "修财农〔2026〕9号", "--json"]);
    expect((byAmendment.envelope!.data as { id: string }[]).map((f) => f.id)).to.deep.equal([fund]);
    // More than the county holds cannot be cut.
    const cutTooMuch = await ws.send(amend("--cut", "60,000.00", "修财农〔2026〕11号"));
    const pending = cutTooMuch.events.find((e) => e.eventName === "ProposalCreated")!.args.proposalId!;
    const refused = await ws.refused(
      ["proposals", "approve", pending, ...ws.as(`appr-${COUNTY}`)],
      "CONTRACT_REFUSED",
      6,
      `appr-${COUNTY}`,
    );
    expect(refused.details).to.deep.include({ contractError: "LedgerInsufficientBalance" });
  });

  it("pays a village's roster from the county's balance (县级报账制): the village announces, the county pays", async function () {
    const found = await ws.run(["fund", "find", "修财农〔2026〕3号", "--json"]);
    const fund = (found.envelope!.data as { id: string }[])[0]!.id;
    const csv = ws.file("county-paid.csv", rosterCsv(VILLAGE_2, rows.slice(10, 14), "0").replace(/合计.*\r\n/, ""));
    const out = join(ws.dir, "county-paid");
    const publish = (payer: string) => [
      "roster",
      "publish",
      "--fund",
      fund,
      "--village",
      VILLAGE_2,
      "--payer",
      payer,
      "--csv",
      csv,
      "--out",
      out,
      "--key-password-file",
      ws.passwordFile,
      ...ws.as(`prep-${VILLAGE_2}`),
    ];
    // Above the county, or a unit that is not the village's, is refused before anything is written.
    const byCity = await ws.refused(publish(CITY), "USAGE", 2);
    expect(byCity.message).to.include(`give the village, its township ${TOWNSHIP} or its county ${COUNTY}`);
    expect(existsSync(out), "nothing written").to.equal(false);
    const published = await ws.send<{ rosterId: string; record: string }>(publish(COUNTY));
    const rosterId = published.rosterId;
    const shown = await ws.run(["roster", "show", rosterId]);
    expect(shown.stdout).to.match(new RegExp(`payer +${COUNTY}`));
    await ws.rpc("evm_increaseTime", [10 * 86_400 + 1]);
    await ws.rpc("evm_mine", []);
    await ws.send(["roster", "approve", rosterId, ...ws.as(`appr-${VILLAGE_2}`)]);
    // The county's money leaves only with the county's approval too.
    const early = ["disburse", "--roster-file", published.record, "--bank-ref", "COUNTY-0", ...ws.as(`prep-${COUNTY}`)];
    expect((await ws.refused(early, "CONTRACT_REFUSED", 6, `prep-${COUNTY}`)).details.contractError).to.equal(
      "RosterUnexpectedState",
    );
    expect((await ws.run(["roster", "show", rosterId])).stdout).to.include(
      "1 of 1 by the village, 0 of 1 by the payer",
    );
    await ws.send(["roster", "approve", rosterId, ...ws.as(`appr-${COUNTY}`)]);

    const pay = (who: string) => [
      "disburse",
      "--roster-file",
      published.record,
      "--bank-ref",
      "COUNTY-1",
      ...ws.as(who),
    ];
    const byVillage = await ws.refused(pay(`prep-${VILLAGE_2}`), "CONTRACT_REFUSED", 6, `prep-${VILLAGE_2}`);
    expect(byVillage.details.contractError).to.equal("RegistryNotPreparer");
    const before = (await ws.run(["fund", "tree", fund, "--json"])).envelope!.data as { reconciliation: unknown };
    expect(before).to.have.nested.property("reconciliation.balanced", true);
    const paid = await ws.send<{ households: number; amount: string }>(pay(`prep-${COUNTY}`));
    expect(paid.households).to.equal(4);

    const tree = await ws.run(["fund", "tree", fund]);
    const villageLine = tree.stdout.split("\n").find((l) => l.includes(VILLAGE_2))!;
    expect(villageLine, "the village, holding nothing, its households the roster").to.match(
      new RegExp(`0\\.00 +${formatYuan(BigInt(paid.amount)).replace(/[.]/g, "\\.")}$`),
    );
    expect(tree.stdout).to.include("balanced to the fen");
    // The audit shows both: the village with what its households hold, the county that paid them.
    const trace = await ws.run(["audit", "trace", fund, "--unit", VILLAGE_2]);
    expect(trace.stdout).to.include(`its households hold ${formatYuan(BigInt(paid.amount))}`);
    const record = JSON.parse(readFileSync(published.record, "utf8")) as { entries: [string, string][] };
    const history = await ws.run(["audit", "household", record.entries[0]![0]]);
    expect(history.stdout).to.include(`paid by ${COUNTY}`);
    const reconciled = await ws.run(["audit", "reconcile", fund]);
    expect(reconciled.stdout).to.include("balanced to the fen");
  });
});
