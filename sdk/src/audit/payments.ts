/**
 * Payments to households, from the roster book's logs: each `HouseholdPaid`,
 * `PaymentReissued` and `PaymentFailed` record joined with the batch event
 * that follows it in the same transaction (`BatchDisbursed`,
 * `BatchReissued`, `FailuresRecorded`), which names the roster, the fund,
 * the village and the bank's batch reference.
 *
 * For one fund: find the fund's batch events (indexed by fund), then read
 * the household records of just those blocks. The work grows with the
 * fund's payments, not with the chain's length.
 */
import { type Address, encodeEventTopics, getAddress, type Hash, type Hex, type PublicClient } from "viem";

import { rosterBookAbi } from "../abi/index.ts";
import type { Deployment } from "../deployments.ts";
import { FundTraceError } from "../errors.ts";
import { asSource, byChainOrder, type ChainLog, type LogSource, numberTopic } from "./logs.ts";

export type PaymentKind = "paid" | "reissued" | "failed";

export interface HouseholdPayment {
  /** The household's keyed pseudonym. */
  household: Hex;
  /** `paid`: a payment; `reissued`: a failed payment paid again; `failed`: the bank reported it failed and its money went back to the village. */
  kind: PaymentKind;
  fund: bigint;
  rosterId: bigint;
  village: Address;
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

const topic = (eventName: "HouseholdPaid" | "PaymentReissued" | "PaymentFailed" | "BatchDisbursed" | "BatchReissued" | "FailuresRecorded") =>
  encodeEventTopics({ abi: rosterBookAbi, eventName } as never)[0] as Hex;

export const PAYMENT_TOPICS = {
  HouseholdPaid: topic("HouseholdPaid"),
  PaymentReissued: topic("PaymentReissued"),
  PaymentFailed: topic("PaymentFailed"),
  BatchDisbursed: topic("BatchDisbursed"),
  BatchReissued: topic("BatchReissued"),
  FailuresRecorded: topic("FailuresRecorded"),
} as const;

const HOUSEHOLD_TOPICS = [PAYMENT_TOPICS.HouseholdPaid, PAYMENT_TOPICS.PaymentReissued, PAYMENT_TOPICS.PaymentFailed];
const BATCH_TOPICS = [PAYMENT_TOPICS.BatchDisbursed, PAYMENT_TOPICS.BatchReissued, PAYMENT_TOPICS.FailuresRecorded];
const KIND_OF: Record<string, PaymentKind> = {
  [PAYMENT_TOPICS.HouseholdPaid]: "paid",
  [PAYMENT_TOPICS.PaymentReissued]: "reissued",
  [PAYMENT_TOPICS.PaymentFailed]: "failed",
};
const BATCH_FOR: Record<PaymentKind, Hex> = {
  paid: PAYMENT_TOPICS.BatchDisbursed,
  reissued: PAYMENT_TOPICS.BatchReissued,
  failed: PAYMENT_TOPICS.FailuresRecorded,
};

/** The 32-byte word `i` of a log's data. */
const word = (data: Hex, i: number): Hex => `0x${data.slice(2 + i * 64, 2 + (i + 1) * 64)}`;

/**
 * Joins household records with the batch event after them in the same
 * transaction. `logs` must hold, for every transaction it touches, all of
 * that transaction's batch logs (and the household records wanted).
 */
export function joinPayments(logs: readonly ChainLog[], times: Map<bigint, bigint>, fund?: bigint): HouseholdPayment[] {
  const out: HouseholdPayment[] = [];
  let pending: ChainLog[] = [];
  let pendingTx: Hash | null = null;
  for (const log of [...logs].sort(byChainOrder)) {
    if (log.transactionHash !== pendingTx) {
      pending = [];
      pendingTx = log.transactionHash;
    }
    const t0 = log.topics[0]!;
    if (KIND_OF[t0] !== undefined) {
      pending.push(log);
      continue;
    }
    if (!BATCH_TOPICS.includes(t0)) continue;
    const batchFund = BigInt(log.topics[2]!);
    const rosterId = BigInt(log.topics[1]!);
    const village = getAddress(`0x${log.topics[3]!.slice(26)}`);
    const reference = word(log.data, 0);
    for (const h of pending) {
      const kind = KIND_OF[h.topics[0]!]!;
      if (BATCH_FOR[kind] !== t0) {
        throw new FundTraceError("PAYMENT_LOGS_INVALID", `transaction ${h.transactionHash}: a ${kind} record is followed by the wrong batch event`, {
          context: { transactionHash: h.transactionHash, logIndex: h.logIndex },
        });
      }
      if (fund !== undefined && batchFund !== fund) continue;
      out.push({
        household: h.topics[1]!,
        kind,
        fund: batchFund,
        rosterId,
        village,
        entry: BigInt(word(h.data, 0)),
        amount: BigInt(word(h.data, 1)),
        reference: kind === "failed" ? word(h.data, 2) : reference,
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
async function paymentsInBlocks(source: LogSource, deployment: Deployment, blocks: readonly bigint[], fund?: bigint): Promise<HouseholdPayment[]> {
  const ranges = blockRanges(blocks);
  const [chunks, times] = await Promise.all([
    Promise.all(
      ranges.map(([fromBlock, toBlock]) =>
        source.getLogs({ address: deployment.rosterBook, topics: [[...HOUSEHOLD_TOPICS, ...BATCH_TOPICS]], fromBlock, toBlock }),
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
export async function fundPayments(from: LogSource | PublicClient, deployment: Deployment, fund: bigint, options: RangeOptions = {}): Promise<HouseholdPayment[]> {
  const source = asSource(from);
  const fromBlock = options.fromBlock ?? deployment.deploymentBlock;
  const toBlock = options.toBlock ?? (await source.head());
  const batches = await source.getLogs({ address: deployment.rosterBook, topics: [BATCH_TOPICS, null, numberTopic(fund)], fromBlock, toBlock });
  return paymentsInBlocks(source, deployment, batches.map((l) => l.blockNumber), fund);
}

/** Every payment, re-issue and failure to one household pseudonym, across funds and villages, in chain order. */
export async function householdHistory(from: LogSource | PublicClient, deployment: Deployment, household: Hex, options: RangeOptions = {}): Promise<HouseholdPayment[]> {
  const source = asSource(from);
  const fromBlock = options.fromBlock ?? deployment.deploymentBlock;
  const toBlock = options.toBlock ?? (await source.head());
  const own = await source.getLogs({ address: deployment.rosterBook, topics: [HOUSEHOLD_TOPICS, household.toLowerCase() as Hex], fromBlock, toBlock });
  if (own.length === 0) return [];
  // Only the batch events of those blocks: each record belongs to the next one in its transaction.
  const blocks = own.map((l) => l.blockNumber);
  const [batches, times] = await Promise.all([
    Promise.all(blockRanges(blocks).map(([from, to]) => source.getLogs({ address: deployment.rosterBook, topics: [BATCH_TOPICS], fromBlock: from, toBlock: to }))),
    source.blockTimes(blocks),
  ]);
  return joinPayments([...own, ...batches.flat()], times);
}

/** Net per household: paid + re-issued - failed. */
export function netByHousehold(payments: readonly HouseholdPayment[]): Map<Hex, bigint> {
  const net = new Map<Hex, bigint>();
  for (const p of payments) net.set(p.household, (net.get(p.household) ?? 0n) + (p.kind === "failed" ? -p.amount : p.amount));
  return net;
}
