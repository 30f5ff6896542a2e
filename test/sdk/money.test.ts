import { expect } from "chai";
import fc from "fast-check";

import { AmountError, formatYuan, MAX_AMOUNT, parseYuan } from "@fundtrace/sdk";

describe("sdk money: yuan strings and fen", function () {
  it("parses the forms spreadsheets export, exactly", function () {
    expect(parseYuan("1234")).to.equal(123_400n);
    expect(parseYuan("1234.5")).to.equal(123_450n);
    expect(parseYuan("1234.50")).to.equal(123_450n);
    expect(parseYuan("1,234.50")).to.equal(123_450n);
    expect(parseYuan(" ¥1,234,567.08 ")).to.equal(123_456_708n);
    expect(parseYuan("0.01")).to.equal(1n);
    expect(parseYuan("0.1")).to.equal(10n);
    expect(parseYuan("0", { allowZero: true })).to.equal(0n);
    expect(parseYuan("3402823669209384634633746074317682114.55")).to.equal(MAX_AMOUNT);
  });

  for (const [input, reason] of [
    ["-1", "is negative"],
    ["1.234", "more than two decimals"],
    ["1e3", "is not a yuan amount"],
    ["1,23.40", "is not a yuan amount"],
    ["12,3456", "is not a yuan amount"],
    ["1.2.3", "is not a yuan amount"],
    ["", "is empty"],
    ["0", "is zero"],
    ["abc", "is not a yuan amount"],
    ["3402823669209384634633746074317682114.56", "above the largest"],
  ] as const) {
    it(`rejects ${JSON.stringify(input)}`, function () {
      expect(() => parseYuan(input)).to.throw(AmountError, reason);
    });
  }

  it("refuses JavaScript numbers, which cannot hold fen exactly", function () {
    expect(() => parseYuan(0.1 as unknown as string)).to.throw(AmountError, "must be given as a string");
  });

  it("honours a lower maximum", function () {
    expect(() => parseYuan("100.01", { max: 10_000n })).to.throw(
      AmountError,
      "above the largest accepted amount (100.00 yuan)",
    );
  });

  it("round-trips every amount: parse(format(fen)) = fen", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_AMOUNT }), fc.boolean(), (fen, grouping) => {
        expect(parseYuan(formatYuan(fen, { grouping }))).to.equal(fen);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips every well-formed string to its canonical form", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 99 }), (yuan, fen) => {
        const text = `${yuan}.${String(fen).padStart(2, "0")}`;
        const parsed = parseYuan(text, { allowZero: true });
        expect(parsed).to.equal(yuan * 100n + BigInt(fen));
        expect(formatYuan(parsed, { grouping: false })).to.equal(text);
      }),
      { numRuns: 2000 },
    );
  });
});
