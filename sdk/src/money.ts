/**
 * Money is integer fen (1 yuan = 100 fen) as `bigint`, everywhere. These
 * helpers convert exactly between fen and the yuan strings people type and
 * spreadsheets export ("1,234.50", "1234.5", "¥12"), and never go through
 * floating point.
 */
import { AmountError } from "./errors.ts";

/** Fen per yuan. */
export const FEN_PER_YUAN = 100n;
/** Largest amount the contracts store (uint128). */
export const MAX_AMOUNT = 2n ** 128n - 1n;

export interface ParseYuanOptions {
  /** Largest accepted amount in fen (default {@link MAX_AMOUNT}). */
  max?: bigint;
  /** Accept zero (default false: a payment of nothing is a mistake). */
  allowZero?: boolean;
}

const PLAIN = /^\d+(\.\d{1,2})?$/;
const GROUPED = /^\d{1,3}(,\d{3})+(\.\d{1,2})?$/;

/**
 * Parses a yuan amount into fen. Accepts digits with an optional decimal
 * point and one or two decimals, thousands separators in groups of three, a
 * leading ¥ or ￥ and surrounding spaces. Rejects numbers (pass strings),
 * negatives, more than two decimals, exponents, misplaced separators,
 * zero unless allowed, and anything above `max`.
 */
export function parseYuan(input: string, options: ParseYuanOptions = {}): bigint {
  if (typeof input !== "string") {
    throw new AmountError("must be given as a string (floating-point numbers cannot hold fen exactly)", String(input));
  }
  let text = input.trim().replace(/^[¥￥]\s*/, "");
  if (text.startsWith("-")) throw new AmountError("is negative", input);
  if (text.startsWith("+")) text = text.slice(1);
  if (text === "") throw new AmountError("is empty", input);
  if (/\.\d{3,}$/.test(text)) throw new AmountError("has more than two decimals (fen is the smallest unit)", input);
  if (!PLAIN.test(text) && !GROUPED.test(text)) {
    throw new AmountError("is not a yuan amount like 1234.50 or 1,234.50", input);
  }
  const [whole = "0", decimals = ""] = text.replaceAll(",", "").split(".");
  const fen = BigInt(whole) * FEN_PER_YUAN + BigInt(decimals.padEnd(2, "0"));
  if (fen === 0n && options.allowZero !== true) throw new AmountError("is zero", input);
  const max = options.max ?? MAX_AMOUNT;
  if (fen > max) throw new AmountError(`is above the largest accepted amount (${formatYuan(max)} yuan)`, input);
  return fen;
}

export interface FormatYuanOptions {
  /** Thousands separators (default true). */
  grouping?: boolean;
}

/** Formats fen as yuan with exactly two decimals, e.g. 123450n → "1,234.50". */
export function formatYuan(fen: bigint, options: FormatYuanOptions = {}): string {
  if (typeof fen !== "bigint") throw new AmountError("must be a bigint number of fen", String(fen));
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  let whole = (abs / FEN_PER_YUAN).toString();
  if (options.grouping !== false) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const decimals = (abs % FEN_PER_YUAN).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${decimals}`;
}
