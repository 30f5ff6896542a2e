/**
 * The trace of a fund, from the chain's events alone: every unit the money
 * reached, what it received, passed down, paid, got back, returned and had
 * reclaimed, its balance, and how long money sat there; every movement
 * linked to its transaction.
 *
 * Method (a reader can redo it by hand from an explorer):
 * 1. Read `FundsMoved` logs of the ledger with topic1 = the fund, and
 *    `BatchReissued` logs of the roster book with topic2 = the fund.
 * 2. Per movement kind: Creation adds to the province's `received`;
 *    Allocation adds to the sender's `allocated` and the receiver's
 *    `received`; Return and Reclaim add to the child's `returned` /
 *    `reclaimed` and the parent's `received`; Disbursement adds to the
 *    village's `paid` (gross: re-issues included, their part also counted in
 *    `reissued` from `BatchReissued`); PaymentFailure adds to `failed`.
 * 3. balance = received - allocated - paid + failed - returned - reclaimed.
 * 4. Dwell: money leaves a unit first in, first out; each fen's dwell is the
 *    time between the block that brought it and the block that took it.
 *    `averageDwellSeconds` weighs by amount; money still held counts in
 *    `heldSince` (the oldest unspent inflow).
 * The work grows with the fund's movements (one log per batch, not per
 * household) and not with the chain's length.
 */
import { type Address, decodeEventLog, encodeEventTopics, type Hash, type Log, type PublicClient } from "viem";

import { fundLedgerAbi, rosterBookAbi } from "../abi/index.ts";
import type { Deployment } from "../deployments.ts";
import { unitCode } from "../division.ts";
import { readLogs } from "./logs.ts";

export const MOVEMENT_KINDS = ["creation", "allocation", "return", "reclaim", "disbursement", "failure"] as const;
export type MovementKindName = (typeof MOVEMENT_KINDS)[number];

export interface Movement {
  kind: MovementKindName;
  from: Address;
  to: Address;
  amount: bigint;
  /** Proposal id (creation, allocation, return, reclaim) or roster id (disbursement, failure). */
  originId: bigint;
  operator: Address;
  transactionHash: Hash;
  blockNumber: bigint;
  logIndex: number;
  /** Block time, seconds. */
  timestamp: bigint;
  /** Explorer link when a template was given. */
  link?: string;
}

export interface UnitTrace {
  unit: Address;
  /** Division code (12 digits) and edition, read from the unit address. */
  code: string;
  edition: number;
  parent: Address | null;
  received: bigint;
  allocated: bigint;
  paid: bigint;
  failed: bigint;
  reissued: bigint;
  returned: bigint;
  reclaimed: bigint;
  balance: bigint;
  firstInAt: bigint | null;
  lastMovementAt: bigint | null;
  /** Amount-weighted mean time money sat here before leaving (seconds); null if nothing left yet. */
  averageDwellSeconds: number | null;
  /** Longest time any fen sat here before leaving. */
  maxDwellSeconds: number;
  /** Time of the oldest inflow still (partly) held; null when the balance is zero. */
  heldSince: bigint | null;
  children: Address[];
}

export interface FundTrace {
  fund: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  /** Chain time at `toBlock`: the reference for idle and held-since ages. */
  asOf: bigint;
  created: bigint;
  units: Map<string, UnitTrace>;
  root: Address | null;
  movements: Movement[];
  totals: { paid: bigint; failed: bigint; reissued: bigint; held: bigint; paidNet: bigint };
}

export interface TraceOptions {
  fromBlock?: bigint;
  toBlock?: bigint;
  chunkSize?: bigint;
  concurrency?: number;
  /** e.g. "https://explorer.example/tx/{tx}": movements get a `link`. */
  explorerTxUrl?: string;
  onProgress?: (doneBlocks: bigint, totalBlocks: bigint) => void;
}

const isHouseholds = (a: Address) => a.toLowerCase().startsWith("0xfe");

/** Reads a fund's movements and builds its trace (see the file comment for the method). */
export async function traceFund(client: PublicClient, deployment: Deployment, fund: bigint, options: TraceOptions = {}): Promise<FundTrace> {
  const fromBlock = options.fromBlock ?? deployment.deploymentBlock;
  const toBlock = options.toBlock ?? (await client.getBlockNumber());
  const read = { fromBlock, toBlock, chunkSize: options.chunkSize, concurrency: options.concurrency };
  const [moved, reissued] = await Promise.all([
    readLogs(client, {
      ...read,
      address: deployment.ledger,
      topics: encodeEventTopics({ abi: fundLedgerAbi, eventName: "FundsMoved", args: { fund } }) as never,
      onProgress: options.onProgress,
    }),
    readLogs(client, {
      ...read,
      address: deployment.rosterBook,
      topics: encodeEventTopics({ abi: rosterBookAbi, eventName: "BatchReissued", args: { fund } }) as never,
    }),
  ]);
  const blocks = [...new Set([...moved.map((l) => l.blockNumber!), toBlock])];
  const times = new Map<bigint, bigint>();
  for (let i = 0; i < blocks.length; i += 64) {
    const chunk = blocks.slice(i, i + 64);
    const got = await Promise.all(chunk.map((n) => client.getBlock({ blockNumber: n })));
    got.forEach((b) => times.set(b.number!, b.timestamp));
  }
  const movements = moved.map((log) => toMovement(log, times, options.explorerTxUrl)).sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
  return buildTrace(fund, movements, reissued, { fromBlock, toBlock, asOf: times.get(toBlock)! });
}

