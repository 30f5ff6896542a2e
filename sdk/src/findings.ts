/**
 * What an inspector's finding is attached to, and the finding categories.
 * `recordFinding` takes a record kind and a number; this module is the one
 * place that knows how each kind of record becomes that number.
 */
import { type Address, type Hash, hexToBigInt } from "viem";

import { RecordKind } from "./abi/enums.ts";

/** A record a finding can name. */
export type FindingTarget =
  | { kind: "unit"; unit: Address }
  | { kind: "fund"; fund: bigint }
  | { kind: "proposal"; proposalId: bigint }
  | { kind: "roster"; rosterId: bigint }
  | { kind: "entry"; rosterId: bigint; entry: bigint }
  | { kind: "transaction"; hash: Hash };

/** Bits of a roster entry's record id taken by the entry index (`rosterId << 32 | entry`). */
export const ENTRY_RECORD_BITS = 32n;

/** The record kind and id `recordFinding` takes for `target`. */
export function findingRecord(target: FindingTarget): { kind: RecordKind; recordId: bigint } {
  switch (target.kind) {
    case "unit":
      return { kind: RecordKind.Unit, recordId: hexToBigInt(target.unit) };
    case "fund":
      return { kind: RecordKind.Fund, recordId: target.fund };
    case "proposal":
      return { kind: RecordKind.Proposal, recordId: target.proposalId };
    case "roster":
      return { kind: RecordKind.Roster, recordId: target.rosterId };
    case "entry":
      return { kind: RecordKind.RosterEntry, recordId: (target.rosterId << ENTRY_RECORD_BITS) | target.entry };
    case "transaction":
      return { kind: RecordKind.Transaction, recordId: hexToBigInt(target.hash) };
  }
}

/**
 * Finding categories by name (docs/contracts.md). Any number from 1 to
 * 65,535 is a valid category on chain; these are the ones with names.
 */
export const FINDING_CATEGORIES = {
  withholding: 1,
  diversion: 2,
  "false-claim": 3,
  "idle-balance": 4,
  favouritism: 5,
  "no-announcement": 6,
  other: 99,
} as const satisfies Record<string, number>;

export type FindingCategoryName = keyof typeof FINDING_CATEGORIES;

/** Whether `name` is one of {@link FINDING_CATEGORIES}. */
export const isFindingCategoryName = (name: string): name is FindingCategoryName =>
  Object.hasOwn(FINDING_CATEGORIES, name);
