/**
 * The SDK's domain definitions that the CLI, the audit and the benchmarks
 * rely on: generated enums and constants against the deployed contracts,
 * payment planning, finding record ids (accepted by the contract), the bank
 * file's outcome words, the roster record's refusals, and addresses.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, type Hex, keccak256, stringToHex, toHex, zeroHash } from "viem";

import {
  addressRole,
  bankOutcome,
  buildRoster,
  createRosterRecord,
  dueMask,
  EntryStatus,
  findingRecord,
  type FundTraceError,
  householdsAddress,
  isHouseholdsAddress,
  PAGE_SIZE,
  pagePart,
  parseRosterRecord,
  planBatches,
  PROVINCE_SEGMENTS,
  RecordKind,
  ROLES,
  selectAll,
  textToBytes32,
  unitAddress,
} from "@fundtrace/sdk";
import { deployScenario, doc } from "../helpers/scenario.ts";

const household = (i: number): Hex => keccak256(toHex(`household ${i}`));
const roster = (count: number) =>
  buildRoster(Array.from({ length: count }, (_, i) => ({ household: household(i), amount: 100n + BigInt(i) })));

describe("sdk domain definitions", function () {
  this.timeout(120_000);

  it("holds the contracts' own role ids, page size and enum numbers", async function () {
    const s = await deployScenario(await network.create());
    expect(ROLES).to.deep.equal({
      admin: await s.registry.DEFAULT_ADMIN_ROLE(),
      registrar: await s.registry.REGISTRAR_ROLE(),
      inspector: await s.registry.INSPECTOR_ROLE(),
      pauser: await s.registry.PAUSER_ROLE(),
    });
    expect(ROLES.admin).to.equal(zeroHash);
    expect(PAGE_SIZE).to.equal(256);
    expect(EntryStatus).to.deep.equal({ Unpaid: 0, Paid: 1, Failed: 2, Reissued: 3, ReissueFailed: 4 });
    // The province segments come from the registry's bitmask.
    expect([...PROVINCE_SEGMENTS]).to.deep.equal([
      11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62,
      63, 64, 65, 71, 81, 82,
    ]);

    // Finding record ids as the contract checks them: a unit id must name a registered unit.
    const village = getAddress(s.units.village);
    for (const [target, kind] of [
      [{ kind: "unit", unit: village }, RecordKind.Unit],
      [{ kind: "entry", rosterId: 3n, entry: 300n }, RecordKind.RosterEntry],
      [{ kind: "transaction", hash: doc("tx") }, RecordKind.Transaction],
    ] as const) {
      const record = findingRecord(target);
      expect(record.kind).to.equal(kind);
      await (await s.ledger.connect(s.inspector).recordFinding(record.kind, record.recordId, 1, doc("finding"))).wait();
      const stored = await s.ledger.findingOf(await s.ledger.findingCount());
      expect([stored.kind, stored.recordId]).to.deep.equal([BigInt(kind), record.recordId]);
    }
    expect(findingRecord({ kind: "entry", rosterId: 3n, entry: 300n }).recordId).to.equal((3n << 32n) | 300n);
    expect(findingRecord({ kind: "unit", unit: village }).recordId).to.equal(BigInt(village));
  });

  it("plans what is due into batches within the gas budget and the household cap", function () {
    const r = roster(300);
    const [first, second] = r.pages as [(typeof r.pages)[0], (typeof r.pages)[0]];
    // Disburse: what is not paid yet. Re-issue: what failed and was not re-issued yet.
    expect(dueMask("disburse", [0b1011n, 0n, 0n, 0n], 4)).to.equal(0b0100n);
    expect(dueMask("reissue", [0b1111n, 0b0110n, 0b0010n, 0n], 4)).to.equal(0b0100n);
    expect(dueMask("disburse", [selectAll(44), 0n, 0n, 0n], 44)).to.equal(0n);

    const parts = [pagePart(first, selectAll(PAGE_SIZE)), pagePart(second, selectAll(44))];
    expect(parts.map((p) => [p.households, p.amount])).to.deep.equal([
      [256, r.pages[0]!.entries.reduce((n, e) => n + e.amount, 0n)],
      [44, r.pages[1]!.entries.reduce((n, e) => n + e.amount, 0n)],
    ]);
    // Both pages in one transaction when the budget allows, one each when it does not.
    expect(planBatches(parts, { gasBudget: 2_000_000n }).map((b) => b.length)).to.deep.equal([2]);
    expect(planBatches(parts, { gasBudget: 1_000_000n }).map((b) => b.map((p) => p.households))).to.deep.equal([
      [256],
      [44],
    ]);
    // A cap of 100 households splits pages, lowest slots first, and keeps every household exactly once.
    const capped = planBatches(parts, { gasBudget: 2_000_000n, maxHouseholds: 100 });
    expect(capped.map((b) => b.map((p) => p.households))).to.deep.equal([[100], [100], [56, 44]]);
    expect(capped[0]![0]!.select).to.equal(selectAll(100));
    const selected = capped
      .flat()
      .filter((p) => p.page === first)
      .reduce((mask, p) => {
        expect(mask & p.select, "no slot twice").to.equal(0n);
        return mask | p.select;
      }, 0n);
    expect(selected).to.equal(selectAll(PAGE_SIZE));
    // The budget must hold the largest page alone: a small page fits a budget a full page does not.
    expect(planBatches([pagePart(second, selectAll(44))], { gasBudget: 300_000n })).to.have.length(1);
    try {
      planBatches(parts, { gasBudget: 300_000n });
      expect.fail("a page that cannot fit was planned");
    } catch (error) {
      expect((error as FundTraceError).code).to.equal("GAS_BUDGET_TOO_SMALL");
    }
    expect(planBatches([], { gasBudget: 1n })).to.deep.equal([]);
  });

  it("reads the bank's outcome words, records bank texts as bytes32, and refuses changed roster records", function () {
    expect(["成功", " SUCCESS ", "ok", "paid"].map(bankOutcome)).to.deep.equal([
      "success",
      "success",
      "success",
      "success",
    ]);
    expect(["失败", "Failed", "fail", "returned", "退回"].map(bankOutcome)).to.deep.equal([
      "failed",
      "failed",
      "failed",
      "failed",
      "failed",
    ]);
    expect([bankOutcome("交易成功?"), bankOutcome(""), bankOutcome(undefined)]).to.deep.equal([
      undefined,
      undefined,
      undefined,
    ]);
    expect(textToBytes32("BANK-1")).to.equal(stringToHex("BANK-1", { size: 32 }));
    const long = "户名与账号不符户名与账号不符"; // 42 bytes in UTF-8
    expect(textToBytes32(long)).to.equal(keccak256(toHex(long)));

    const r = roster(3);
    const record = createRosterRecord({
      chainId: 20520,
      fund: 1n,
      village: 520102201001n,
      edition: 2023,
      roster: r,
      notice: { file: "notice.csv", hash: doc("notice") },
      source: { file: "roster.csv", encoding: "utf8", keccak256: doc("sheet") },
    });
    expect(parseRosterRecord(JSON.stringify(record), "r.json").roster.root).to.equal(r.root);
    const refusal = (text: string) => {
      try {
        parseRosterRecord(text, "r.json");
      } catch (error) {
        const e = error as FundTraceError;
        return [e.code, e.shortMessage];
      }
      return ["accepted"];
    };
    const edited = { ...record, entries: record.entries.map(([h, a], i) => [h, i === 0 ? String(BigInt(a) + 1n) : a]) };
    expect(refusal(JSON.stringify(edited))).to.deep.equal([
      "ROSTER_RECORD_INVALID",
      "r.json: the entries do not give the recorded root; the file was changed",
    ]);
    expect(refusal("{")).to.deep.equal(["ROSTER_RECORD_INVALID", "r.json: not valid JSON"]);
    expect(refusal(JSON.stringify({ ...record, format: "other" }))).to.deep.equal([
      "ROSTER_RECORD_INVALID",
      "r.json: not a FundTrace roster record",
    ]);
    expect(refusal(JSON.stringify({ ...record, entries: [[household(0), "x"]] }))[0]).to.equal("ROSTER_RECORD_INVALID");
  });

  it("tells unit, households and other addresses apart", function () {
    const village = unitAddress(520102201001n, 2023);
    const households = householdsAddress(village);
    expect([isHouseholdsAddress(village), isHouseholdsAddress(households)]).to.deep.equal([false, true]);
    expect(addressRole(village)).to.deep.equal({ kind: "unit", code: 520102201001n, edition: 2023 });
    expect(addressRole(households)).to.deep.equal({ kind: "households", village, code: 520102201001n, edition: 2023 });
    expect(addressRole(getAddress(`0x${"12".repeat(20)}`))).to.deep.equal({ kind: "account" });
  });
});
