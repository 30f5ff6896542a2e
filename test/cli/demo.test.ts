/**
 * The README's demo command, run as a user runs it: `npm run demo` starts
 * its own chain, runs the whole scenario through the CLI, and ends with a
 * flow tree that reconciles to the fen.
 */
import { existsSync, readFileSync } from "node:fs";

import { expect } from "chai";

import { runCommand } from "../helpers/processes.ts";

describe("npm run demo", function () {
  this.timeout(600_000);

  it("runs the complete scenario on its own local chain and reconciles to the fen", async function () {
    const started = Date.now();
    const r = await runCommand("npm", ["run", "demo"]);
    const seconds = (Date.now() - started) / 1000;
    expect(r.code, r.stdout.slice(-3000) + r.stderr.slice(-3000)).to.equal(0);
    for (const step of [
      "registered 24 unit(s); 0 already registered",
      "12 rosters published",
      "GovernanceScheduled",
      "ApproverAdded",
      "(refused, as expected: exit 6)",
      "ObjectionResolved",
      "5,040 households paid in",
      "re-issued 3 household(s)",
      "re-issued 2 household(s)",
      "ProposalExecuted",
      "UnitFrozen",
      "LedgerUnitFrozen",
      "every account balances: yes; balanced to the fen",
      // The inspector's audit from events alone matches the bank's results for all 5,045 payments.
      "with the contracts: 222 figure(s) compared, 0 difference(s), balanced to the fen",
      "5045 record(s), 5045 on-chain payment(s), 5045 matched",
      "RECONCILED",
      "12 anomalies: 0 high, 12 medium, 0 low",
      "wrote",
    ]) {
      expect(r.stdout, step).to.include(step);
    }
    // The progress bar reached the end of the first village's roster.
    expect(r.stderr).to.match(/\[#{24}\] 420\/420 households/);
    const tree = JSON.parse(readFileSync("demo-output/fund-1-tree.json", "utf8")) as {
      amount: string;
      reconciliation: { balanced: boolean; paidToHouseholds: string; balances: string };
    };
    expect(tree.reconciliation.balanced).to.equal(true);
    expect(BigInt(tree.reconciliation.paidToHouseholds) + BigInt(tree.reconciliation.balances)).to.equal(
      BigInt(tree.amount),
    );
    expect(existsSync("demo-output/rosters/notice-520121101200-fund1.csv")).to.equal(true);
    expect(existsSync("demo-output/audit/report.html")).to.equal(true);
    expect(r.stdout).to.not.include("NOT RECONCILED");
    console.log(`      demo took ${seconds.toFixed(1)} s`);
  });
});
