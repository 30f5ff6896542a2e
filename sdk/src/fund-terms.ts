/**
 * A fund's public terms as the budget documents give them, checked the way
 * the ledger checks them, so that a bad value is named before anything is
 * sent: the document number (文号), the expenditure function classification
 * code, the programme, the source level and the dates the Budget Law's
 * deadlines count from. See docs/contracts.md, "Fund terms".
 */
import type { Address, Hex } from "viem";

import { contractConstants, Level, SourceLevel, type TransferType } from "./abi/enums.ts";
import { formatDivisionCode, levelOf, unitCode } from "./division.ts";
import { FundTraceError } from "./errors.ts";
import { programmeOf } from "./programmes.ts";

export type SourceLevelName = "central" | "provincial" | "city" | "county";

/** Each source level: its contract value and the unit level a fund of it enters at (the ledger's rule). */
export const SOURCE_LEVELS: Readonly<Record<SourceLevelName, { value: SourceLevel; entry: Level }>> = {
  central: { value: SourceLevel.Central, entry: Level.Province },
  provincial: { value: SourceLevel.Provincial, entry: Level.Province },
  city: { value: SourceLevel.City, entry: Level.City },
  county: { value: SourceLevel.County, entry: Level.County },
};

export const sourceLevelName = (value: number): SourceLevelName => {
  const entry = Object.entries(SOURCE_LEVELS).find(([, s]) => s.value === value);
  if (entry === undefined) throw new FundTraceError("FUND_TERMS_INVALID", `${value} is not a source level`);
  return entry[0] as SourceLevelName;
};

/** The longest document number and programme code the ledger keeps, in bytes of UTF-8. */
export const MAX_DOCUMENT_NUMBER_BYTES = 96;
export const MAX_PROGRAMME_CODE_BYTES = 32;

/** The most payments one household may receive from one fund (the contracts refuse more). */
export const MAX_INSTALMENTS = Number(contractConstants.FundLedger.MAX_INSTALMENTS);

