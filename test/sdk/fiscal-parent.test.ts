import { expect } from "chai";
import { network } from "hardhat";

import { isAdministrative, readFundTree, setFiscalParent, traceFund } from "@fundtrace/sdk";
import { allocate, createFund, deployScenario, doc, govern, onRegistry, sdkDeployment } from "../helpers/scenario.ts";

/** 省直管县: a county placed under its province skips the city, and the tree and the trace show it so. */
describe("sdk fiscal parents (levels skipped by a documented arrangement)", function () {
  this.timeout(120_000);

  it("lets the province allocate to a county directly; the tree and the trace hang it under the province", async function () {
    const connection = await network.create();
    const s = await deployScenario(connection);
    const d = await sdkDeployment(s);
    const client = await connection.viem.getPublicClient();
    const call = setFiscalParent(d, {
      unit: s.units.county as `0x${string}`,
      fiscalParent: s.units.province as `0x${string}`,
      documentHash: doc("decision"),
    });
    expect(isAdministrative(call), "a governed change").to.equal(true);
    await govern(s, await onRegistry(s, call.data));

    const fund = await createFund(s, 10_000n);
    await allocate(s, fund, "province", "county", 6_000n);
    await allocate(s, fund, "province", "city", 1_000n);
    await allocate(s, fund, "county", "township", 2_000n);

    const tree = await readFundTree(client, d, fund);
    expect(tree.root?.unit).to.equal(s.units.province);
    const [city, county] = [
      tree.root!.children.find((c) => c.unit === s.units.city)!,
      tree.root!.children.find((c) => c.unit === s.units.county)!,
    ];
    expect(tree.root!.children.length, "city and county both under the province").to.equal(2);
    expect(city.children, "nothing under the city").to.deep.equal([]);
    expect(
      county.children.map((c) => c.unit),
      "the township under the county",
    ).to.deep.equal([s.units.township]);
    expect([county.received, county.allocated, county.balance]).to.deep.equal([6_000n, 2_000n, 4_000n]);
    expect(tree.reconciliation.balanced).to.equal(true);

    const trace = await traceFund(client, d, fund);
    expect(trace.root).to.equal(s.units.province);
    expect(trace.units.get(s.units.county.toLowerCase())!.received).to.equal(6_000n);
  });
});
