/**
 * The ledger's accounting identity, in one place: what a unit holds of a
 * fund follows from what it received and what left it. The contracts keep
 * it on every movement; the fund tree checks it on the contracts' views and
 * the audit trace recomputes every balance from events with it.
 */

/** A unit's figures in one fund, in fen (as `FundLedger.accountOf` returns them). */
export interface AccountFigures {
  received: bigint;
  allocated: bigint;
  /** Gross: first payments and re-issues. */
  paid: bigint;
  /** Payments the bank reported failed, back in the village's balance. */
  failed: bigint;
  returned: bigint;
  reclaimed: bigint;
}

/** balance = received - allocated - paid + failed - returned - reclaimed. */
export const balanceFrom = (a: AccountFigures): bigint =>
  a.received - a.allocated - a.paid + a.failed - a.returned - a.reclaimed;

/** What households kept of a unit's payments: paid (gross) less failed. */
export const paidNet = (a: Pick<AccountFigures, "paid" | "failed">): bigint => a.paid - a.failed;
