import { expect } from "chai";
import { network } from "hardhat";
import { type Address, createPublicClient, custom, keccak256, toHex } from "viem";

import {
  chainTime,
  checkFundTerms,
  chinaDate,
  chinaDateText,
  defineDeployment,
  findFundsByDocument,
  FundTraceError,
  type FundTermsInput,
  normaliseDocumentNumber,
  PROGRAMMES,
  SourceLevel,
  TransferType,
  unitAddress,
} from "@fundtrace/sdk";
import { createFund, deployScenario } from "../helpers/scenario.ts";

const NOW = 1_780_000_000n;
const PROVINCE = unitAddress(520000000000n, 2023);
const CITY = unitAddress(520100000000n, 2023);
const COUNTY = unitAddress(520112000000n, 2023);
const TOWNSHIP = unitAddress(520112100000n, 2023);

const valid = (overrides: Partial<FundTermsInput> = {}): FundTermsInput => ({
  unit: PROVINCE,
  documentNumber: "黔财农〔2026〕12号",
  classification: 2130505,
  programme: "xianjie",
  fiscalYear: 2026,
  source: SourceLevel.Central,
  transferType: TransferType.General,
  amount: 100n,
  budgetApprovedAt: 0n,
  receivedAt: NOW,
  documentHash: keccak256(toHex("approval")),
  ...overrides,
});

/** The field a refusal names, or null when the terms pass. */
function refusedField(terms: FundTermsInput, now: bigint | null = NOW): string | null {
  try {
    checkFundTerms(terms, now ?? undefined);
    return null;
  } catch (error) {
    expect(error).to.be.instanceOf(FundTraceError);
    expect((error as FundTraceError).code).to.equal("FUND_TERMS_INVALID");
    return (error as FundTraceError).context.field as string;
  }
}

