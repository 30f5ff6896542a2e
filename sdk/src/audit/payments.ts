/**
 * Payments to households, from the roster book's logs: each `HouseholdPaid`,
 * `PaymentReissued` and `PaymentFailed` record joined with the batch event
 * that follows it in the same transaction (`BatchDisbursed`,
 * `BatchReissued`, `FailedPaymentsRecorded`), which names the roster, the fund,
 * the village that announced the roster, the unit that paid it (the village,
 * its township or its county) and the bank's batch reference.
 *
 * For one fund: find the fund's batch events (indexed by fund), then read
 * the household records of just those blocks. The work grows with the
 * fund's payments, not with the chain's length.
 */
import type { Address, Hash, Hex, PublicClient } from "viem";

import { decodeContractLog, eventTopic, type FundTraceEvent } from "../decode-events.ts";
import type { Deployment } from "../deployments.ts";
import { FundTraceError } from "../errors.ts";
import { asSource, byChainOrder, type ChainLog, type LogSource, numberTopic } from "../logs.ts";

export type PaymentKind = "paid" | "reissued" | "failed";

export interface HouseholdPayment {
  /** The household's keyed pseudonym. */
  household: Hex;
  /**
   * `paid`: a payment; `reissued`: a failed payment paid again; `failed`: the bank reported it failed and its money
   * went back to the payer.
   */
  kind: PaymentKind;
  fund: bigint;
  rosterId: bigint;
  /** The village that announced the roster; its households address received the money. */
  village: Address;
  /** The unit whose balance paid (and got failures back): the village, its township or its county. */
  payer: Address;
  entry: bigint;
  amount: bigint;
  /** The bank batch reference (paid, reissued) or the failure reason (failed), as recorded. */
  reference: Hex;
  transactionHash: Hash;
  blockNumber: bigint;
  logIndex: number;
  /** Block time, seconds. */
  timestamp: bigint;
}

type RecordEvent = FundTraceEvent<"HouseholdPaid" | "PaymentReissued" | "PaymentFailed">;
type BatchEvent = FundTraceEvent<"BatchDisbursed" | "BatchReissued" | "FailedPaymentsRecorded">;

const KIND_OF = {
  HouseholdPaid: "paid",
  PaymentReissued: "reissued",
  PaymentFailed: "failed",
} as const satisfies Record<RecordEvent["eventName"], PaymentKind>;
/** The batch event that closes the records of each kind in their transaction. */
const BATCH_FOR = {
  paid: "BatchDisbursed",
  reissued: "BatchReissued",
  failed: "FailedPaymentsRecorded",
} as const satisfies Record<PaymentKind, BatchEvent["eventName"]>;
const HOUSEHOLD_TOPICS = (["HouseholdPaid", "PaymentReissued", "PaymentFailed"] as const).map(eventTopic);
const BATCH_TOPICS = Object.values(BATCH_FOR).map((name) => eventTopic(name));

const isRecord = (e: FundTraceEvent): e is RecordEvent => Object.hasOwn(KIND_OF, e.eventName);
const isBatch = (e: FundTraceEvent): e is BatchEvent =>
  e.eventName === "BatchDisbursed" || e.eventName === "BatchReissued" || e.eventName === "FailedPaymentsRecorded";

/**
 * Joins household records with the batch event after them in the same
 * transaction. `logs` (the roster book's) must hold, for every transaction
 * it touches, all of that transaction's batch logs (and the household
 * records wanted).
 */
export function joinPayments(logs: readonly ChainLog[], times: Map<bigint, bigint>, fund?: bigint): HouseholdPayment[] {
  const out: HouseholdPayment[] = [];
  let pending: RecordEvent[] = [];
  let pendingTx: Hash | null = null;
  const events = [...logs].sort(byChainOrder).map((log) => decodeContractLog("rosterBook", log));
  for (const e of events) {
    if (e === undefined) continue;
    if (e.transactionHash !== pendingTx) {
      pending = [];
      pendingTx = e.transactionHash;
    }
    if (isRecord(e)) {
      pending.push(e);
      continue;
    }
    if (!isBatch(e)) continue;
    const { rosterId, village, payer } = e.args;
    const batchRef = e.eventName === "FailedPaymentsRecorded" ? undefined : e.args.bankBatchRef;
    for (const h of pending) {
      const kind = KIND_OF[h.eventName];
      // A failure carries its own reason; a payment or re-issue, its batch's bank reference.
      const reference = h.eventName === "PaymentFailed" ? h.args.reason : batchRef;
      if (BATCH_FOR[kind] !== e.eventName || reference === undefined) {
        throw new FundTraceError(
          "PAYMENT_LOGS_INVALID",
          `transaction ${h.transactionHash}: a ${kind} record is followed by the wrong batch event`,
          {
            context: { transactionHash: h.transactionHash, logIndex: h.logIndex },
          },
        );
      }
      if (fund !== undefined && e.args.fund !== fund) continue;
      out.push({
        household: h.args.household,
        kind,
        fund: e.args.fund,
        rosterId,
        village,
        payer,
        entry: h.args.entry,
        amount: h.args.amount,
        reference,
        transactionHash: h.transactionHash,
        blockNumber: h.blockNumber,
        logIndex: h.logIndex,
        timestamp: times.get(h.blockNumber) ?? 0n,
      });
    }
    pending = [];
  }
  return out;
}

