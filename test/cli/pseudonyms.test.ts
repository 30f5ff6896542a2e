/**
 * What a reader without the bureau key can link from the public record: a
 * village's posted notice (names, masked IDs, amounts, row numbers) and the
 * chain (pseudonyms and amounts, by entry index). Pseudonyms are scoped to
 * one fund and rosters are committed in pseudonym order, so a notice's rows
 * do not line up with the entries on chain and nothing learnt about one fund
 * carries into another; within one fund the pseudonym is the same in every
 * village, so the chain still refuses a household a second roster place.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";

import { readRosterSheet, renderNotice, type RosterSheet } from "../../cli/src/roster-file.ts";
import { buildRoster, PseudonymKey, type RosterCommitment } from "@fundtrace/sdk";
import { households, random, rosterCsv } from "../../scripts/demo/households.ts";
import { allocate, CODES, createFund, deployScenario, enrolRoster, doc } from "../helpers/scenario.ts";

const key = PseudonymKey.fromHex(`0x${"5a".repeat(32)}`);
const dir = mkdtempSync(join(tmpdir(), "fundtrace-unlink-"));
const COUNT = 300;

/** One amount for everyone (a flat subsidy), so that the order of the entries is the only thing to go by. */
const rows = households(COUNT, "520102", random(11)).map((h) => ({ ...h, amount: "1,200.00" }));
const sheetFile = join(dir, "village.csv");
writeFileSync(sheetFile, rosterCsv(String(CODES.village), rows, "360,000.00"));

const readFor = (fund: bigint): RosterSheet => readRosterSheet(sheetFile, { village: CODES.village, fund, key });
const onChain = (sheet: RosterSheet): RosterCommitment =>
  buildRoster(sheet.rows.map((r) => ({ household: r.household, amount: r.amount })));
const entriesOf = (roster: RosterCommitment): Hex[] => roster.pages.flatMap((p) => p.entries.map((e) => e.household));

/** Spearman's rank correlation of two permutations of 0..n-1 given as position lists. */
function rankCorrelation(positions: readonly number[]): number {
  const n = positions.length;
  const d2 = positions.reduce((sum, p, i) => sum + (p - i) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe("pseudonyms and notices: what the public record links", function () {
  this.timeout(120_000);

  it("does not line a notice's rows up with the entries on chain", function () {
    const sheet = readFor(1n);
    const notice = renderNotice(sheet).toString("utf8").trim().split("\r\n").slice(1, -1);
    expect(notice).to.have.length(COUNT);
    const entries = entriesOf(onChain(sheet));
    // Where row i of the notice sits on chain. The best a reader without the key can guess is row i = entry i.
    const positions = sheet.rows.map((r) => entries.indexOf(r.household));
    expect(new Set(positions).size).to.equal(COUNT);
    const guessedRight = positions.filter((p, i) => p === i).length;
    const rho = rankCorrelation(positions);
    console.log(`      row = entry index for ${guessedRight} of ${COUNT} rows; rank correlation ${rho.toFixed(3)}`);
    expect(guessedRight).to.be.below(6);
    expect(Math.abs(rho)).to.be.below(0.2);
    // The order is the pseudonyms' own, which only the key can compute from an ID.
    expect(entries).to.deep.equal([...entries].sort());
  });

  it("gives the same people unrelated pseudonyms in another fund", function () {
    const first = readFor(1n);
    const second = readFor(2n);
    // Suppose a reader matched every name of fund 1's notice to its pseudonym: none of them appears in fund 2.
    const known = new Set(first.rows.map((r) => r.household));
    const inSecond = entriesOf(onChain(second));
    expect(inSecond.filter((h) => known.has(h))).to.deep.equal([]);
    // The notices themselves are identical: the pseudonyms are not.
    expect(renderNotice(second).equals(renderNotice(first))).to.equal(true);
  });

  it("keeps one pseudonym per person within a fund, so a second village's roster is refused on chain", async function () {
    const s = await deployScenario(await network.create());
    const fund = await createFund(s, 100_000_000n, "unlink");
    for (const [from, to] of [
      ["province", "city"],
      ["city", "county"],
      ["county", "township"],
    ] as const)
      await allocate(s, fund, from, to, 100_000_000n);
    await allocate(s, fund, "township", "village", 50_000_000n);
    await allocate(s, fund, "township", "village2", 50_000_000n);

    const first = readRosterSheet(sheetFile, { village: CODES.village, fund, key });
    const moved = rows[7]!;
    const otherFile = join(dir, "village2.csv");
    writeFileSync(otherFile, rosterCsv(String(CODES.village2), [moved], "1,200.00"));
    const second = readRosterSheet(otherFile, { village: CODES.village2, fund, key });
    expect(second.rows[0]!.household).to.equal(first.rows[7]!.household);

    for (const [sheet, unit] of [
      [first, s.units.village],
      [second, s.units.village2],
    ] as const) {
      const roster = onChain(sheet);
      const preparer = unit === s.units.village ? s.officers.village.preparer : s.officers.village2.preparer;
      await (
        await s.rosterBook
          .connect(preparer)
          .publishRoster(fund, unit, unit, roster.root, roster.entryCount, roster.total, doc(`notice ${unit}`))
      ).wait();
      const id = await s.rosterBook.rosterCount();
      if (unit === s.units.village) await enrolRoster(s.rosterBook, preparer, roster, id);
      else {
        const refused = await enrolRoster(s.rosterBook, preparer, roster, id).then(
          () => "enrolled",
          (error: unknown) => String(error),
        );
        expect(refused).to.include("RosterHouseholdClaimed");
      }
    }
  });
});
