/**
 * China's 12-digit statistical division codes (province 2 + city 2 + county
 * 2 + township 3 + village 3 digits), with the same rules as the contracts'
 * `DivisionCode` library, and the derived on-chain addresses of units.
 */
import { type Address, getAddress } from "viem";

import { contractConstants, Level } from "./abi/enums.ts";
import { DivisionCodeError } from "./errors.ts";

const RULES = contractConstants.DivisionCode;

/** Province-level segments: mainland, Taiwan (71), Hong Kong (81), Macao (82); the contracts' bitmask, as a set. */
export const PROVINCE_SEGMENTS: ReadonlySet<number> = new Set(
  Array.from({ length: 100 }, (_, segment) => segment).filter(
    (segment) => (RULES.PROVINCE_SEGMENTS >> BigInt(segment)) & 1n,
  ),
);
/** City segment grouping county-level units directly under the province. */
export const DIRECT_COUNTY_CITY_SEGMENT = Number(RULES.DIRECT_COUNTY_CITY_SEGMENT);
/** Cities without counties, whose townships carry county segment 00 (2023 edition). */
export const CITIES_WITHOUT_COUNTIES: ReadonlySet<bigint> = new Set([441900000000n, 442000000000n, 460400000000n]);
/** Highest township or village segment in use (400-599: township- or village-like units). */
export const MAX_LOCAL_SEGMENT = Number(RULES.MAX_LOCAL_SEGMENT);
/** The first edition of the statistical division codes. */
export const FIRST_EDITION = Number(contractConstants.UnitRegistry.FIRST_EDITION);
/** The last edition year the registry accepts. */
export const LAST_EDITION = Number(contractConstants.UnitRegistry.LAST_EDITION);
/** The edition used where none is given: the latest published (fixed at 30 June 2023). */
export const DEFAULT_EDITION = 2023;

const P = RULES.PROVINCE_UNIT;
const C = RULES.CITY_UNIT;
const K = RULES.COUNTY_UNIT;
const T = RULES.TOWNSHIP_UNIT;

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
  if (code < 0n || code >= RULES.CODE_LIMIT) return Level.None;
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

/**
 * The units that may pay a village's roster, as the roster book allows: the village itself, its township, or the
 * unit above that (its county; under a city without counties, the city), where the county treasury pays villages'
 * households (乡财县管, 县级报账制).
 */
export function rosterPayerCodes(village: bigint): bigint[] {
  if (levelOf(village) !== Level.Village) throw new DivisionCodeError("is not a village code", village.toString());
  const township = parentOf(village);
  return [village, township, parentOf(township)];
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
    throw new DivisionCodeError(
      `has province segment ${String(s.province).padStart(2, "0")}, which is not a province`,
      text,
    );
  }
  const level = levelOf(code);
  if (level === Level.None) {
    if (code % K === 0n && s.city === DIRECT_COUNTY_CITY_SEGMENT) {
      throw new DivisionCodeError("uses city segment 90, which groups counties and is not a city", text);
    }
    if (s.township > MAX_LOCAL_SEGMENT)
      throw new DivisionCodeError(`has township segment ${s.township}, above 599`, text);
    if (s.township === 0) throw new DivisionCodeError("has a village segment under township segment 000", text);
    throw new DivisionCodeError(`has village segment ${s.village}, above 599`, text);
  }
  if (
    options.strict !== false &&
    level === Level.Township &&
    s.county === 0 &&
    !CITIES_WITHOUT_COUNTIES.has(code - (code % C))
  ) {
    throw new DivisionCodeError(
      "has county segment 00, but its city is not one of the cities without counties (441900, 442000, 460400)",
      text,
    );
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
  if (!Number.isInteger(edition) || edition < FIRST_EDITION || edition > LAST_EDITION) {
    throw new DivisionCodeError(
      `edition ${edition} is not a four-digit year from ${FIRST_EDITION} on`,
      String(edition),
    );
  }
  return edition;
}

const UNIT_TAG = RULES.UNIT_TAG.toString(16);
const HOUSEHOLDS_TAG = RULES.HOUSEHOLDS_TAG.toString(16);

/**
 * The derived address of the unit with `code` in `edition`, as the registry
 * computes it: the unit tag (`0xfd`), zeros, then the edition and the code as digits.
 */
export function unitAddress(code: bigint, edition: number): Address {
  const digits = `${checkEdition(edition)}${code.toString().padStart(12, "0")}`;
  return getAddress(`0x${UNIT_TAG}${"0".repeat(38 - digits.length)}${digits}`);
}

/** Whether `address` is a unit address made by {@link unitAddress}. */
export const isUnitAddress = (address: string): boolean => address.toLowerCase().startsWith(`0x${UNIT_TAG}`);

/** Whether `address` is a village's households address (see {@link householdsAddress}). */
export const isHouseholdsAddress = (address: string): boolean =>
  address.toLowerCase().startsWith(`0x${HOUSEHOLDS_TAG}`);

/**
 * The address that holds, as a token balance, what village `unit` paid to
 * households: the unit address with the households tag (`0xfe`) in place of the unit tag.
 */
export function householdsAddress(unit: Address): Address {
  if (!isUnitAddress(unit)) throw new DivisionCodeError("is not a unit address", unit);
  return getAddress(`0x${HOUSEHOLDS_TAG}${unit.slice(4)}`);
}

/** The village whose households address is `address` (the inverse of {@link householdsAddress}). */
export function villageOfHouseholds(address: Address): Address {
  if (!isHouseholdsAddress(address)) throw new DivisionCodeError("is not a households address", address);
  return getAddress(`0x${UNIT_TAG}${address.slice(4)}`);
}

/** The code and edition of a unit address made by {@link unitAddress}, or undefined for any other address. */
export function unitCode(address: Address): { code: bigint; edition: number } | undefined {
  if (!isUnitAddress(address)) return undefined;
  const match = /^0x[0-9a-f]{2}0*(\d{4})(\d{12})$/i.exec(address);
  if (match === null) return undefined;
  return { edition: Number(match[1]), code: BigInt(match[2]!) };
}

/** What an address in a fund's movements stands for: a unit, a village's households, or anything else. */
export type AddressRole =
  | { kind: "unit"; code: bigint; edition: number }
  | { kind: "households"; village: Address; code: bigint; edition: number }
  | { kind: "account" };

/** Reads a unit or households address back into its division code and edition. */
export function addressRole(address: Address): AddressRole {
  if (isHouseholdsAddress(address)) {
    const village = villageOfHouseholds(address);
    const unit = unitCode(village);
    if (unit !== undefined) return { kind: "households", village, ...unit };
  }
  const unit = unitCode(address);
  return unit === undefined ? { kind: "account" } : { kind: "unit", ...unit };
}
