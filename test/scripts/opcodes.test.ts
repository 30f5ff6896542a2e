import { expect } from "chai";

import { findForbiddenOpcodes, hexToCode } from "../../scripts/lib/opcodes.ts";

describe("forbidden-opcode scanner", function () {
  it("finds PUSH0, MCOPY, TLOAD, TSTORE and BASEFEE as opcodes", function () {
    const hits = findForbiddenOpcodes(hexToCode("0x5f5e5c5d4800"));
    expect(hits.map((h) => h.name)).to.deep.equal(["PUSH0", "MCOPY", "TLOAD", "TSTORE", "BASEFEE"]);
    expect(hits.map((h) => h.offset)).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it("skips PUSH immediate data", function () {
    // PUSH2 0x5f5f, PUSH1 0x5e, then a real PUSH0
    expect(findForbiddenOpcodes(hexToCode("0x615f5f605e5f")).map((h) => h.offset)).to.deep.equal([5]);
    // PUSH32 of 0x5f bytes is data
    expect(findForbiddenOpcodes(hexToCode(`0x7f${"5f".repeat(32)}00`))).to.deep.equal([]);
  });

  it("stops after the compiler's instruction count, leaving appended data alone", function () {
    expect(findForbiddenOpcodes(hexToCode("0x6001fe5f5f"), 2)).to.deep.equal([]);
    expect(findForbiddenOpcodes(hexToCode("0x6001fe5f5f")).length).to.equal(2);
  });

  it("ignores the solc metadata trailer", function () {
    // code: STOP; trailer: a CBOR map (0xa1) holding 0x5f bytes, then its length 0x0003
    expect(findForbiddenOpcodes(hexToCode("0x00a15f5f0003"))).to.deep.equal([]);
  });
});
