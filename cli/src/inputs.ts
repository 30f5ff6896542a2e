/** Command-line values: ids, units by division code, documents by hash. */
import { readFileSync } from "node:fs";

import { type Address, type Hex, keccak256 } from "viem";

import { checkEdition, DEFAULT_EDITION, parseDivisionCode, unitAddress } from "@fundtrace/sdk";
import { CliError } from "./errors.ts";

/** A unit given by its division code (and edition) on the command line. */
export function unitOf(code: string, edition: string | number = DEFAULT_EDITION): Address {
  return unitAddress(parseDivisionCode(code, { strict: false }).code, checkEdition(Number(edition)));
}

/** A positive whole-number id (fund, proposal, roster). */
export function idOf(value: unknown, what: string): bigint {
  const text = String(value).trim();
  if (!/^\d{1,30}$/.test(text) || BigInt(text) === 0n)
    throw new CliError("USAGE", `${what} must be a positive whole number, not "${text}"`);
  return BigInt(text);
}

/** A whole number from 0 (an objection or entry index). */
export function indexOf(value: unknown, what: string): bigint {
  const text = String(value).trim();
  if (!/^\d{1,30}$/.test(text)) throw new CliError("USAGE", `${what} must be a whole number from 0, not "${text}"`);
  return BigInt(text);
}

/** The hash of a document: keccak-256 of the file's bytes (the file stays off chain). */
export function documentHash(path: string): Hex {
  try {
    return keccak256(readFileSync(path));
  } catch {
    throw new CliError("INPUT_FILE_UNREADABLE", `cannot read document ${path}`, { file: path });
  }
}
