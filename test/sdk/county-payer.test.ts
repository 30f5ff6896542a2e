import { expect } from "chai";
import { network } from "hardhat";
import { keccak256, toHex } from "viem";

import {
  buildRoster,
  fundPayments,
  householdsAddress,
  publishRoster,
  readFundTree,
  reconcileWithChain,
  rosterPayerCodes,
  traceFund,
} from "@fundtrace/sdk";
import {
  allocate,
  CODES,
  createFund,
  deployScenario,
  doc,
  failPayments,
  payRoster,
  reissuePayments,
  sdkDeployment,
} from "../helpers/scenario.ts";

const entries = (n: number, salt: string) =>
  Array.from({ length: n }, (_, i) => ({ household: keccak256(toHex(`${salt} ${i}`)), amount: 1_000n + BigInt(i) }));

/** 乡财县管 and 县级报账制: a village announces its roster, the county treasury pays its households. */
describe("sdk rosters paid by the county", function () {
  this.timeout(120_000);

  it("names the units that may pay a village's roster", function () {
    expect(rosterPayerCodes(CODES.village)).to.deep.equal([CODES.village, CODES.township, CODES.county]);
    expect(() => rosterPayerCodes(CODES.township)).to.throw("is not a village code");
  });

  it("pays from the county's balance; the village holds nothing; trace, tree and reconciliation show both", async function () {
    const connection = await network.create();
    const s = await deployScenario(connection);
    const d = await sdkDeployment(s);
    const client = await connection.viem.getPublicClient();
    const fund = await createFund(s, 100_000n);
    await allocate(s, fund, "province", "city", 100_000n);
    await allocate(s, fund, "city", "county", 100_000n);

    // The SDK's call names the payer; without one the village pays.
    const commitment = buildRoster(entries(3, "sdk"));
    const byCounty = publishRoster(d, {
      fund,
      village: s.units.village as `0x${string}`,
      payer: s.units.county as `0x${string}`,
      roster: commitment,
      noticeHash: doc("notice"),
    });
    expect(byCounty.args[2]).to.equal(s.units.county);
    const byVillage = publishRoster(d, {
      fund,
      village: s.units.village as `0x${string}`,
      roster: commitment,
      noticeHash: doc("notice"),
    });
    expect(byVillage.args[2]).to.equal(s.units.village);

    const roster = await payRoster(s, fund, "village", entries(4, "county"), { payer: "county" });
    const total = roster.commitment.total;
    await failPayments(s, "county", roster, [1]);
    await reissuePayments(s, "county", roster);
    // A second village, paid by its township from money the county passed down.
    await allocate(s, fund, "county", "township", 10_000n);
    const second = await payRoster(s, fund, "village2", entries(2, "township"), { payer: "township" });

    const county = await s.ledger.accountOf(fund, s.units.county);
    expect(county.paid - county.failed).to.equal(total);
    expect(county.balance).to.equal(100_000n - 10_000n - total);
    expect((await s.ledger.accountOf(fund, s.units.village)).received).to.equal(0n);
    expect(await s.ledger.balanceOf(householdsAddress(s.units.village as `0x${string}`), fund)).to.equal(total);

    const payments = await fundPayments(client, d, fund);
    expect(new Set(payments.map((p) => `${p.village} ${p.payer}`))).to.deep.equal(
      new Set([`${s.units.village} ${s.units.county}`, `${s.units.village2} ${s.units.township}`]),
    );
    const trace = await traceFund(client, d, fund);
    const countyTrace = trace.units.get(s.units.county.toLowerCase())!;
    expect([countyTrace.paid, countyTrace.failed, countyTrace.reissued]).to.deep.equal([
      total + 1_001n,
      1_001n,
      1_001n,
    ]);
    expect(trace.units.get(s.units.township.toLowerCase())!.paid).to.equal(second.commitment.total);
    const reconciliation = await reconcileWithChain(client, d, trace, payments);
    expect(reconciliation.differences).to.deep.equal([]);

    const tree = await readFundTree(client, d, fund);
    expect(tree.reconciliation.balanced).to.equal(true);
    expect(tree.reconciliation.heldByHouseholds).to.equal(total + second.commitment.total);
    const countyNode = tree.root!.children[0]!.children[0]!;
    expect(countyNode.unit).to.equal(s.units.county);
    expect(countyNode.paidNet).to.equal(total);
    // The village hangs under its township, which received money; it holds nothing, its households hold the roster.
    const villageNode = countyNode.children[0]!.children.find((n) => n.unit === s.units.village)!;
    expect([villageNode.received, villageNode.balance, villageNode.households]).to.deep.equal([0n, 0n, total]);
  });
});
