/**
 * `fundtrace audit ...` as an inspector runs it: a separate node process
 * holding the audit scenario (test/helpers/audit-scenario.ts), the CLI as a
 * process with nothing but the node's address and the deployment.
 */
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { network } from "hardhat";

import { type AuditScenario, buildAuditScenario, HOUSEHOLDS, pseudonymOf, residentId, TEST_KEY_HEX } from "../helpers/audit-scenario.ts";
import { Workspace } from "../helpers/cli.ts";
import { useNode } from "../helpers/processes.ts";
import { CODES, deployScenario, type Scenario } from "../helpers/scenario.ts";

type Row = Record<string, string | number | null>;

describe("fundtrace audit", function () {
  this.timeout(300_000);
  const node = useNode("cli-audit");
  let ws: Workspace;
  let s: Scenario;
  let a: AuditScenario;

  before(async function () {
    const connection = await network.create({ network: "startedNode", override: { url: node.url } });
    s = await deployScenario(connection, { deploymentId: node.deploymentId });
    a = await buildAuditScenario(s);
    ws = new Workspace(node.url);
    await ws.init([]);
    const configFile = join(ws.dir, "fundtrace.config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8"));
    config.networks.local.deployment = { registry: a.deployment.registry, ledger: a.deployment.ledger, rosterBook: a.deployment.rosterBook, deploymentBlock: "0" };
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const keyFile = ws.file("bureau.key", TEST_KEY_HEX);
    chmodSync(keyFile, 0o600);
    const r = await ws.run(["pseudonym-key", "import", "bureau", "--key-file", keyFile, "--password-file", ws.passwordFile, "--scrypt-n", "1024"]);
    expect(r.code, r.stderr).to.equal(0);
  });

  it("traces a fund from events, agreeing with the contracts' own tree, and drills into a unit with explorer links", async function () {
    const trace = await ws.run(["audit", "trace", String(a.fundA), "--json"]);
    expect(trace.code, trace.stderr).to.equal(0);
    const data = trace.envelope!.data as { units: Row[]; totals: Row };
    // `fund tree` reads each account through view calls; the audit trace only reads logs.
    const tree = await ws.run(["fund", "tree", String(a.fundA), "--json"]);
    const views = new Map<string, Row>();
    const walk = (n: Row & { children: Row[] }) => {
      views.set(String(n.code), n);
      n.children.forEach((c) => walk(c as Row & { children: Row[] }));
    };
    walk((tree.envelope!.data as { root: Row & { children: Row[] } }).root);
    expect(data.units.map((u) => u.code)).to.deep.equal([...views.keys()]);
    for (const u of data.units) {
      const v = views.get(String(u.code))!;
      expect([u.received, u.allocated, u.balance], `unit ${u.code}`).to.deep.equal([v.received, v.allocated, v.balance]);
    }
    expect(data.units[0]!.averageDwellDays).to.be.within(5, 5.01);
    expect(data.totals).to.deep.equal({ paid: "800", failed: "200", reissued: "200", held: "9400", paidNet: "600" });

    const human = await ws.run(["audit", "trace", String(a.fundA)]);
    expect(human.stdout).to.include(`fund ${a.fundA}: 100.00 yuan, 2026, category 1, central general transfer`);
    expect(human.stdout).to.match(new RegExp(`\\n\\s{8}${CODES.village} village\\s+60\\.00\\s+0\\.00\\s+6\\.00\\s+2\\.00\\s+0\\.00\\s+54\\.00`));

    const unit = await ws.run(["audit", "trace", String(a.fundA), "--unit", String(CODES.village), "--explorer-url", "https://scan.example/tx/{tx}", "--json"]);
    const u = unit.envelope!.data as { unit: Row; movements: { kind: string; amount: string; link: string; transactionHash: string }[] };
    expect(u.unit.balance).to.equal("5400");
    expect(u.movements.map((m) => [m.kind, m.amount])).to.deep.equal([
      ["allocation", "6000"],
      ["disbursement", "600"],
      ["failure", "200"],
      ["disbursement", "200"],
    ]);
    for (const m of u.movements) expect(m.link).to.equal(`https://scan.example/tx/${m.transactionHash}`);
    const unknown = await ws.run(["audit", "trace", String(a.fundA), "--unit", String(CODES.village2), "--json"]);
    expect([unknown.code, unknown.envelope!.errors[0]!.message]).to.deep.equal([2, `unit ${CODES.village2} never held money of fund ${a.fundA} up to block ${(unit.envelope!.data as { toBlock: string }).toBlock}`]);
  });

  it("gives the same figures read in 3-block chunks, two at a time, as in one request", async function () {
    const whole = await ws.run(["audit", "reconcile", String(a.fundA), "--json"]);
    const head = (whole.envelope!.data as { toBlock: string }).toBlock;
    const chunked = await ws.run(["audit", "reconcile", String(a.fundA), "--json", "--chunk-size", "3", "--concurrency", "2", "--to-block", head]);
    expect(chunked.envelope!.data).to.deep.equal(whole.envelope!.data);
    expect((whole.envelope!.data as { balanced: boolean }).balanced).to.equal(true);
  });

  it("reconciles with the contracts and with a bank file, and lists every planted difference by line", async function () {
    const bank = (rows: string[]) => ws.file(`bank-${rows.length}-${Date.now()}.csv`, ["身份证号,金额,状态", ...rows].join("\r\n"));
    const exact = bank([`${HOUSEHOLDS.one},1.00,成功`, `${HOUSEHOLDS.two},2.00,失败`, `${HOUSEHOLDS.three},3.00,成功`, `${HOUSEHOLDS.two},2.00,成功`]);
    const ok = await ws.run(["audit", "reconcile", String(a.fundA), "--bank", exact, "--key-password-file", ws.passwordFile]);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.match(/with the contracts: 44 figure\(s\) compared, 0 difference\(s\), balanced to the fen/);
    expect(ok.stdout).to.include("4 record(s), 4 on-chain payment(s), 4 matched");
    expect(ok.stdout.trim().split("\n").at(-1)).to.equal("RECONCILED");

    const ghost = residentId(99);
    const planted = bank([`${HOUSEHOLDS.one},10.00,成功`, `${HOUSEHOLDS.two},2.00,失败`, `${HOUSEHOLDS.two},2.00,成功`, `${ghost},3.00,成功`]);
    const r = await ws.run(["audit", "reconcile", String(a.fundA), "--bank", planted, "--key-password-file", ws.passwordFile, "--json"]);
    const result = r.envelope!.data as { balanced: boolean; bank: { differences: { kind: string; household: string; bank?: { line: number } }[] } };
    expect(result.balanced).to.equal(false);
    expect(result.bank.differences.map((d) => [d.kind, d.household, d.bank?.line ?? null])).to.deep.equal([
      ["amount-mismatch", pseudonymOf(HOUSEHOLDS.one), 2],
      ["no-chain-payment", pseudonymOf(ghost), 5],
      ["no-bank-record", pseudonymOf(HOUSEHOLDS.three), null],
    ]);
    const human = await ws.run(["audit", "reconcile", String(a.fundA), "--bank", planted, "--key-password-file", ws.passwordFile]);
    expect(human.stdout).to.include("amounts differ");
    expect(human.stdout.trim().split("\n").at(-1)).to.equal("NOT RECONCILED");

    // A bad bank file is refused whole, naming line and field, before anything is read from the chain.
    const bad = bank([`${HOUSEHOLDS.one},1.00,成功`, "520102197001011234,abc,成功", `${HOUSEHOLDS.three},3.00,maybe`]);
    const refused = await ws.refused(["audit", "reconcile", String(a.fundA), "--bank", bad, "--key-password-file", ws.passwordFile], "ROWS_INVALID", 3);
    expect((refused.details.problems as { line: number; field: string; code: string }[]).map((p) => [p.line, p.field, p.code])).to.deep.equal([
      [3, "residentId", "RESIDENT_ID_INVALID"],
      [3, "amount", "AMOUNT_INVALID"],
      [4, "status", "STATUS_INVALID"],
    ]);
  });

  it("lists one household's payments across funds and villages, by pseudonym or by resident ID from stdin", async function () {
    const byId = await ws.run(["audit", "household", "--resident-id", "-", "--key-password-file", ws.passwordFile, "--json"], {}, `${HOUSEHOLDS.one}\n`);
    expect(byId.code, byId.stderr).to.equal(0);
    const data = byId.envelope!.data as { household: string; net: string; funds: string[]; villages: string[]; payments: Row[] };
    expect([data.household, data.net, data.funds, data.villages]).to.deep.equal([pseudonymOf(HOUSEHOLDS.one), "800", [String(a.fundA), String(a.fundB)], [s.units.village, s.units.village2]]);
    expect(byId.stdout + byId.stderr).to.not.include(HOUSEHOLDS.one);
    const byPseudonym = await ws.run(["audit", "household", pseudonymOf(HOUSEHOLDS.two)]);
    expect(byPseudonym.stdout).to.include("3 record(s), 2.00 yuan received in all, from 1 fund(s) in 1 village(s)");
    await ws.refused(["audit", "household", "0x1234"], "USAGE", 2);
  });

  it("checks the funds against the audit rules and lists each finding with its evidence", async function () {
    const r = await ws.run(["audit", "anomalies", "--json"]);
    expect(r.code, r.stderr).to.equal(0);
    type F = { rule: string; severity: string; units: string[]; evidence: { transactionHash?: string; household?: string }[] };
    const findings = (r.envelope!.data as { findings: F[] }).findings;
    // Household "one" is paid in both villages; every roster here was approved by one village officer alone.
    expect(findings.map((f) => f.rule).sort()).to.deep.equal(["household-in-two-villages", "sole-approver-own-roster", "sole-approver-own-roster"]);
    const moved = findings.find((f) => f.rule === "household-in-two-villages")!;
    expect([moved.severity, moved.evidence.map((e) => e.household)]).to.deep.equal(["high", [pseudonymOf(HOUSEHOLDS.one), pseudonymOf(HOUSEHOLDS.one)]]);
    for (const e of moved.evidence) expect(e.transactionHash).to.match(/^0x[0-9a-f]{64}$/);

    // A shorter idle period makes the township's 40.00 yuan of fund A idle; the rules are the inspector's to set.
    const idle = await ws.run(["audit", "anomalies", "--fund", String(a.fundA), "--rule", "idleDays=15", "--explorer-url", "https://scan.example/tx/{tx}"]);
    expect(idle.code, idle.stderr).to.equal(0);
    expect(idle.stdout).to.match(new RegExp(`MEDIUM idle-balance: fund ${a.fundA}: 40\\.00 yuan at ${CODES.township} untouched for \\d+\\.\\d days \\(idle period 15\\)`));
    expect(idle.stdout).to.include("https://scan.example/tx/0x");
    expect(idle.stdout).to.not.include("household-in-two-villages");
    await ws.refused(["audit", "anomalies", "--rule", "idleDayz=15"], "USAGE", 2);
  });
});
