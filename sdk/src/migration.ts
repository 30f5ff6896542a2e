/**
 * Moving a deployment to fixed contracts. The fixed ledger is deployed with
 * the old one as its predecessor (on the same registry); the council seals
 * the old ledger, and with it its roster book, in its favour (a governance
 * proposal, public for its whole delay, which a guardian can veto); anyone
 * then imports, step by step, until the successor holds every fund, balance,
 * freeze, finding and roster with its paid, failed and re-issued entries.
 */
import { type Address, type Hex, isAddressEqual, type PublicClient, zeroAddress } from "viem";

import { contractCall } from "./actions/calls.ts";
import { read } from "./actions/reads.ts";
import type { FundTraceEvent } from "./decode-events.ts";
import type { Deployment } from "./deployments.ts";
import { FundTraceError } from "./errors.ts";

/** Records copied per import transaction by default: well within a 30M-gas block on the largest record, a page. */
export const IMPORT_ITEMS_PER_STEP = 40n;

/** Seals the deployment's ledger and roster book in favour of `successor`. Only governance: a council proposal. */
export const sealLedger = (d: Deployment, p: { successor: Address; documentHash: Hex }) =>
  contractCall(d, "ledger", "seal", [p.successor, p.documentHash]);

/** One import step of the successor's ledger or roster book: copies up to `maxItems` records. Anyone may send it. */
export const importStep = (d: Deployment, p: { contract: "ledger" | "rosterBook"; maxItems?: bigint }) =>
  contractCall(d, p.contract, "importStep", [p.maxItems ?? IMPORT_ITEMS_PER_STEP]);

export interface MigrationState {
  /** The ledger this deployment imports from, if it is a successor. */
  predecessor?: Address;
  /** The ledger this deployment was sealed in favour of: then nothing here changes again. */
  successor?: Address;
  /** Whether the ledger, and the roster book, are still importing (no other write is taken meanwhile). */
  importing: { ledger: boolean; rosterBook: boolean };
}

/** Where the deployment stands: first deployment, successor still importing, in use, or sealed. */
export async function readMigration(
  client: PublicClient,
  d: Deployment,
  blockNumber?: bigint,
): Promise<MigrationState> {
  const [predecessor, successor, ledger, rosterBook] = await Promise.all([
    read(client, d, "ledger", "predecessor", [], blockNumber),
    read(client, d, "ledger", "successor", [], blockNumber),
    read(client, d, "ledger", "importing", [], blockNumber),
    read(client, d, "rosterBook", "importing", [], blockNumber),
  ]);
  return {
    ...(predecessor === zeroAddress ? {} : { predecessor }),
    ...(successor === zeroAddress ? {} : { successor }),
    importing: { ledger, rosterBook },
  };
}

/** The event with which each contract's import ends: once a step emits it, that contract takes writes. */
const IMPORT_FINISHED = { ledger: "LedgerImported", rosterBook: "RostersImported" } as const;

/** Whether the events of an {@link importStep} transaction show that `contract`'s import is complete. */
export const importFinished = (contract: "ledger" | "rosterBook", events: readonly FundTraceEvent[]): boolean =>
  events.some((e) => e.eventName === IMPORT_FINISHED[contract]);

/**
 * Checks, before the council proposes it, that sealing `d` in favour of
 * `successor` would execute: the successor names `d`'s ledger as its
 * predecessor and still imports. (Otherwise the proposal would fail only at
 * execution, a governance delay later.) Throws `MIGRATION_INVALID`.
 */
export async function assertSuccessorOf(client: PublicClient, d: Deployment, successor: Address): Promise<void> {
  const at = { ...d, ledger: successor };
  // A contract that is not a FundTrace ledger at all answers neither view.
  const [predecessor, importing] = await Promise.all([
    read(client, at, "ledger", "predecessor", []).catch(() => zeroAddress),
    read(client, at, "ledger", "importing", []).catch(() => false),
  ]);
  if (!isAddressEqual(predecessor, d.ledger) || !importing) {
    throw new FundTraceError(
      "MIGRATION_INVALID",
      `${successor} is not a successor of ledger ${d.ledger} still importing: deploy one with the current ledger as its predecessor`,
      { context: { successor, ledger: d.ledger, predecessor, importing } },
    );
  }
}

/**
 * Checks that the successor `d` can import now and returns its migration
 * state: it has a predecessor, sealed in its favour. Throws `MIGRATION_INVALID`.
 */
export async function assertReadyToImport(client: PublicClient, d: Deployment): Promise<MigrationState> {
  const state = await readMigration(client, d);
  if (state.predecessor === undefined) {
    throw new FundTraceError(
      "MIGRATION_INVALID",
      `ledger ${d.ledger} is a first deployment: there is nothing to import`,
      {
        context: { ledger: d.ledger },
      },
    );
  }
  const sealedFor = await read(client, { ...d, ledger: state.predecessor }, "ledger", "successor", []);
  if (!isAddressEqual(sealedFor, d.ledger)) {
    throw new FundTraceError(
      "MIGRATION_INVALID",
      `the predecessor ${state.predecessor} is not sealed in favour of ledger ${d.ledger} yet: the council's seal proposal must be executed first`,
      { context: { ledger: d.ledger, predecessor: state.predecessor, sealedFor } },
    );
  }
  return state;
}
