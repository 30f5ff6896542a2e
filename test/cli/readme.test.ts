/**
 * The README's CLI walkthrough, run line by line exactly as written (bash,
 * `set -e`) in a fresh folder against `npm run node`, with stand-in files.
 * `npx fundtrace` resolves to this clone's binary, as it does in the clone.
 */
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { formatYuan, parseYuan } from "@fundtrace/sdk";
import { households, random, rosterCsv } from "../../scripts/demo/households.ts";
import { BIN, Workspace } from "../helpers/cli.ts";
import { runCommand, useNode } from "../helpers/processes.ts";

const RECORD = join("ignition", "deployments", "fundtrace-local-20520");

/** The shell block that follows the `<!-- walkthrough -->` marker. */
export function walkthrough(readme: string): string {
  const match = /<!-- walkthrough -->\s*```sh\n([\s\S]*?)```/.exec(readme);
  if (match === null) throw new Error("README has no walkthrough block");
  return match[1]!;
}

describe("README walkthrough", function () {
  this.timeout(600_000);
  const node = useNode("readme");
  const backup = `${RECORD}.backup-${process.pid}`;

  before(function () {
    // The walkthrough deploys under the default Ignition id; keep any record a user has there.
    if (existsSync(RECORD)) renameSync(RECORD, backup);
  });
  after(function () {
    rmSync(RECORD, { recursive: true, force: true });
    rmSync(`${RECORD}.FundTrace.parameters.json`, { force: true });
    if (existsSync(backup)) renameSync(backup, RECORD);
  });

  it("runs every command of the walkthrough", async function () {
    const ws = new Workspace(node.url);
    const rows = households(300, "520121", random(2026));
    const total = rows.reduce((n, h) => n + parseYuan(h.amount), 0n);
    expect(total < parseYuan("990,000.00"), "the roster leaves room for the return and reclaim").to.equal(true);
    cpSync("scripts/demo/units.csv", join(ws.dir, "all-units.csv"));
    ws.file(
      "units.csv",
      "代码,名称\r\n520000000000,贵州省\r\n520100000000,贵阳市\r\n520121000000,开阳县\r\n520121101000,双流镇\r\n520121101200,双永村\r\n",
    );
    ws.file("roster.csv", rosterCsv("520121101200", rows, formatYuan(total)));
    // A second sheet, of other households (the first sheet's households are on roster 1 of the fund already).
    const late = households(3, "520121", random(7));
    ws.file(
      "late-claims.csv",
      rosterCsv("520121101200", late, formatYuan(late.reduce((n, h) => n + parseYuan(h.amount), 0n))),
    );
    ws.file(
      "bank-results.csv",
      [
        "身份证号,金额,状态,失败原因",
        ...rows.map((h, i) => `${h.residentId},"${h.amount}",${i === 7 || i === 123 ? "失败,账户冻结" : "成功,"}`),
      ].join("\r\n"),
    );
    writeFileSync(join(ws.dir, "treasurer.key"), `0x${"5a".repeat(32)}\n`, { mode: 0o600 });
    for (const doc of [
      "budget",
      "county-budget",
      "direct-management",
      "allocation",
      "reason",
      "objection",
      "resolution",
      "return",
      "reclaim",
      "freeze",
      "unfreeze",
      "finding",
    ]) {
      ws.file(`${doc}.pdf`, `${doc} document`);
    }
    const script = [
      "set -euo pipefail",
      "unset FUNDTRACE_CONFIG FUNDTRACE_NETWORK FUNDTRACE_PASSWORD",
      `npx() { if [ "$1" = fundtrace ]; then shift; node ${JSON.stringify(BIN)} "$@"; else command npx "$@"; fi; }`,
      `cd ${JSON.stringify(ws.dir)}`,
      "set -x",
      walkthrough(readFileSync("README.md", "utf8")),
    ].join("\n");
    const r = await runCommand("bash", ["-c", script], { FUNDTRACE_RPC_URL: node.url });
    expect(r.code, `${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`).to.equal(0);
    expect(r.stdout).to.include("paid 300 household(s)");
    expect(r.stdout).to.include("recorded 2 failed payment(s)");
    expect(r.stdout).to.include("re-issued 2 household(s)");
    expect(r.stdout).to.include("balanced to the fen");
    const commands = (r.stderr.match(/^\+ npx fundtrace /gm) ?? []).length;
    console.log(`      ${commands} fundtrace commands run`);
  });
});
