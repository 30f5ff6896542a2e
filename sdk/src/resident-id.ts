/**
 * Resident identity numbers (GB 11643) and the keyed pseudonyms that stand
 * for households on chain.
 *
 * A plain hash of an 18-digit ID is not a pseudonym: with the county known
 * there are about 4x10^7 candidates and one CPU core reverses a SHA-256 in
 * minutes. The pseudonym is HMAC-SHA256 under a secret bureau key held off
 * chain; whoever lacks the key cannot link or reverse it, and destroying the
 * key unlinks every record.
 */
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex, type Hex, hexToBytes, isHex } from "viem";

import { PROVINCE_SEGMENTS } from "./division.ts";
import { PseudonymKeyError, ResidentIdError } from "./errors.ts";

/** GB 11643 check-digit weights, MOD 11-2. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";
/** Minimum key length: 256 bits. */
export const MIN_KEY_BYTES = 32;
/**
 * Domain separation: a FundTrace household pseudonym, format version 2. Version 2 is scoped to one fund: the same
 * person has unrelated pseudonyms in different funds (and so in different years), and only the key links them.
 */
const PSEUDONYM_CONTEXT = "fundtrace/household/v2:";

/** Shows only the last four characters of an ID, for messages and notices. */
export function maskResidentId(id: string): string {
  const clean = id.trim();
  return clean.length <= 4 ? "*".repeat(clean.length) : `${"*".repeat(clean.length - 4)}${clean.slice(-4)}`;
}

/** The GB 11643 check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export interface ResidentId {
  /** Normalised: 18 characters, upper-case X. */
  id: string;
  areaCode: string;
  birthDate: { year: number; month: number; day: number };
  /** Odd sequence: male; even: female (GB 11643). */
  sex: "male" | "female";
}

/**
 * Validates an 18-character resident ID: digits with a final digit or X, a
 * valid province, a real birth date not in the future, and the MOD 11-2 check
 * character. Errors show only the last four characters.
 */
export function parseResidentId(input: string, today: Date = new Date()): ResidentId {
  const id = input.trim().toUpperCase();
  const masked = maskResidentId(id);
  if (!/^\d{17}[\dX]$/.test(id)) throw new ResidentIdError("must be 17 digits and a final digit or X", masked);
  if (!PROVINCE_SEGMENTS.has(Number(id.slice(0, 2)))) throw new ResidentIdError("has an unknown province code", masked);
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new ResidentIdError("has an invalid birth date", masked);
  }
  if (date.getTime() > today.getTime()) throw new ResidentIdError("has a birth date in the future", masked);
  if (checkCharacter(id.slice(0, 17)) !== id[17]) throw new ResidentIdError("has a wrong check digit", masked);
  return {
    id,
    areaCode: id.slice(0, 6),
    birthDate: { year, month, day },
    sex: Number(id[16]) % 2 === 1 ? "male" : "female",
  };
}

/**
 * A bureau's secret pseudonym key. Its bytes stay inside: it prints, logs and
 * serialises as `[PseudonymKey]`, so it never ends up in output by accident.
 */
export class PseudonymKey {
  readonly #bytes: Uint8Array;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** Wraps key bytes (at least 32). The caller's array is copied. */
  static fromBytes(bytes: Uint8Array): PseudonymKey {
    if (!(bytes instanceof Uint8Array) || bytes.length < MIN_KEY_BYTES) {
      throw new PseudonymKeyError(`must be at least ${MIN_KEY_BYTES} bytes`);
    }
    return new PseudonymKey(Uint8Array.from(bytes));
  }

  /** Wraps a 0x-prefixed hex key of at least 32 bytes. */
  static fromHex(hex: string): PseudonymKey {
    if (!isHex(hex, { strict: true }) || hex.length % 2 !== 0) throw new PseudonymKeyError("must be 0x-prefixed hex");
    return PseudonymKey.fromBytes(hexToBytes(hex));
  }

  /**
   * The keyed pseudonym of a validated resident ID in `fund`. Within one fund it is the same in every village, so the
   * chain refuses a household's second payment of the fund; across funds nobody without the key can link it.
   */
  pseudonym(id: ResidentId, fund: bigint): Hex {
    if (typeof fund !== "bigint" || fund <= 0n) throw new PseudonymKeyError("needs a fund id above zero as scope");
    const message = `${PSEUDONYM_CONTEXT}fund=${fund.toString()}:${id.id}`;
    return bytesToHex(hmac(sha256, this.#bytes, new TextEncoder().encode(message)));
  }

  toString(): string {
    return "[PseudonymKey]";
  }

  toJSON(): string {
    return "[PseudonymKey]";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "[PseudonymKey]";
  }
}

/**
 * One person's pseudonym in each of `funds`: what following them across funds takes, which only the key holder can
 * do. Each fund id must be above zero.
 */
export function pseudonymsInFunds(key: PseudonymKey, id: ResidentId, funds: readonly bigint[]): Hex[] {
  return funds.map((fund) => key.pseudonym(id, fund));
}

/** Validates `residentId` and returns its pseudonym under `key` in `fund`. */
export function householdPseudonym(key: PseudonymKey, residentId: string, fund: bigint): Hex {
  return key.pseudonym(parseResidentId(residentId), fund);
}
