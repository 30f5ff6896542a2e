/**
 * Gas of every operation, compared with the committed snapshot
 * (test/gas/gas-snapshot.json) as a regression guard. After an intended
 * change, regenerate it with `UPDATE_GAS_SNAPSHOT=1 npm test -- typescript`
 * and commit the diff, which then shows in review.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

import { expect } from "chai";
import { network } from "hardhat";
import { keccak256, toHex } from "viem";

import { buildRoster, selectAll } from "@fundtrace/sdk";
import { deployScenario, doc, EDITION, handOver, Level } from "../helpers/scenario.ts";

const SNAPSHOT = "test/gas/gas-snapshot.json";

describe("gas snapshot", function () {
  this.timeout(120_000);

  it("matches the committed gas of every operation", async function () {
    const connection = await network.create();
    const s = await deployScenario(connection, { handOver: false });
    const gas: Record<string, number> = {};
    const measure = async (name: string, send: () => Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) => {
      const receipt = await (await send()).wait();
      gas[name] = Number(receipt!.gasUsed);
    };
    const { province, city, village } = s.officers;
    const unit = s.units;

    // registry
    await measure("UnitRegistry.registerUnit", () =>
      s.registry.connect(s.registrar).registerUnit(520102201003n, EDITION, Level.Village, unit.township),
    );
    const extra = await s.registry.unitAddressOf(520102201003n, EDITION);
    // A unit's preparers and approvers are different accounts.
    const extraPreparer = "0x00000000000000000000000000000000000C0FFE";
    await measure("UnitRegistry.addPreparer", () => s.registry.connect(s.governor).addPreparer(extra, extraPreparer));
    await measure("UnitRegistry.addApprover", () =>
      s.registry.connect(s.governor).addApprover(extra, s.outsider.address),
    );
    await measure("UnitRegistry.setApprovalPolicy", () =>
      s.registry.connect(s.governor).setApprovalPolicy(extra, 1, []),
    );
    await measure("UnitRegistry.removePreparer", () =>
      s.registry.connect(s.governor).removePreparer(extra, extraPreparer),
    );
    await measure("UnitRegistry.pause", () => s.registry.connect(s.governor).pause());
    await measure("UnitRegistry.unpause", () => s.registry.connect(s.governor).unpause());
    // No fund before the hand-over.
    await handOver(s);

    // funds and proposals
    const terms = {
      unit: unit.province,
      documentNumber: "黔财农〔2026〕12号",
      classification: 2130505,
      programme: "xianjie",
      fiscalYear: 2026,
      source: 0,
      transferType: 0,
      amount: 100_000_000n,
      instalments: 1,
      budgetApprovedAt: 0n,
      receivedAt: BigInt((await s.connection.ethers.provider.getBlock("latest"))!.timestamp),
      documentHash: doc("gas-approval"),
    };
    await measure("FundLedger.proposeFund", () => s.ledger.connect(province.preparer).proposeFund(terms));
    await measure("FundLedger.approveProposal.createFund", () =>
      s.ledger.connect(province.approvers[0]).approveProposal(1n),
    );
    const fund = 1n;
    await measure("FundLedger.proposeAllocation", () =>
      s.ledger.connect(province.preparer).proposeAllocation(fund, unit.province, unit.city, 100_000_000n, doc("a")),
    );
    await measure("FundLedger.approveProposal.allocation", () =>
      s.ledger.connect(province.approvers[0]).approveProposal(2n),
    );
    await measure("FundLedger.proposeReturn", () =>
      s.ledger.connect(city.preparer).proposeReturn(fund, unit.city, 1_000n, doc("r")),
    );
    await measure("FundLedger.rejectProposal", () => s.ledger.connect(city.approvers[0]).rejectProposal(3n, doc("no")));
    await measure("FundLedger.proposeReclaim", () =>
      s.ledger.connect(province.preparer).proposeReclaim(fund, unit.city, 1_000n, doc("c")),
    );
    await measure("FundLedger.cancelProposal", () => s.ledger.connect(province.preparer).cancelProposal(4n));
    for (const [from, to] of [
      ["city", "county"],
      ["county", "township"],
      ["township", "village"],
    ] as const) {
      await (
        await s.ledger
          .connect(s.officers[from].preparer)
          .proposeAllocation(fund, unit[from], unit[to], 100_000_000n, doc("a"))
      ).wait();
      await (
        await s.ledger.connect(s.officers[from].approvers[0]).approveProposal(await s.ledger.proposalCount())
      ).wait();
    }

    // supervision
    const cases = await s.ledger.freezeCount();
    await measure("FundLedger.freezeUnit", () => s.ledger.connect(s.inspector).freezeUnit(unit.city, doc("f")));
    await measure("FundLedger.liftFreeze(unit)", () => s.ledger.connect(s.inspector).liftFreeze(cases + 1n, doc("u")));
    await measure("FundLedger.freezeFund", () => s.ledger.connect(s.inspector).freezeFund(fund, doc("f")));
    await measure("FundLedger.liftFreeze(fund)", () => s.ledger.connect(s.inspector).liftFreeze(cases + 2n, doc("u")));
    await measure("FundLedger.recordFinding", () =>
      s.ledger.connect(s.inspector).recordFinding(1, fund, 2, doc("finding")),
    );

    // rosters
    const roster = buildRoster(
      Array.from({ length: 300 }, (_, i) => ({ household: keccak256(toHex(`gas-${i}`)), amount: 10_000n + BigInt(i) })),
    );
    await measure("RosterBook.publishRoster", () =>
      s.rosterBook
        .connect(village.preparer)
        .publishRoster(fund, unit.village, unit.village, roster.root, roster.entryCount, roster.total, doc("n")),
    );
    const enrolment = (i: number) => ({ page: i, entries: roster.pages[i]!.data, proof: [...roster.pages[i]!.proof] });
    await measure("RosterBook.enrolPages.256", () =>
      s.rosterBook.connect(village.preparer).enrolPages(1n, [enrolment(0)]),
    );
    await measure("RosterBook.enrolPages.44", () =>
      s.rosterBook.connect(village.preparer).enrolPages(1n, [enrolment(1)]),
    );
    await measure("RosterBook.fileObjection", () => s.rosterBook.connect(s.inspector).fileObjection(1n, doc("o")));
    await measure("RosterBook.resolveObjection", () =>
      s.rosterBook.connect(village.approvers[0]).resolveObjection(1n, 0n, false, doc("d")),
    );
    await measure("RosterBook.concurDismissal", () => s.rosterBook.connect(s.inspector).concurDismissal(1n, 0n));
    await connection.networkHelpers.time.increase(10 * 24 * 3600);
    await measure("RosterBook.approveRoster", () => s.rosterBook.connect(village.approvers[0]).approveRoster(1n));
    const page = (i: number, select = selectAll(roster.pages[i]!.entries.length)) => ({
      page: i,
      select,
      entries: roster.pages[i]!.data,
    });
    await measure("RosterBook.disburse.1", () =>
      s.rosterBook.connect(village.preparer).disburse(1n, [page(1, 1n)], doc("b")),
    );
    await measure("RosterBook.disburse.256", () =>
      s.rosterBook.connect(village.preparer).disburse(1n, [page(0)], doc("b")),
    );
    await measure("RosterBook.disburse.resend256", () =>
      s.rosterBook.connect(village.preparer).disburse(1n, [page(0)], doc("b")),
    );
    await measure("RosterBook.recordFailedPayments.1", () =>
      s.rosterBook.connect(village.preparer).recordFailedPayments(1n, [
        {
          page: 0,
          entries: roster.pages[0]!.data,
          slots: [5],
          reasons: [doc("x")],
        },
      ]),
    );
    await measure("RosterBook.reissue.1", () =>
      s.rosterBook.connect(village.preparer).reissue(1n, [page(0)], doc("b")),
    );
    const roster2 = buildRoster([{ household: keccak256(toHex("w")), amount: 1n }]);
    await (
      await s.rosterBook
        .connect(village.preparer)
        .publishRoster(fund, unit.village, unit.village, roster2.root, 1, 1n, doc("n"))
    ).wait();
    await measure("RosterBook.withdrawRoster", () =>
      s.rosterBook.connect(village.preparer).withdrawRoster(2n, doc("w")),
    );

    if (process.env.UPDATE_GAS_SNAPSHOT === "1") {
      writeFileSync(SNAPSHOT, `${JSON.stringify(gas, null, 2)}\n`);
      console.log(`      wrote ${SNAPSHOT} (${Object.keys(gas).length} operations)`);
    }
    expect(existsSync(SNAPSHOT), `${SNAPSHOT} is missing: create it with UPDATE_GAS_SNAPSHOT=1`).to.equal(true);
    const committed = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Record<string, number>;
    const changed = Object.keys({ ...committed, ...gas })
      .filter((op) => committed[op] !== gas[op])
      .map((op) => `${op}: committed ${committed[op] ?? "none"}, now ${gas[op] ?? "none"}`);
    expect(changed, "gas changed; regenerate with UPDATE_GAS_SNAPSHOT=1 if intended").to.deep.equal([]);
  });
});
