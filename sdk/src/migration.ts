/**
 * Moving a deployment to fixed contracts. The fixed ledger is deployed with
 * the old one as its predecessor (on the same registry); the council seals
 * the old ledger, and with it its roster book, in its favour (a governance
 * proposal, public for its whole delay, which a guardian can veto); anyone
 * then imports, step by step, until the successor holds every fund, balance,
 * freeze, finding and roster with its paid, failed and re-issued entries.
 */
import { type Address, type Hex, type PublicClient, zeroAddress } from "viem";

import { contractCall } from "./actions/calls.ts";
import { read } from "./actions/reads.ts";
import type { Deployment } from "./deployments.ts";

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
