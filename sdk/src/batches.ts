/**
 * Planning payment transactions: what is due on each page of a roster (from
 * the contract's page bitmaps), and how to group it into transactions that
 * fit a gas budget and, optionally, a bank's cap on households per file.
 *
 * The gas estimate is a linear model measured on the consortium fork (see
 * docs/benchmarks.md): a fixed cost per transaction, per page (enrolled
 * hash, bitmap word) and per household (calldata, record). It errs high; a test
 * checks planned transactions against the node's own gas estimate.
 */
import { FundTraceError } from "./errors.ts";
import { type RosterPage, selectAll } from "./roster.ts";

export interface GasModel {
  perTransaction: bigint;
  perPage: bigint;
  perHousehold: bigint;
}

/**
 * Upper bounds for `RosterBook.disburse` and `reissue` at Berlin (measured: about 2,660 per household at the margin).
 */
export const DISBURSE_GAS: GasModel = { perTransaction: 120_000n, perPage: 40_000n, perHousehold: 2_900n };

/** Estimated gas of one call carrying `pages` pages with `entries` entries in all. */
export function estimateDisburseGas(pages: number, entries: number, model: GasModel = DISBURSE_GAS): bigint {
  return model.perTransaction + model.perPage * BigInt(pages) + model.perHousehold * BigInt(entries);
}

/**
 * Upper bounds for `RosterBook.enrolPages`: each entry claims its household for the fund (a new storage slot,
 * about 22,100 gas) and each page stores its hash and proof (measured in docs/benchmarks.md).
 */
export const ENROL_GAS: GasModel = { perTransaction: 80_000n, perPage: 60_000n, perHousehold: 26_000n };

/**
 * Groups a roster's pages into `enrolPages` transactions within `gasBudget`,
 * in page order. Each page travels whole.
 */
export function planEnrolment(
  pages: readonly RosterPage[],
  gasBudget: bigint,
  model: GasModel = ENROL_GAS,
): RosterPage[][] {
  const groups: RosterPage[][] = [];
  let current: RosterPage[] = [];
  let entries = 0;
  for (const page of pages) {
    const alone = estimateDisburseGas(1, page.entries.length, model);
    if (alone > gasBudget) {
      throw new FundTraceError(
        "GAS_BUDGET_TOO_SMALL",
        `a gas budget of ${gasBudget} cannot enrol one page of ${page.entries.length} entries (about ${alone})`,
        { context: { gasBudget, onePage: alone } },
      );
    }
    if (
      current.length > 0 &&
      estimateDisburseGas(current.length + 1, entries + page.entries.length, model) > gasBudget
    ) {
      groups.push(current);
      current = [];
      entries = 0;
    }
    current.push(page);
    entries += page.entries.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** A batch pays households for the first time (`disburse`) or pays failed ones again (`reissue`). */
export type BatchKind = "disburse" | "reissue";

/** A page's bitmaps as `RosterBook.pageBits` returns them: paid, failed, re-issued, re-issue failed. */
export type PageBits = readonly [paid: bigint, failed: bigint, reissued: bigint, reissueFailed: bigint];

/**
 * The entries of a page with `count` entries that a batch of `kind` may pay:
 * not yet paid (disburse), or failed and not yet re-issued (reissue; once each).
 */
export function dueMask(kind: BatchKind, bits: PageBits, count: number): bigint {
  const [paid, failed, reissued] = bits;
  return kind === "disburse" ? selectAll(count) & ~paid : failed & ~reissued;
}

/** Part of one page to pay in one transaction: the page and the entries selected. */
export interface PagePart {
  readonly page: RosterPage;
  readonly select: bigint;
  readonly households: number;
  readonly amount: bigint;
}

const bitCount = (mask: bigint): number => {
  let n = 0;
  for (let m = mask; m !== 0n; m &= m - 1n) n++;
  return n;
};

/** The part of `page` that `select` chooses, with its household count and amount. */
export function pagePart(page: RosterPage, select: bigint): PagePart {
  let amount = 0n;
  page.entries.forEach((e, slot) => {
    if ((select >> BigInt(slot)) & 1n) amount += e.amount;
  });
  return { page, select, households: bitCount(select), amount };
}

/** Splits off the lowest `count` selected slots of a part: `[taken, rest]` (rest undefined when nothing is left). */
function takeLowest(part: PagePart, count: number): [PagePart, PagePart | undefined] {
  if (part.households <= count) return [part, undefined];
  let taken = 0n;
  let n = 0;
  for (let slot = 0n; n < count; slot++) {
    if ((part.select >> slot) & 1n) {
      taken |= 1n << slot;
      n++;
    }
  }
  return [pagePart(part.page, taken), pagePart(part.page, part.select & ~taken)];
}

/**
 * Gas of one transaction by the model. A part carries its whole page
 * (calldata) whatever it selects, so every page counts as full.
 */
export const estimateBatchGas = (batch: readonly PagePart[], model: GasModel = DISBURSE_GAS): bigint =>
  estimateDisburseGas(
    batch.length,
    batch.reduce((n, p) => n + p.page.entries.length, 0),
    model,
  );

export interface PlanOptions {
  /** Gas per transaction (e.g. half the block gas limit). */
  gasBudget: bigint;
  /** At most this many households per transaction (e.g. the bank's file limit); default: no cap. */
  maxHouseholds?: number;
  model?: GasModel;
}

/**
 * Groups parts into transactions, in order: each within the gas budget by
 * the model and within `maxHouseholds`. A part is split (lowest slots first)
 * only where the household cap requires it.
 */
export function planBatches(parts: readonly PagePart[], options: PlanOptions): PagePart[][] {
  const model = options.model ?? DISBURSE_GAS;
  // A page travels whole, so the largest page must fit alone.
  const largest = parts.reduce((n, p) => Math.max(n, p.page.entries.length), 0);
  const single = estimateDisburseGas(1, largest, model);
  if (parts.length > 0 && options.gasBudget < single) {
    throw new FundTraceError(
      "GAS_BUDGET_TOO_SMALL",
      `a gas budget of ${options.gasBudget} cannot hold one page of ${largest} entries (about ${single})`,
      { context: { gasBudget: options.gasBudget, onePage: single } },
    );
  }
  const maxHouseholds = options.maxHouseholds ?? Number.MAX_SAFE_INTEGER;
  const batches: PagePart[][] = [];
  let current: PagePart[] = [];
  let households = 0;
  const flush = () => {
    if (current.length > 0) batches.push(current);
    current = [];
    households = 0;
  };
  for (const whole of parts) {
    let rest: PagePart | undefined = whole;
    while (rest !== undefined) {
      if (
        households === maxHouseholds ||
        (current.length > 0 && estimateBatchGas([...current, rest], model) > options.gasBudget)
      )
        flush();
      const [piece, left]: [PagePart, PagePart | undefined] = takeLowest(rest, maxHouseholds - households);
      current.push(piece);
      households += piece.households;
      rest = left;
    }
  }
  flush();
  return batches;
}
