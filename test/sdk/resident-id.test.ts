import { inspect } from "node:util";

import { expect } from "chai";
import fc from "fast-check";

import {
  checkCharacter,
  householdPseudonym,
  maskResidentId,
  parseResidentId,
  PseudonymKey,
  PseudonymKeyError,
  pseudonymsInFunds,
  ResidentIdError,
} from "@fundtrace/sdk";

/** A valid ID from its parts: area, birth date, sequence, and the computed check character. */
const validId = fc
  .tuple(
    fc.constantFrom("110101", "520102", "441900", "650102"),
    fc.date({ min: new Date("1920-01-01T00:00:00Z"), max: new Date("2020-12-31T00:00:00Z"), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([area, date, seq]) => {
    const first17 = `${area}${date.toISOString().slice(0, 10).replaceAll("-", "")}${String(seq).padStart(3, "0")}`;
    return `${first17}${checkCharacter(first17)}`;
  });

const KEY_A = PseudonymKey.fromHex(`0x${"11".repeat(32)}`);
const KEY_B = PseudonymKey.fromHex(`0x${"22".repeat(32)}`);

describe("sdk resident IDs and pseudonyms", function () {
  it("validates GB 11643 IDs", function () {
    const id = parseResidentId("11010519491231002x");
    expect(id.id).to.equal("11010519491231002X");
    expect(id.birthDate).to.deep.equal({ year: 1949, month: 12, day: 31 });
    expect(id.sex).to.equal("female");
    expect(id.areaCode).to.equal("110105");
  });

  it("accepts every well-formed ID and rejects every single-digit change", function () {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, position, delta) => {
        expect(parseResidentId(id).id).to.equal(id);
        const changed = `${id.slice(0, position)}${(Number(id[position]) + delta) % 10}${id.slice(position + 1)}`;
        // MOD 11-2 detects every single substitution; some changes also break the date or province first.
        expect(() => parseResidentId(changed)).to.throw(ResidentIdError);
      }),
      { numRuns: 2000 },
    );
  });

  for (const [input, reason] of [
    ["11010519491231002", "17 digits and a final digit or X"],
    ["1101051949123100XX", "17 digits and a final digit or X"],
    ["16010519491231002X", "unknown province"],
    ["11010519490231002X", "invalid birth date"],
    ["110105209912310025", "in the future"],
    ["110105194912310021", "wrong check digit"],
  ] as const) {
    it(`rejects ${maskResidentId(input)}: ${reason}, without showing the ID`, function () {
      try {
        parseResidentId(input, new Date("2026-11-23T00:00:00Z"));
        expect.fail("accepted");
      } catch (error) {
        expect(error).to.be.instanceOf(ResidentIdError);
        const e = error as ResidentIdError;
        expect(e.message).to.include(reason);
        expect(e.message).to.not.include(input.slice(0, 14));
        expect(JSON.stringify(e.context)).to.not.include(input.slice(0, 14));
        expect(e.code).to.equal("RESIDENT_ID_INVALID");
      }
    });
  }

  it("gives stable pseudonyms, separated by key and by fund", function () {
    const fundId = fc.bigInt({ min: 1n, max: (1n << 256n) - 1n });
    fc.assert(
      fc.property(validId, validId, fundId, fundId, (a, b, fund, other) => {
        const pa = householdPseudonym(KEY_A, a, fund);
        expect(householdPseudonym(KEY_A, a.toLowerCase(), fund)).to.equal(pa);
        expect(pa).to.match(/^0x[0-9a-f]{64}$/);
        expect(householdPseudonym(KEY_B, a, fund)).to.not.equal(pa);
        if (a !== b) expect(householdPseudonym(KEY_A, b, fund)).to.not.equal(pa);
        // The same person in another fund: an unrelated pseudonym, so that two funds' rosters cannot be joined.
        if (fund !== other) expect(householdPseudonym(KEY_A, a, other)).to.not.equal(pa);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a pseudonym with no fund to scope it", function () {
    for (const fund of [0n, -1n, 1 as unknown as bigint]) {
      expect(() => householdPseudonym(KEY_A, "11010519491231002X", fund)).to.throw(PseudonymKeyError, /fund/);
    }
  });

  it("gives the person's pseudonym in each fund, and only those", function () {
    const id = parseResidentId("11010519491231002X");
    const all = pseudonymsInFunds(KEY_A, id, [1n, 2n, 3n]);
    expect(all).to.deep.equal([1n, 2n, 3n].map((f) => KEY_A.pseudonym(id, f)));
    expect(new Set(all).size).to.equal(3);
  });

  it("matches a known HMAC-SHA256 vector", async function () {
    const { createHmac } = await import("node:crypto");
    const id = "11010519491231002X";
    const message = `fundtrace/household/v2:fund=7:${id}`;
    const expected = createHmac("sha256", Buffer.alloc(32, 0x11)).update(message).digest("hex");
    expect(householdPseudonym(KEY_A, id, 7n)).to.equal(`0x${expected}`);
  });

  it("never shows the key", function () {
    const hex = `0x${"ab".repeat(32)}`;
    const key = PseudonymKey.fromHex(hex);
    // The template literal is the point: a key dropped into a message must not show its bytes.
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions
    for (const shown of [String(key), JSON.stringify({ key }), inspect(key), `${key}`]) {
      expect(shown).to.not.include("abab");
      expect(shown).to.include("[PseudonymKey]");
    }
    expect(() => PseudonymKey.fromHex(`0x${"ab".repeat(31)}`)).to.throw(PseudonymKeyError, "at least 32 bytes");
    expect(() => PseudonymKey.fromHex("ab".repeat(32))).to.throw(PseudonymKeyError, "0x-prefixed hex");
  });
});