export interface FundTermsInput {
  /** The unit that receives the fund, at its source's level (central and provincial: a province). */
  unit: Address;
  /** The budget document's number as printed, e.g. 黔财农〔2026〕12号 (see {@link normaliseDocumentNumber}). */
  documentNumber: string;
  /** The 7-digit expenditure function classification code, e.g. 2130505 (生产发展). */
  classification: number;
  /** The programme's code in {@link PROGRAMMES}. */
  programme: string;
  fiscalYear: number;
  source: SourceLevel;
  transferType: TransferType;
  amount: bigint;
  /**
   * How many times the fund may pay one household, each time on its own
   * roster: 1 (the default) for a one-off payment, up to
   * {@link MAX_INSTALMENTS} for a fund paid in instalments.
   */
  instalments?: number;
  /** Seconds: the people's congress approved the source budget. Required unless central; 0 when not given. */
  budgetApprovedAt: bigint;
  /** Seconds: the unit received the transfer document. Required for central transfers; 0 when not given. */
  receivedAt: bigint;
  documentHash: Hex;
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/**
 * A document number in the form GB/T 9704-2012 (7.2.5) prescribes for 发文字号:
 * the year in full inside hexagonal brackets 〔〕, the sequence number
 * without leading zeros, followed by 号. Other brackets around the year
 * ([] () （） 【】 ［］), full-width digits and spaces are what spreadsheets
 * and typists produce; they are brought to that form so that one document
 * has one number on chain and lookups find it.
 */
export function normaliseDocumentNumber(text: string): string {
  const ascii = text.normalize("NFC").replace(/[\uff10-\uff19]/g, (d) => String(d.charCodeAt(0) - 0xff10));
  const compact = ascii.replace(/[\s\u3000]+/g, "");
  return compact.replace(/[[(（【［〔](\d{4})[\])）】］〕]/u, "〔$1〕").replace(/〕0+(\d+)号/u, "〕$1号");
}

/** Refuses a document number the ledger would refuse (1 to 96 bytes) or one not in its normal form. */
export function checkDocumentNumber(document: string): void {
  const bytes = utf8Length(document);
  const fail = (message: string): never => {
    throw new FundTraceError("FUND_TERMS_INVALID", `documentNumber: ${message}`, {
      context: { field: "documentNumber", value: document },
    });
  };
  if (bytes === 0 || bytes > MAX_DOCUMENT_NUMBER_BYTES)
    fail(`must be 1 to ${MAX_DOCUMENT_NUMBER_BYTES} bytes of UTF-8, not ${bytes}`);
  if (normaliseDocumentNumber(document) !== document)
    fail(`write it as ${normaliseDocumentNumber(document)} (GB/T 9704-2012)`);
}

/** Seconds since 1970 at 00:00 China Standard Time (UTC+8) of a `YYYY-MM-DD` date. */
export function chinaDate(text: string, field: string): bigint {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const ms = match ? Date.parse(`${match[1]}-${match[2]}-${match[3]}T00:00:00+08:00`) : NaN;
  if (Number.isNaN(ms) || new Date(ms + 8 * 3600_000).toISOString().slice(0, 10) !== text.trim()) {
    throw new FundTraceError("FUND_TERMS_INVALID", `${field} must be a date written YYYY-MM-DD, not "${text}"`, {
      context: { field, value: text },
    });
  }
  return BigInt(ms / 1000);
}

/** The China Standard Time date (YYYY-MM-DD) of a chain time in seconds; "-" for 0 (not given). */
export const chinaDateText = (seconds: bigint): string =>
  seconds === 0n ? "-" : new Date(Number(seconds) * 1000 + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Refuses terms the ledger would refuse, naming the field: the unit (at
 * the source's entry level: central and provincial funds at a province,
 * city and county funds at their own level), the document
 * number (1 to 96 bytes, in normal form), the programme (one of the
 * catalogue), the classification (7 digits, one the programme allows), the
 * instalments, the amount, and the dates (a central transfer needs
 * `receivedAt`, other funds `budgetApprovedAt`; given `now`, the chain's
 * time, neither may be later).
 */
export function checkFundTerms(terms: FundTermsInput, now?: bigint): void {
  const fail = (field: string, message: string, value: unknown): never => {
    throw new FundTraceError("FUND_TERMS_INVALID", `${field}: ${message}`, {
      context: { field, value: typeof value === "bigint" ? value.toString() : value },
    });
  };
  const sourceName = sourceLevelName(terms.source);
  const unit = unitCode(terms.unit);
  const entry = SOURCE_LEVELS[sourceName].entry;
  if (unit === undefined || levelOf(unit.code) !== entry)
    fail(
      "unit",
      `a ${sourceName} fund enters at a ${entry === Level.Province ? "province" : sourceName}, not at ${unit === undefined ? terms.unit : formatDivisionCode(unit.code)}`,
      terms.unit,
    );
  checkDocumentNumber(terms.documentNumber);
  const programme = programmeOf(terms.programme);
  if (programme === undefined)
    fail("programme", `"${terms.programme}" is not in the programme catalogue`, terms.programme);
  if (!Number.isInteger(terms.classification) || terms.classification < 1_000_000 || terms.classification > 9_999_999)
    fail("classification", "must be a 7-digit function classification code such as 2130505", terms.classification);
  if (programme !== undefined && !programme.classifications.includes(terms.classification))
    fail(
      "classification",
      `${terms.classification} is not one of programme ${programme.code}'s codes (${programme.classifications.join(", ")})`,
      terms.classification,
    );
  if (!programme?.sources.includes(sourceName))
    fail("source", `programme ${terms.programme} is not funded from ${sourceName} budgets`, terms.source);
  if (!Number.isInteger(terms.fiscalYear) || terms.fiscalYear < 2000 || terms.fiscalYear > 2099)
    fail("fiscalYear", "must be a year from 2000 to 2099", terms.fiscalYear);
  if (terms.amount <= 0n) fail("amount", "must be more than 0 fen", terms.amount);
  const instalments = terms.instalments ?? 1;
  if (!Number.isInteger(instalments) || instalments < 1 || instalments > MAX_INSTALMENTS)
    fail("instalments", `must be a whole number from 1 to ${MAX_INSTALMENTS}`, instalments);
  const central = terms.source === SourceLevel.Central;
  if (central && terms.receivedAt === 0n) fail("receivedAt", "a central transfer needs the date it was received", 0n);
  if (!central && terms.budgetApprovedAt === 0n)
    fail("budgetApprovedAt", "a provincial, city or county fund needs the date its budget was approved", 0n);
  if (now !== undefined && terms.receivedAt > now)
    fail("receivedAt", "is later than the chain's time", terms.receivedAt);
  if (now !== undefined && terms.budgetApprovedAt > now)
    fail("budgetApprovedAt", "is later than the chain's time", terms.budgetApprovedAt);
}