/** Consecutive block numbers merged into ranges. */
export function blockRanges(blocks: readonly bigint[]): [bigint, bigint][] {
  const sorted = [...new Set(blocks)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ranges: [bigint, bigint][] = [];
  for (const n of sorted) {
    const last = ranges.at(-1);
    if (last !== undefined && last[1] + 1n === n) last[1] = n;
    else ranges.push([n, n]);
  }
  return ranges;
}

/** Reads the payment and batch logs of the given blocks and joins them. */
async function paymentsInBlocks(
  source: LogSource,
  deployment: Deployment,
  blocks: readonly bigint[],
  fund?: bigint,
): Promise<HouseholdPayment[]> {
  const ranges = blockRanges(blocks);
  const [chunks, times] = await Promise.all([
    Promise.all(
      ranges.map(([fromBlock, toBlock]) =>
        source.getLogs({
          address: deployment.rosterBook,
          topics: [[...HOUSEHOLD_TOPICS, ...BATCH_TOPICS]],
          fromBlock,
          toBlock,
        }),
      ),
    ),
    source.blockTimes(blocks),
  ]);
  return joinPayments(chunks.flat(), times, fund);
}

export interface RangeOptions {
  fromBlock?: bigint;
  toBlock?: bigint;
}

/** Every payment, re-issue and failure of a fund, in chain order. */
export async function fundPayments(
  from: LogSource | PublicClient,
  deployment: Deployment,
  fund: bigint,
  options: RangeOptions = {},
): Promise<HouseholdPayment[]> {
  const source = asSource(from);
  const fromBlock = options.fromBlock ?? deployment.deploymentBlock;
  const toBlock = options.toBlock ?? (await source.head());
  const batches = await source.getLogs({
    address: deployment.rosterBook,
    topics: [BATCH_TOPICS, null, numberTopic(fund)],
    fromBlock,
    toBlock,
  });
  return paymentsInBlocks(
    source,
    deployment,
    batches.map((l) => l.blockNumber),
    fund,
  );
}

/** Pseudonyms per log request: well under the topic-list limits nodes put on eth_getLogs. */
const PSEUDONYMS_PER_QUERY = 100;

/**
 * Every payment, re-issue and failure to one household, across funds and villages, in chain order. A pseudonym is
 * scoped to one fund, so following a person across funds takes one pseudonym per fund (`pseudonymsInFunds`, which
 * needs the bureau key); a single pseudonym finds that household's records in its own fund.
 */
export async function householdHistory(
  from: LogSource | PublicClient,
  deployment: Deployment,
  household: Hex | readonly Hex[],
  options: RangeOptions = {},
): Promise<HouseholdPayment[]> {
  const source = asSource(from);
  const fromBlock = options.fromBlock ?? deployment.deploymentBlock;
  const toBlock = options.toBlock ?? (await source.head());
  const wanted = [
    ...new Set((typeof household === "string" ? [household] : household).map((h) => h.toLowerCase() as Hex)),
  ];
  const groups: Hex[][] = [];
  for (let i = 0; i < wanted.length; i += PSEUDONYMS_PER_QUERY) groups.push(wanted.slice(i, i + PSEUDONYMS_PER_QUERY));
  const own = (
    await Promise.all(
      groups.map((group) =>
        source.getLogs({ address: deployment.rosterBook, topics: [HOUSEHOLD_TOPICS, group], fromBlock, toBlock }),
      ),
    )
  ).flat();
  if (own.length === 0) return [];
  // Only the batch events of those blocks: each record belongs to the next one in its transaction.
  const blocks = own.map((l) => l.blockNumber);
  const [batches, times] = await Promise.all([
    Promise.all(
      blockRanges(blocks).map(([from, to]) =>
        source.getLogs({ address: deployment.rosterBook, topics: [BATCH_TOPICS], fromBlock: from, toBlock: to }),
      ),
    ),
    source.blockTimes(blocks),
  ]);
  return joinPayments([...own, ...batches.flat()], times);
}

/** Net per household: paid + re-issued - failed. */
export function netByHousehold(payments: readonly HouseholdPayment[]): Map<Hex, bigint> {
  const net = new Map<Hex, bigint>();
  for (const p of payments)
    net.set(p.household, (net.get(p.household) ?? 0n) + (p.kind === "failed" ? -p.amount : p.amount));
  return net;
}
