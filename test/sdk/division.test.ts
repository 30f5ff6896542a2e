import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";

import {
  DivisionCodeError,
  formatDivisionCode,
  householdsAddress,
  Level,
  levelOf,
  parentOf,
  parseDivisionCode,
  unitAddress,
} from "@fundtrace/sdk";
import { deployFundTrace } from "../helpers/scenario.ts";

describe("sdk division codes", function () {
  this.timeout(120_000);

  it("parses every level and its parent", function () {
    expect(parseDivisionCode("520102 201 001")).to.deep.include({
      code: 520102201001n,
      level: Level.Village,
      parent: 520102201000n,
    });
    expect(parseDivisionCode("520102201000").level).to.equal(Level.Township);
    expect(parseDivisionCode("520102000000").parent).to.equal(520100000000n);
    expect(parseDivisionCode("419001000000").parent, "city 90: county under the province").to.equal(410000000000n);
    expect(parseDivisionCode("441900003000").parent, "Dongguan").to.equal(441900000000n);
    expect(formatDivisionCode(520102003201n)).to.equal("520102 003 201");
  });

  for (const [input, reason] of [
    ["52010220100", "exactly 12 digits"],
    ["160000000000", "not a province"],
    ["419000000000", "city segment 90"],
    ["520102600000", "above 599"],
    ["520102201600", "above 599"],
    ["520102000001", "township segment 000"],
    ["520100001000", "not one of the cities without counties"],
  ] as const) {
    it(`rejects ${input} (${reason})`, function () {
      expect(() => parseDivisionCode(input)).to.throw(DivisionCodeError, reason);
    });
  }

  it("accepts a county-00 township outside the known cities when not strict, as the contracts do", function () {
    expect(parseDivisionCode("520100001000", { strict: false }).parent).to.equal(520100000000n);
  });

  it("derives the registry's unit and households addresses", function () {
    expect(unitAddress(520102201001n, 2023)).to.equal("0xFD00000000000000000000002023520102201001");
    expect(householdsAddress(unitAddress(520102201001n, 2023))).to.equal("0xfe00000000000000000000002023520102201001");
    expect(() => unitAddress(520102201001n, 2008)).to.throw(DivisionCodeError, "edition 2008");
  });

  it("agrees with the contract's own rules on random codes", async function () {
    const connection = await network.create();
    const { registry } = await deployFundTrace(connection);
    const province = fc.constantFrom(11, 16, 41, 44, 46, 52, 65, 71, 81, 82, 83);
    const code = fc
      .tuple(
        province,
        fc.constantFrom(0, 1, 19, 20, 90, 99),
        fc.constantFrom(0, 1, 2, 99),
        fc.constantFrom(0, 1, 201, 399, 599, 600, 999),
        fc.constantFrom(0, 1, 201, 599, 600),
      )
      .map(
        ([p, c, k, t, v]) =>
          BigInt(p) * 10n ** 10n + BigInt(c) * 10n ** 8n + BigInt(k) * 10n ** 6n + BigInt(t) * 1000n + BigInt(v),
      );
    await fc.assert(
      fc.asyncProperty(code, async (c) => {
        const [level, parent] = await registry.classify(c);
        expect(levelOf(c), `level of ${c}`).to.equal(Number(level));
        if (levelOf(c) !== Level.None) expect(parentOf(c), `parent of ${c}`).to.equal(parent);
        expect(await registry.unitAddressOf(c, 2023)).to.equal(unitAddress(c, 2023));
      }),
      { numRuns: 300 },
    );
  });
});