function toMovement(log: Log, times: Map<bigint, bigint>, template?: string): Movement {
  const { args } = decodeEventLog({ abi: fundLedgerAbi, eventName: "FundsMoved", topics: log.topics, data: log.data });
  const m: Movement = {
    kind: MOVEMENT_KINDS[args.kind]!,
    from: args.from,
    to: args.to,
    amount: args.amount,
    originId: args.originId,
    operator: args.operator,
    transactionHash: log.transactionHash!,
    blockNumber: log.blockNumber!,
    logIndex: log.logIndex!,
    timestamp: times.get(log.blockNumber!)!,
  };
  if (template !== undefined) m.link = template.replaceAll("{tx}", m.transactionHash);
  return m;
}

interface Lot {
  amount: bigint;
  at: bigint;
}

/** Builds the trace from decoded movements (chain order) and `BatchReissued` logs. Exposed for tests and caches. */
export function buildTrace(
  fund: bigint,
  movements: Movement[],
  reissuedLogs: readonly Log[],
  range: { fromBlock: bigint; toBlock: bigint; asOf: bigint },
): FundTrace {
  const units = new Map<string, UnitTrace>();
  const lots = new Map<string, Lot[]>();
  const dwell = new Map<string, { weighted: bigint; amount: bigint; max: bigint }>();
  let root: Address | null = null;
  let created = 0n;

  const unit = (address: Address): UnitTrace => {
    const key = address.toLowerCase();
    let u = units.get(key);
    if (u === undefined) {
      const code = unitCode(address);
      u = {
        unit: address,
        code: code === undefined ? "" : code.code.toString().padStart(12, "0"),
        edition: code?.edition ?? 0,
        parent: null,
        received: 0n,
        allocated: 0n,
        paid: 0n,
        failed: 0n,
        reissued: 0n,
        returned: 0n,
        reclaimed: 0n,
        balance: 0n,
        firstInAt: null,
        lastMovementAt: null,
        averageDwellSeconds: null,
        maxDwellSeconds: 0,
        heldSince: null,
        children: [],
      };
      units.set(key, u);
      lots.set(key, []);
      dwell.set(key, { weighted: 0n, amount: 0n, max: 0n });
    }
    return u;
  };
  const inflow = (u: UnitTrace, amount: bigint, at: bigint) => {
    // `received` is counted by the caller: a refund of a failed payment is an inflow but not a receipt.
    u.firstInAt ??= at;
    u.lastMovementAt = at;
    lots.get(u.unit.toLowerCase())!.push({ amount, at });
  };
  const outflow = (u: UnitTrace, amount: bigint, at: bigint) => {
    u.lastMovementAt = at;
    const queue = lots.get(u.unit.toLowerCase())!;
    const d = dwell.get(u.unit.toLowerCase())!;
    let left = amount;
    while (left > 0n && queue.length > 0) {
      const lot = queue[0]!;
      const take = lot.amount < left ? lot.amount : left;
      const age = at - lot.at;
      d.weighted += take * age;
      d.amount += take;
      if (age > d.max) d.max = age;
      lot.amount -= take;
      left -= take;
      if (lot.amount === 0n) queue.shift();
    }
  };
  const link = (parent: UnitTrace, child: UnitTrace) => {
    child.parent = parent.unit;
    if (!parent.children.some((c) => c.toLowerCase() === child.unit.toLowerCase())) parent.children.push(child.unit);
  };

  for (const m of movements) {
    switch (m.kind) {
      case "creation": {
        const province = unit(m.to);
        province.received += m.amount;
        created += m.amount;
        root = province.unit;
        inflow(province, m.amount, m.timestamp);
        break;
      }
      case "allocation": {
        const from = unit(m.from);
        const to = unit(m.to);
        link(from, to);
        from.allocated += m.amount;
        to.received += m.amount;
        outflow(from, m.amount, m.timestamp);
        inflow(to, m.amount, m.timestamp);
        break;
      }
      case "return":
      case "reclaim": {
        const child = unit(m.from);
        const parent = unit(m.to);
        link(parent, child);
        if (m.kind === "return") child.returned += m.amount;
        else child.reclaimed += m.amount;
        parent.received += m.amount;
        outflow(child, m.amount, m.timestamp);
        inflow(parent, m.amount, m.timestamp);
        break;
      }
      case "disbursement": {
        const village = unit(isHouseholds(m.from) ? m.to : m.from);
        village.paid += m.amount;
        outflow(village, m.amount, m.timestamp);
        break;
      }
      case "failure": {
        const village = unit(isHouseholds(m.from) ? m.to : m.from);
        village.failed += m.amount;
        inflow(village, m.amount, m.timestamp);
        break;
      }
    }
  }
  for (const log of reissuedLogs) {
    const { args } = decodeEventLog({ abi: rosterBookAbi, eventName: "BatchReissued", topics: log.topics, data: log.data });
    unit(args.village).reissued += args.amount;
  }
  let held = 0n;
  let paid = 0n;
  let failed = 0n;
  let reissued = 0n;
  for (const [key, u] of units) {
    u.balance = u.received - u.allocated - u.paid + u.failed - u.returned - u.reclaimed;
    const d = dwell.get(key)!;
    u.averageDwellSeconds = d.amount === 0n ? null : Number(d.weighted / d.amount);
    u.maxDwellSeconds = Number(d.max);
    u.heldSince = lots.get(key)!.find((l) => l.amount > 0n)?.at ?? null;
    held += u.balance;
    paid += u.paid;
    failed += u.failed;
    reissued += u.reissued;
  }
  return { fund, ...range, created, units, root, movements, totals: { paid, failed, reissued, held, paidNet: paid - failed } };
}
