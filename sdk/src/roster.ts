/**
 * Roster commitments as the RosterBook contract expects them.
 *
 * A roster is split into pages of at most 256 entries. Each entry is 40
 * bytes: the household's keyed pseudonym (32 bytes) and its amount in fen
 * (uint64, big-endian). The roster root is the root of an OpenZeppelin
 * StandardMerkleTree over the leaves `(uint256 page, bytes32 keccak256(pageBytes))`.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { bytesToHex, concatHex, type Hex, hexToBytes, keccak256, numberToHex, toHex } from "viem";

import { contractConstants } from "./abi/enums.ts";
import { FundTraceError } from "./errors.ts";

/** Entries per page: one bit each in the contract's 256-bit paid bitmap. */
export const PAGE_SIZE = Number(contractConstants.RosterPage.PAGE_SIZE);
/** Bytes per encoded entry. */
export const ENTRY_SIZE = Number(contractConstants.RosterPage.ENTRY_SIZE);
/** Largest amount an entry can carry (uint64 fen). */
export const MAX_ENTRY_AMOUNT = 2n ** 64n - 1n;

/** One beneficiary of a roster: a keyed pseudonym and an amount in fen. */
export interface RosterEntry {
  readonly household: Hex;
  readonly amount: bigint;
}

/** A page of a committed roster, with what a payment call needs. */
export interface RosterPage {
  readonly page: number;
  /** The entries of this page, in order. */
  readonly entries: readonly RosterEntry[];
  /** The page's entries encoded as the contract reads them. */
  readonly data: Hex;
  /** Merkle proof of the page under the roster root. */
  readonly proof: readonly Hex[];
}

/** A roster commitment: what `publishRoster` takes, plus the pages to pay from. */
export interface RosterCommitment {
  readonly root: Hex;
  readonly entryCount: number;
  readonly total: bigint;
  readonly pages: readonly RosterPage[];
}

/** Thrown when roster entries cannot be committed; names the entry at fault. */
export class RosterEntryError extends FundTraceError {
  override name = "RosterEntryError";
  readonly index: number;
  readonly field: "household" | "amount";

  constructor(index: number, field: "household" | "amount", message: string) {
    super("ROSTER_ENTRY_INVALID", `roster entry ${index}: ${field} ${message}`, { context: { index, field } });
    this.index = index;
    this.field = field;
  }
}

/** Encodes the entries of one page (40 bytes each). */
export function encodePage(entries: readonly RosterEntry[]): Hex {
  return concatHex(entries.map((e) => concatHex([e.household, numberToHex(e.amount, { size: 8 })])));
}

/** The page leaf hash as `RosterBook.pageLeaf` computes it. */
export function pageLeaf(page: number, data: Hex): Hex {
  const inner = keccak256(concatHex([numberToHex(BigInt(page), { size: 32 }), keccak256(data)]));
  return keccak256(inner);
}

/** How {@link buildRoster} orders the entries it commits. */
export interface RosterOrder {
  /**
   * `"pseudonym"` (the default) places entries in ascending order of their pseudonyms, so that an entry's on-chain
   * index says nothing about its row in the spreadsheet or the public notice (keyed pseudonyms are uniformly
   * distributed to anyone without the key). `"as-given"` keeps the caller's order: for rebuilding a commitment from
   * a record already in roster order.
   */
  order?: "pseudonym" | "as-given";
}

/**
 * Builds the commitment of a roster. Rejects empty rosters, malformed
 * pseudonyms, households given twice, and amounts that are not positive
 * uint64 fen; errors name the entry by its index in `entries`.
 */
export function buildRoster(
  entries: readonly RosterEntry[],
  { order = "pseudonym" }: RosterOrder = {},
): RosterCommitment {
  if (entries.length === 0) throw new RosterEntryError(0, "household", "list is empty");
  let total = 0n;
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (!/^0x[0-9a-fA-F]{64}$/.test(entry.household) || /^0x0{64}$/.test(entry.household)) {
      throw new RosterEntryError(index, "household", "must be a non-zero 32-byte hex pseudonym");
    }
    const earlier = seen.get(entry.household.toLowerCase());
    if (earlier !== undefined) {
      throw new RosterEntryError(index, "household", `repeats entry ${earlier}: a household is paid once per roster`);
    }
    seen.set(entry.household.toLowerCase(), index);
    if (typeof entry.amount !== "bigint" || entry.amount <= 0n || entry.amount > MAX_ENTRY_AMOUNT) {
      throw new RosterEntryError(index, "amount", "must be a positive whole number of fen below 2^64");
    }
    total += entry.amount;
  });
  const ordered =
    order === "as-given"
      ? entries
      : [...entries].sort((a, b) => {
          const x = a.household.toLowerCase();
          const y = b.household.toLowerCase();
          return x < y ? -1 : x > y ? 1 : 0;
        });
  const chunks: RosterEntry[][] = [];
  for (let i = 0; i < ordered.length; i += PAGE_SIZE) chunks.push(ordered.slice(i, i + PAGE_SIZE));
  const encoded = chunks.map((chunk) => encodePage(chunk));
  const tree = StandardMerkleTree.of(
    encoded.map((data, page) => [BigInt(page), keccak256(data)] as [bigint, Hex]),
    ["uint256", "bytes32"],
  );
  const pages = encoded.map((data, page) => ({
    page,
    entries: chunks[page] ?? [],
    data,
    proof: tree.getProof(page) as Hex[],
  }));
  return { root: tree.root as Hex, entryCount: entries.length, total, pages };
}

/** Decodes an encoded page back into entries (inverse of {@link encodePage}). */
export function decodePage(data: Hex): RosterEntry[] {
  const bytes = hexToBytes(data);
  if (bytes.length % ENTRY_SIZE !== 0)
    throw new RosterEntryError(0, "household", "page length is not a multiple of 40");
  const out: RosterEntry[] = [];
  for (let i = 0; i < bytes.length; i += ENTRY_SIZE) {
    out.push({
      household: bytesToHex(bytes.subarray(i, i + 32)),
      amount: BigInt(toHex(bytes.subarray(i + 32, i + ENTRY_SIZE))),
    });
  }
  return out;
}

/** The roster-wide index of the entry in `slot` of `page`, as the contracts number entries. */
export const entryIndex = (page: number, slot: number): bigint => BigInt(page) * BigInt(PAGE_SIZE) + BigInt(slot);

/** A bitmask selecting every entry of a page with `count` entries. */
export function selectAll(count: number): bigint {
  return (1n << BigInt(count)) - 1n;
}
