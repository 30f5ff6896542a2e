/**
 * The roster record: what a bureau keeps of a published roster so that it
 * can pay it, record the bank's failures and re-issue them. It holds the
 * pseudonyms and amounts in roster order (no names, no IDs), the
 * commitment, the notice's hash and, once published, the roster id. The
 * pseudonyms are personal information under PIPL: keep the file private.
 */
import type { Hex } from "viem";

import { FundTraceError } from "./errors.ts";
import { buildRoster, type RosterCommitment } from "./roster.ts";

/** The format tag of a roster record file. */
export const ROSTER_RECORD_FORMAT = "fundtrace-roster/1";

export interface RosterRecord {
  format: typeof ROSTER_RECORD_FORMAT;
  chainId: number;
  fund: string;
  /** The village's 12-digit division code. */
  village: string;
  edition: number;
  rosterId: string | null;
  root: Hex;
  entryCount: number;
  /** Total in fen, as a decimal string. */
  total: string;
  noticeFile: string;
  noticeHash: Hex;
  /** The spreadsheet the roster was read from: its file name, encoding and keccak-256. */
  source: { file: string; encoding: string; keccak256: Hex };
  /** `[pseudonym, amount in fen]` in roster order. */
  entries: [Hex, string][];
}

/** A roster record for `roster`, not yet published (`rosterId` null). */
export function createRosterRecord(args: {
  chainId: number;
  fund: bigint;
  village: bigint;
  edition: number;
  roster: RosterCommitment;
  notice: { file: string; hash: Hex };
  source: RosterRecord["source"];
}): RosterRecord {
  return {
    format: ROSTER_RECORD_FORMAT,
    chainId: args.chainId,
    fund: args.fund.toString(),
    village: args.village.toString(),
    edition: args.edition,
    rosterId: null,
    root: args.roster.root,
    entryCount: args.roster.entryCount,
    total: args.roster.total.toString(),
    noticeFile: args.notice.file,
    noticeHash: args.notice.hash,
    source: args.source,
    entries: args.roster.pages.flatMap((p) => p.entries.map((e): [Hex, string] => [e.household, e.amount.toString()])),
  };
}

/** A roster record that cannot be used: not JSON, not a record, or changed since it was written. */
export class RosterRecordError extends FundTraceError {
  override name = "RosterRecordError";
  constructor(file: string, reason: string, cause?: unknown) {
    super("ROSTER_RECORD_INVALID", `${file}: ${reason}`, { cause, context: { file } });
  }
}

/** Whether `value` has a roster record's format tag and entry list (the entries are checked by rebuilding the root). */
function isRosterRecord(value: unknown): value is RosterRecord {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { format?: unknown; entries?: unknown };
  return v.format === ROSTER_RECORD_FORMAT && Array.isArray(v.entries);
}

/**
 * Parses a roster record and rebuilds its commitment; refuses a record
 * whose entries do not give its root and total (the file was changed).
 * `file` names the record in errors.
 */
export function parseRosterRecord(text: string, file: string): { record: RosterRecord; roster: RosterCommitment } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RosterRecordError(file, "not valid JSON", error);
  }
  if (!isRosterRecord(parsed)) throw new RosterRecordError(file, "not a FundTrace roster record");
  const record = parsed;
  let roster: RosterCommitment;
  try {
    const entries = record.entries.map(([household, amount]) => ({ household, amount: BigInt(amount) }));
    roster = buildRoster(entries, { order: "as-given" });
  } catch (error) {
    throw new RosterRecordError(file, "its entries are not a valid roster; the file was changed", error);
  }
  if (roster.root !== record.root || roster.total.toString() !== record.total) {
    throw new RosterRecordError(file, "the entries do not give the recorded root; the file was changed");
  }
  return { record, roster };
}