describe("sdk fund terms", function () {
  this.timeout(120_000);

  it("brings document numbers to the GB/T 9704-2012 form", function () {
    expect(normaliseDocumentNumber("黔财农〔2026〕12号")).to.equal("黔财农〔2026〕12号");
    for (const typed of ["黔财农[2026]12号", "黔财农(2026)12号", "黔财农（2026）12号", "黔财农【2026】12号"]) {
      expect(normaliseDocumentNumber(typed), typed).to.equal("黔财农〔2026〕12号");
    }
    expect(normaliseDocumentNumber(" 黔财农 〔２０２６〕０12号 ")).to.equal("黔财农〔2026〕12号");
    // Not a year in brackets: left as it is, apart from spaces.
    expect(normaliseDocumentNumber("GZ-2026-001")).to.equal("GZ-2026-001");
    expect(normaliseDocumentNumber("财农(26)5号")).to.equal("财农(26)5号");
  });

  it("reads dates as China Standard Time and refuses impossible ones", function () {
    expect(chinaDate("2026-03-05", "--approved")).to.equal(BigInt(Date.UTC(2026, 2, 4, 16) / 1000));
    expect(chinaDateText(chinaDate("2026-03-05", "x"))).to.equal("2026-03-05");
    expect(chinaDateText(chinaDate("2026-03-05", "x") - 1n)).to.equal("2026-03-04");
    expect(chinaDateText(0n)).to.equal("-");
    for (const bad of ["2026-02-30", "2026-3-5", "05/03/2026", ""]) {
      expect(() => chinaDate(bad, "--received"), bad).to.throw(FundTraceError, "--received");
    }
  });

  it("refuses each field the ledger refuses, on both sides of its limit", function () {
    expect(refusedField(valid())).to.equal(null);
    expect(refusedField(valid({ documentNumber: "" }))).to.equal("documentNumber");
    expect(refusedField(valid({ documentNumber: "x".repeat(96) }))).to.equal(null);
    expect(refusedField(valid({ documentNumber: "x".repeat(97) }))).to.equal("documentNumber");
    // 32 characters of three bytes each are 96 bytes; one more is too long.
    expect(refusedField(valid({ documentNumber: "号".repeat(32) }))).to.equal(null);
    expect(refusedField(valid({ documentNumber: "号".repeat(33) }))).to.equal("documentNumber");
    expect(refusedField(valid({ documentNumber: "黔财农[2026]12号" }))).to.equal("documentNumber");
    expect(refusedField(valid({ programme: "nothing" }))).to.equal("programme");
    expect(refusedField(valid({ classification: 999_999 }))).to.equal("classification");
    expect(refusedField(valid({ classification: 21305050 }))).to.equal("classification");
    // A 7-digit code the programme does not budget under.
    expect(refusedField(valid({ classification: 2130501 }))).to.equal("classification");
    expect(refusedField(valid({ programme: "xianjie-tiexi", classification: 2130507 }))).to.equal(null);
    expect(refusedField(valid({ programme: "xianjie-tiexi" }))).to.equal("classification");
    expect(refusedField(valid({ fiscalYear: 1999 }))).to.equal("fiscalYear");
    expect(refusedField(valid({ fiscalYear: 2100 }))).to.equal("fiscalYear");
    expect(refusedField(valid({ amount: 0n }))).to.equal("amount");
    expect(refusedField(valid({ amount: 1n }))).to.equal(null);
    expect(refusedField(valid({ instalments: 0 }))).to.equal("instalments");
    expect(refusedField(valid({ instalments: 12 }))).to.equal(null);
    expect(refusedField(valid({ instalments: 13 }))).to.equal("instalments");
  });

  it("refuses a receiving unit that is not at the source's entry level", function () {
    const approved = { budgetApprovedAt: NOW, receivedAt: 0n };
    expect(refusedField(valid({ unit: CITY }))).to.equal("unit");
    expect(refusedField(valid({ source: SourceLevel.Provincial, ...approved }))).to.equal(null);
    expect(refusedField(valid({ source: SourceLevel.Provincial, unit: COUNTY, ...approved }))).to.equal("unit");
    expect(refusedField(valid({ source: SourceLevel.City, unit: CITY, ...approved }))).to.equal(null);
    expect(refusedField(valid({ source: SourceLevel.City, unit: PROVINCE, ...approved }))).to.equal("unit");
    expect(refusedField(valid({ source: SourceLevel.County, unit: COUNTY, ...approved }))).to.equal(null);
    expect(refusedField(valid({ source: SourceLevel.County, unit: TOWNSHIP, ...approved }))).to.equal("unit");
    expect(refusedField(valid({ unit: "0x0000000000000000000000000000000000000001" }))).to.equal("unit");
  });

  it("needs the date each deadline counts from, and none in the future", function () {
    expect(refusedField(valid({ receivedAt: 0n }))).to.equal("receivedAt");
    expect(refusedField(valid({ receivedAt: NOW + 1n }))).to.equal("receivedAt");
    expect(refusedField(valid({ receivedAt: NOW + 1n }), null)).to.equal(null);
    expect(refusedField(valid({ budgetApprovedAt: NOW + 1n }))).to.equal("budgetApprovedAt");
    const county = { unit: COUNTY, source: SourceLevel.County, receivedAt: 0n };
    expect(refusedField(valid({ ...county, budgetApprovedAt: 0n }))).to.equal("budgetApprovedAt");
    expect(refusedField(valid({ ...county, budgetApprovedAt: NOW }))).to.equal(null);
    expect(refusedField(valid({ ...county, budgetApprovedAt: NOW + 1n }))).to.equal("budgetApprovedAt");
  });

  it("lists a programme catalogue whose codes fit on chain", function () {
    for (const p of PROGRAMMES) {
      expect(new TextEncoder().encode(p.code).length, p.code).to.be.within(1, 32);
      expect(
        p.classifications.every((c) => c >= 1_000_000 && c <= 9_999_999),
        p.code,
      ).to.equal(true);
    }
    expect(new Set(PROGRAMMES.map((p) => p.code)).size).to.equal(PROGRAMMES.length);
  });

  it("finds every fund of a document on chain, as typed or in normal form", async function () {
    const connection = await network.create();
    const s = await deployScenario(connection);
    const first = await createFund(s, 1_000n, "黔财农〔2026〕12号");
    const second = await createFund(s, 2_000n, "黔财农〔2026〕12号", { classification: 2130504 });
    await createFund(s, 3_000n, "黔财农〔2026〕13号");
    const client = createPublicClient({ transport: custom(connection.provider) });
    const d = defineDeployment({
      chainId: 20520,
      registry: (await s.registry.getAddress()) as Address,
      ledger: (await s.ledger.getAddress()) as Address,
      rosterBook: (await s.rosterBook.getAddress()) as Address,
      deploymentBlock: 0n,
      feeMode: "zero",
    });
    const found = await findFundsByDocument(client, d, "黔财农[2026]12号");
    expect(found.map((f) => f.id)).to.deep.equal([first, second]);
    expect(found.map((f) => f.terms.classification)).to.deep.equal([2130505, 2130504]);
    expect(found[0]!.terms.documentNumber).to.equal("黔财农〔2026〕12号");
    expect(await findFundsByDocument(client, d, "黔财农〔2026〕14号")).to.deep.equal([]);
    expect(await chainTime(client)).to.be.greaterThan(0n);
  });
});
