/**
 * China's 12-digit statistical division codes (province 2 + city 2 + county
 * 2 + township 3 + village 3 digits), with the same rules as the contracts'
 * `DivisionCode` library, and the derived on-chain addresses of units.
 */
import { type Address, getAddress } from "viem";

import { DivisionCodeError } from "./errors.ts";

/** Administrative levels, numbered as in the contracts' `Level` enum. */
export const Level = { None: 0, Province: 1, City: 2, County: 3, Township: 4, Village: 5 } as const;
export type Level = (typeof Level)[keyof typeof Level];

/** Province-level segments: mainland, Taiwan (71), Hong Kong (81), Macao (82). */
export const PROVINCE_SEGMENTS: ReadonlySet<number> = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82,
]);
/** City segment grouping county-level units directly under the province. */
export const DIRECT_COUNTY_CITY_SEGMENT = 90;
/** Cities without counties, whose townships carry county segment 00 (2023 edition). */
export const CITIES_WITHOUT_COUNTIES: ReadonlySet<bigint> = new Set([441900000000n, 442000000000n, 460400000000n]);
/** Highest township or village segment in use (400-599: township- or village-like units). */
export const MAX_LOCAL_SEGMENT = 599;
/** The first edition of the statistical division codes. */
export const FIRST_EDITION = 2009;

const P = 10n ** 10n;
const C = 10n ** 8n;
const K = 10n ** 6n;
const T = 10n ** 3n;

export interface DivisionCode {
  code: bigint;
  level: Level;
  /** The code of the unit directly above (0n for a province). */
  parent: bigint;
  segments: { province: number; city: number; county: number; township: number; village: number };
}

function segmentsOf(code: bigint): DivisionCode["segments"] {
  return {
    province: Number(code / P),
    city: Number((code / C) % 100n),
    county: Number((code / K) % 100n),
    township: Number((code / T) % 1000n),
    village: Number(code % T),
  };
}

/** The level a code denotes, or `Level.None` when it breaks the segment rules (as the contracts decide). */
export function levelOf(code: bigint): Level {
  if (code < 0n || code >= 10n ** 12n) return Level.None;
  const s = segmentsOf(code);
  if (!PROVINCE_SEGMENTS.has(s.province)) return Level.None;
  if (code % P === 0n) return Level.Province;
  if (code % C === 0n) return s.city === DIRECT_COUNTY_CITY_SEGMENT ? Level.None : Level.City;
  if (code % K === 0n) return Level.County;
  if (code % T === 0n) return s.township > MAX_LOCAL_SEGMENT ? Level.None : Level.Township;
  if (s.township === 0 || s.township > MAX_LOCAL_SEGMENT || s.village > MAX_LOCAL_SEGMENT) return Level.None;
  return Level.Village;
}

/** The code of the unit directly above a valid code (0n for a province). */
export function parentOf(code: bigint): bigint {
  switch (levelOf(code)) {
    case Level.Province:
      return 0n;
    case Level.City:
      return code - (code % P);
    case Level.County: {
      const city = code - (code % C);
      return Number((city / C) % 100n) === DIRECT_COUNTY_CITY_SEGMENT ? code - (code % P) : city;
    }
    case Level.Township: {
      const county = code - (code % K);
      return (county / K) % 100n === 0n ? code - (code % C) : county;
    }
    case Level.Village:
      return code - (code % T);
    default:
      throw new DivisionCodeError("is not a valid division code", code.toString());
  }
}

export interface ParseDivisionCodeOptions {
  /**
   * Also reject townships with county segment 00 under cities other than the
   * known countyless ones (the contracts accept any). Default true.
   */
  strict?: boolean;
}

/**
 * Parses a division code given as 12 digits (spaces allowed, as in
 * "520102 003 201") and checks its segments. Throws {@link DivisionCodeError}
 * naming what is wrong.
 */
export function parseDivisionCode(input: string | bigint, options: ParseDivisionCodeOptions = {}): DivisionCode {
  const text = typeof input === "bigint" ? input.toString() : input.replace(/\s+/g, "");
  if (!/^\d{12}$/.test(text)) throw new DivisionCodeError("must have exactly 12 digits", String(input));
  const code = BigInt(text);
  const s = segmentsOf(code);
  if (!PROVINCE_SEGMENTS.has(s.province)) {
    throw new DivisionCodeError(`has province segment ${String(s.province).padStart(2, "0")}, which is not a province`, text);
  }
  const level = levelOf(code);
  if (level === Level.None) {
    if (code % K === 0n && s.city === DIRECT_COUNTY_CITY_SEGMENT) {
      throw new DivisionCodeError("uses city segment 90, which groups counties and is not a city", text);
    }
    if (s.township > MAX_LOCAL_SEGMENT) throw new DivisionCodeError(`has township segment ${s.township}, above 599`, text);
    if (s.township === 0) throw new DivisionCodeError("has a village segment under township segment 000", text);
    throw new DivisionCodeError(`has village segment ${s.village}, above 599`, text);
  }
  if (options.strict !== false && level === Level.Township && s.county === 0 && !CITIES_WITHOUT_COUNTIES.has(code - (code % C))) {
    throw new DivisionCodeError("has county segment 00, but its city is not one of the cities without counties (441900, 442000, 460400)", text);
  }
  return { code, level, parent: parentOf(code), segments: s };
}

/** Formats a code with spaces between county, township and village parts: "520102 003 201". */
export function formatDivisionCode(code: bigint): string {
  const text = code.toString().padStart(12, "0");
  return `${text.slice(0, 6)} ${text.slice(6, 9)} ${text.slice(9)}`;
}

/** Checks a division-code edition year (four digits, from 2009 on). */
export function checkEdition(edition: number): number {
  if (!Number.isInteger(edition) || edition < FIRST_EDITION || edition > 9999) {
    throw new DivisionCodeError(`edition ${edition} is not a four-digit year from ${FIRST_EDITION} on`, String(edition));
  }
  return edition;
}

/**
 * The derived address of the unit with `code` in `edition`, as the registry
 * computes it: `0xfd`, zeros, then the edition and the code as digits.
 */
export function unitAddress(code: bigint, edition: number): Address {
  const digits = `${checkEdition(edition)}${code.toString().padStart(12, "0")}`;
  return getAddress(`0xfd${"0".repeat(38 - digits.length)}${digits}`);
}

/** The address that holds, as a token balance, what village `unit` paid to households. */
export function householdsAddress(unit: Address): Address {
  if (!unit.toLowerCase().startsWith("0xfd")) throw new DivisionCodeError("is not a unit address", unit);
  return getAddress(`0xfe${unit.slice(4)}`);
}

/** The code and edition of a unit address made by {@link unitAddress}, or undefined for any other address. */
export function unitCode(address: Address): { code: bigint; edition: number } | undefined {
  const match = /^0xfd0*(\d{4})(\d{12})$/i.exec(address);
  if (match === null) return undefined;
  return { edition: Number(match[1]), code: BigInt(match[2]!) };
}
