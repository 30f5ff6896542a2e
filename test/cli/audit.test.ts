/**
 * `fundtrace audit ...` as an inspector runs it: a separate node process
 * holding the audit scenario (test/helpers/audit-scenario.ts), the CLI as a
 * process with nothing but the node's address and the deployment.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { network } from "hardhat";
import { chromium } from "playwright-core";

import {
  type AuditScenario,
  buildAuditScenario,
  HOUSEHOLDS,
  pseudonymOf,
  residentId,
  TEST_KEY_HEX,
} from "../helpers/audit-scenario.ts";
import { readConfigFile } from "../../scripts/lib/config-file.ts";
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
    const config = readConfigFile(configFile);
    config.networks.local!.deployment = {
      registry: a.deployment.registry,
      ledger: a.deployment.ledger,
      rosterBook: a.deployment.rosterBook,
      deploymentBlock: "0",
    };
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const keyFile = ws.file("bureau.key", TEST_KEY_HEX);
    chmodSync(keyFile, 0o600);
    const r = await ws.run([
      "pseudonym-key",
      "import",
      "bureau",
      "--key-file",
      keyFile,
      "--password-file",
      ws.passwordFile,
      "--scrypt-n",
      "1024",
    ]);
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
      n.children.forEach((c) => {
        walk(c as Row & { children: Row[] });
      });
    };
    walk((tree.envelope!.data as { root: Row & { children: Row[] } }).root);
    expect(data.units.map((u) => u.code)).to.deep.equal([...views.keys()]);
    for (const u of data.units) {
      const v = views.get(String(u.code))!;
      expect([u.received, u.allocated, u.balance], `unit ${u.code}`).to.deep.equal([
        v.received,
        v.allocated,
        v.balance,
      ]);
    }
    expect(data.units[0]!.averageDwellDays).to.be.within(5, 5.01);
    expect(data.totals).to.deep.equal({ paid: "800", failed: "200", reissued: "200", held: "9400", paidNet: "600" });

    const human = await ws.run(["audit", "trace", String(a.fundA)]);
    expect(human.stdout).to.include(
      `fund ${a.fundA}: audit-A, 100.00 yuan, 2026, xianjie 2130505, central general transfer`,
    );
    expect(human.stdout).to.match(
      new RegExp(`\\n\\s{8}${CODES.village} village\\s+60\\.00\\s+0\\.00\\s+6\\.00\\s+2\\.00\\s+0\\.00\\s+54\\.00`),
    );

    const unit = await ws.run([
      "audit",
      "trace",
      String(a.fundA),
      "--unit",
      String(CODES.village),
      "--explorer-url",
      "https://scan.example/tx/{tx}",
      "--json",
    ]);
    const u = unit.envelope!.data as {
      unit: Row;
      movements: { kind: string; amount: string; link: string; transactionHash: string }[];
    };
    expect(u.unit.balance).to.equal("5400");
    expect(u.movements.map((m) => [m.kind, m.amount])).to.deep.equal([
      ["allocation", "6000"],
      ["disbursement", "600"],
      ["failed-payment", "200"],
      ["disbursement", "200"],
    ]);
    for (const m of u.movements) expect(m.link).to.equal(`https://scan.example/tx/${m.transactionHash}`);
    const unknown = await ws.run(["audit", "trace", String(a.fundA), "--unit", String(CODES.village2), "--json"]);
    expect([unknown.code, unknown.envelope!.errors[0]!.message]).to.deep.equal([
      2,
      `unit ${CODES.village2} never held money of fund ${a.fundA} up to block ${(unit.envelope!.data as { toBlock: string }).toBlock}`,
    ]);
  });

  it("gives the same figures read in 3-block chunks, two at a time, as in one request", async function () {
    const whole = await ws.run(["audit", "reconcile", String(a.fundA), "--json"]);
    const head = (whole.envelope!.data as { toBlock: string }).toBlock;
    const chunked = await ws.run([
      "audit",
      "reconcile",
      String(a.fundA),
      "--json",
      "--chunk-size",
      "3",
      "--concurrency",
      "2",
      "--to-block",
      head,
    ]);
    expect(chunked.envelope!.data).to.deep.equal(whole.envelope!.data);
    expect((whole.envelope!.data as { balanced: boolean }).balanced).to.equal(true);
  });

  it("gives the same results from its SQLite cache, which reads only the blocks that are new", async function () {
    const cache = join(ws.dir, "audit-cache.sqlite");
    const plain = await ws.run(["audit", "anomalies", "--json"]);
    const first = await ws.run(["audit", "anomalies", "--json", "--cache", cache]);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.match(/cache .*audit-cache\.sqlite: read blocks 0-\d+, \d+ log\(s\)/);
    const second = await ws.run(["audit", "anomalies", "--json", "--cache", cache]);
    expect(second.stderr).to.match(/cache .*: up to date at block \d+/);
    for (const r of [first, second]) expect(r.envelope!.data).to.deep.equal(plain.envelope!.data);
    const trace = await ws.run(["audit", "trace", String(a.fundA), "--json", "--cache", cache]);
    expect((trace.envelope!.data as { totals: Row }).totals).to.deep.equal({
      paid: "800",
      failed: "200",
      reissued: "200",
      held: "9400",
      paidNet: "600",
    });
  });

  it("reconciles with the contracts and with a bank file, and lists every planted difference by line", async function () {
    const bank = (rows: string[]) =>
      ws.file(`bank-${rows.length}-${Date.now()}.csv`, ["身份证号,金额,状态", ...rows].join("\r\n"));
    const exact = bank([
      `${HOUSEHOLDS.one},1.00,成功`,
      `${HOUSEHOLDS.two},2.00,失败`,
      `${HOUSEHOLDS.three},3.00,成功`,
      `${HOUSEHOLDS.two},2.00,成功`,
    ]);
    const ok = await ws.run([
      "audit",
      "reconcile",
      String(a.fundA),
      "--bank",
      exact,
      "--key-password-file",
      ws.passwordFile,
    ]);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.match(/with the contracts: 45 figure\(s\) compared, 0 difference\(s\), balanced to the fen/);
    expect(ok.stdout).to.include("4 record(s), 4 on-chain payment(s), 4 matched");
    expect(ok.stdout.trim().split("\n").at(-1)).to.equal("RECONCILED");

    const ghost = residentId(99);
    const planted = bank([
      `${HOUSEHOLDS.one},10.00,成功`,
      `${HOUSEHOLDS.two},2.00,失败`,
      `${HOUSEHOLDS.two},2.00,成功`,
      `${ghost},3.00,成功`,
    ]);
    const r = await ws.run([
      "audit",
      "reconcile",
      String(a.fundA),
      "--bank",
      planted,
      "--key-password-file",
      ws.passwordFile,
      "--json",
    ]);
    const result = r.envelope!.data as {
      balanced: boolean;
      bank: { differences: { kind: string; household: string; bank?: { line: number } }[] };
    };
    expect(result.balanced).to.equal(false);
    expect(result.bank.differences.map((d) => [d.kind, d.household, d.bank?.line ?? null])).to.deep.equal([
      ["amount-mismatch", pseudonymOf(HOUSEHOLDS.one, a.fundA), 2],
      ["no-chain-payment", pseudonymOf(ghost, a.fundA), 5],
      ["no-bank-record", pseudonymOf(HOUSEHOLDS.three, a.fundA), null],
    ]);
    const human = await ws.run([
      "audit",
      "reconcile",
      String(a.fundA),
      "--bank",
      planted,
      "--key-password-file",
      ws.passwordFile,
    ]);
    expect(human.stdout).to.include("amounts differ");
    expect(human.stdout.trim().split("\n").at(-1)).to.equal("NOT RECONCILED");

    // A bad bank file is refused whole, naming line and field, before anything is read from the chain.
    const bad = bank([`${HOUSEHOLDS.one},1.00,成功`, "520102197001011234,abc,成功", `${HOUSEHOLDS.three},3.00,maybe`]);
    const refused = await ws.refused(
      ["audit", "reconcile", String(a.fundA), "--bank", bad, "--key-password-file", ws.passwordFile],
      "ROWS_INVALID",
      3,
    );
    expect(
      (refused.details.problems as { line: number; field: string; code: string }[]).map((p) => [
        p.line,
        p.field,
        p.code,
      ]),
    ).to.deep.equal([
      [3, "residentId", "RESIDENT_ID_INVALID"],
      [3, "amount", "AMOUNT_INVALID"],
      [4, "status", "STATUS_INVALID"],
    ]);
  });

  it("lists one household's payments across funds and villages, by pseudonym or by resident ID from stdin", async function () {
    const byId = await ws.run(
      ["audit", "household", "--resident-id", "-", "--key-password-file", ws.passwordFile, "--json"],
      {},
      `${HOUSEHOLDS.one}\n`,
    );
    expect(byId.code, byId.stderr).to.equal(0);
    const data = byId.envelope!.data as {
      household: string | null;
      pseudonyms: string[];
      net: string;
      funds: string[];
      villages: string[];
      payments: Row[];
    };
    // The person has a pseudonym in each fund; with the key the inspector searches them all.
    expect([data.household, data.pseudonyms, data.net, data.funds, data.villages]).to.deep.equal([
      null,
      [pseudonymOf(HOUSEHOLDS.one, a.fundA), pseudonymOf(HOUSEHOLDS.one, a.fundB)],
      "800",
      [String(a.fundA), String(a.fundB)],
      [s.units.village, s.units.village2],
    ]);
    expect(byId.stdout + byId.stderr).to.not.include(HOUSEHOLDS.one);
    const human = await ws.run(
      ["audit", "household", "--resident-id", "-", "--key-password-file", ws.passwordFile],
      {},
      `${HOUSEHOLDS.one}\n`,
    );
    expect(human.stdout).to.include(`resident ID **************${HOUSEHOLDS.one.slice(-4)}: 2 record(s), 8.00 yuan`);
    expect(human.stdout).to.include("searched its pseudonyms in 2 fund(s)");
    const byPseudonym = await ws.run(["audit", "household", pseudonymOf(HOUSEHOLDS.two, a.fundA)]);
    expect(byPseudonym.stdout).to.include("3 record(s), 2.00 yuan received in all, from 1 fund(s) in 1 village(s)");
    // Without the key, one fund's pseudonym says nothing of the same person's payments from another fund.
    const oneInA = await ws.run(["audit", "household", pseudonymOf(HOUSEHOLDS.one, a.fundA), "--json"]);
    expect((oneInA.envelope!.data as { funds: string[] }).funds).to.deep.equal([String(a.fundA)]);
    await ws.refused(["audit", "household", "0x1234"], "USAGE", 2);
  });

  it("checks the funds against the audit rules and lists each anomaly with its evidence", async function () {
    const r = await ws.run(["audit", "anomalies", "--json"]);
    expect(r.code, r.stderr).to.equal(0);
    type F = {
      rule: string;
      severity: string;
      units: string[];
      evidence: { transactionHash?: string; household?: string }[];
    };
    const anomalies = (r.envelope!.data as { anomalies: F[] }).anomalies;
    // Every roster here was approved by one village officer alone. Household "one" is paid in both villages, from
    // two funds, under two unrelated pseudonyms: the rules, which read the chain alone, cannot link them.
    expect(anomalies.map((f) => f.rule).sort()).to.deep.equal(["sole-approver-own-roster", "sole-approver-own-roster"]);
    for (const f of anomalies) {
      expect(f.severity).to.equal("medium");
      for (const e of f.evidence) expect(e.transactionHash).to.match(/^0x[0-9a-f]{64}$/);
    }

    // A shorter idle period makes the township's 40.00 yuan of fund A idle; the rules are the inspector's to set.
    const idle = await ws.run([
      "audit",
      "anomalies",
      "--fund",
      String(a.fundA),
      "--rule",
      "idleDays=15",
      "--explorer-url",
      "https://scan.example/tx/{tx}",
    ]);
    expect(idle.code, idle.stderr).to.equal(0);
    expect(idle.stdout).to.match(
      new RegExp(
        `MEDIUM idle-balance: fund ${a.fundA}: 40\\.00 yuan at ${CODES.township} untouched for \\d+\\.\\d days \\(idle period 15\\)`,
      ),
    );
    expect(idle.stdout).to.include("https://scan.example/tx/0x");
    expect(idle.stdout).to.not.include("household-in-two-villages");
    await ws.refused(["audit", "anomalies", "--rule", "idleDayz=15"], "USAGE", 2);
  });

  it("writes a self-contained report that renders in headless Chromium with the expected figures, and CSV and JSON exports", async function () {
    const out = join(ws.dir, "report");
    const bankFile = ws.file(
      "bank-report.csv",
      [
        "身份证号,金额,状态",
        `${HOUSEHOLDS.one},1.00,成功`,
        `${HOUSEHOLDS.two},2.00,失败`,
        `${HOUSEHOLDS.two},2.00,成功`,
      ].join("\r\n"),
    );
    const names = ws.file("names.csv", ["代码,名称", `${CODES.province},贵州省`, `${CODES.village},云关村`].join("\n"));
    const r = await ws.run([
      "audit",
      "report",
      "--out",
      out,
      "--bank",
      `${a.fundA}=${bankFile}`,
      "--names",
      names,
      "--explorer-url",
      "https://scan.example/tx/{tx}",
      "--key-password-file",
      ws.passwordFile,
      "--json",
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const summary = r.envelope!.data as { files: string[]; balanced: boolean; anomalies: number };
    expect(summary.files).to.deep.equal([
      "report.html",
      "report.json",
      "units.csv",
      "movements.csv",
      "payments.csv",
      "reconciliation.csv",
      "bank-differences.csv",
      "anomalies.csv",
    ]);
    // Household three's payment has no bank record.
    expect(summary.balanced).to.equal(false);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      funds: { fund: string; units: Row[]; bank: { differences: { kind: string }[] } | null }[];
      anomalies: { rule: string }[];
    };
    expect(report.funds.map((f) => f.fund)).to.deep.equal([String(a.fundA), String(a.fundB)]);
    expect(report.funds[0]!.bank!.differences.map((d) => d.kind)).to.deep.equal(["no-bank-record"]);
    expect(report.anomalies.length).to.equal(summary.anomalies).and.to.equal(2);
    const unitsCsv = readFileSync(join(out, "units.csv"), "utf8");
    expect(unitsCsv.startsWith("\ufefffund,code,name,level")).to.equal(true);
    expect(unitsCsv).to.include(`${a.fundA},${CODES.village},云关村,village,`);
    expect(unitsCsv.trim().split("\r\n")).to.have.length(1 + 5 + 5);
    expect(readFileSync(join(out, "anomalies.csv"), "utf8").trim().split("\r\n")).to.have.length(1 + 2);

    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).to.not.match(/<script|src=|@import|url\(/i);
    const executablePath = process.env.FUNDTRACE_CHROMIUM ?? "/usr/bin/chromium";
    if (!existsSync(executablePath))
      expect.fail(
        `no Chromium at ${executablePath}: npm run setup installs Debian's chromium package (or set FUNDTRACE_CHROMIUM)`,
      );
    const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1700, height: 900 } });
      const requests: string[] = [];
      page.on("request", (request) => requests.push(request.url()));
      await page.goto(`file://${join(out, "report.html")}`);
      // Nothing but the file itself is loaded: the report works offline.
      expect(requests).to.deep.equal([`file://${join(out, "report.html")}`]);
      const diagram = page.locator(`#fund-${a.fundA} svg.diagram`);
      expect(await diagram.locator("g.unit").count()).to.equal(5);
      const village = diagram.locator(`g.unit[data-code="${CODES.village}"]`);
      expect(await village.textContent()).to.equal(`${CODES.village} 云关村received 60.00paid 6.00held 54.00`);
      const province = diagram.locator(`g.unit[data-code="${CODES.province}"]`);
      expect(await province.textContent()).to.equal(
        `${CODES.province} 贵州省received 100.00passed down 100.00held 0.00`,
      );
      // Rendered: every box has a size and lies inside the diagram, the province left of the village.
      const frame = (await diagram.boundingBox())!;
      for (const box of await diagram.locator("g.unit rect").all()) {
        const b = (await box.boundingBox())!;
        expect(b.width).to.be.greaterThan(100);
        expect(b.x >= frame.x && b.x + b.width <= frame.x + frame.width + 1).to.equal(true);
      }
      expect((await province.boundingBox())!.x).to.be.lessThan((await village.boundingBox())!.x);
      expect(await diagram.locator("g.flow text").allTextContents()).to.deep.equal([
        "100.00",
        "100.00",
        "100.00",
        "60.00",
      ]);
      const anomalies = page.locator("#anomalies table.anomalies tbody tr");
      expect(await anomalies.count()).to.equal(2);
      expect(await anomalies.first().locator("td").nth(1).textContent()).to.equal("sole-approver-own-roster");
      expect((await anomalies.first().boundingBox())!.height).to.be.greaterThan(10);
      expect(await page.locator(`#fund-${a.fundA} table.bank tbody tr`).count()).to.equal(1);
      expect(
        await page
          .locator(`#fund-${a.fundA} table.anomalies a, #anomalies a[href^="https://scan.example/tx/0x"]`)
          .count(),
      ).to.be.greaterThan(0);
      mkdirSync("test-output", { recursive: true });
      await page.screenshot({ path: "test-output/audit-report.png", fullPage: true });
      console.log("      screenshot: test-output/audit-report.png");
    } finally {
      await browser.close();
    }
  });
});
