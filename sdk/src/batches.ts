/**
 * Splitting a payment list into transactions that fit a gas budget.
 *
 * The estimate is a linear model measured on the consortium fork (see
 * docs/benchmarks.md): a fixed cost per transaction, per page (proof, bitmap
 * word) and per household (calldata, record). It errs high; the test checks
 * planned batches against the node's own gas estimate.
 */
import { FundTraceError } from "./errors.ts";
import type { RosterPage } from "./roster.ts";

export interface GasModel {
  perTransaction: bigint;
  perPage: bigint;
  perHousehold: bigint;
}

/** Upper bounds for `RosterBook.disburse` at Berlin (measured: about 2,660 per household at the margin). */
export const DISBURSE_GAS: GasModel = { perTransaction: 120_000n, perPage: 40_000n, perHousehold: 2_900n };

/** Estimated gas of paying `households` entries spread over `pages` pages in one call. */
export function estimateDisburseGas(pages: number, households: number, model: GasModel = DISBURSE_GAS): bigint {
  return model.perTransaction + model.perPage * BigInt(pages) + model.perHousehold * BigInt(households);
}

/**
 * Groups whole pages into batches whose estimate stays within `gasBudget`
 * (e.g. half the block gas limit). Pages are never split: a page is the unit
 * of proof and of the paid bitmap.
 */
export function planBatches(pages: readonly RosterPage[], gasBudget: bigint, model: GasModel = DISBURSE_GAS): RosterPage[][] {
  const single = estimateDisburseGas(1, 256, model);
  if (gasBudget < single) {
    throw new FundTraceError("GAS_BUDGET_TOO_SMALL", `a gas budget of ${gasBudget} cannot hold one full page (about ${single})`);
  }
  const batches: RosterPage[][] = [];
  let current: RosterPage[] = [];
  let households = 0;
  for (const page of pages) {
    const next = estimateDisburseGas(current.length + 1, households + page.entries.length, model);
    if (current.length > 0 && next > gasBudget) {
      batches.push(current);
      current = [];
      households = 0;
    }
    current.push(page);
    households += page.entries.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
