/**
 * The trace of a fund, from the chain's events alone: every unit the money
 * reached, what it received, passed down, paid, got back, returned and had
 * reclaimed, its balance, and how long money sat there; every movement
 * linked to its transaction.
 *
 * Method (a reader can redo it by hand from an explorer):
 * 1. Read `FundsMoved` logs of the ledger with topic1 = the fund, and
 *    `BatchReissued` logs of the roster book with topic2 = the fund; the
 *    fund's terms from `fundOf` at the last block read.
 * 2. Per movement kind: Creation adds to the receiving unit's `received`;
 *    Allocation adds to the sender's `allocated` and the receiver's
 *    `received`; Return and Reclaim add to the child's `returned` /
 *    `reclaimed` and the parent's `received`; Disbursement (from the roster's
 *    payer: the village, its township or county, to the village's households
 *    address) adds to the payer's `paid` (gross: re-issues included, their
 *    part also counted in `reissued` from `BatchReissued`); FailedPayment
 *    adds to the payer's `failed`.
 * 3. balance = received - allocated - paid + failed - returned - reclaimed.
 * 4. Dwell: money leaves a unit first in, first out; each fen's dwell is the
 *    time between the block that brought it and the block that took it.
 *    `averageDwellSeconds` weighs by amount; money still held counts in
 *    `heldSince` (the oldest unspent inflow). Every piece of money's stay at
 *    a unit is a `Passage` (arrived, left, the transactions), which the
 *    deadline rules read.
 * The work grows with the fund's movements (one log per batch, not per
 * household) and not with the chain's length.
 */
import type { Address, Hash, PublicClient } from "viem";

import { FundStatus, type Level, MovementKind, TransferType } from "../abi/index.ts";
import { type SourceLevelName, sourceLevelName } from "../fund-terms.ts";
import { read } from "../actions/reads.ts";
import type { Deployment } from "../deployments.ts";
import { decodeContractLog, eventTopic, type FundTraceEvent, isEvent } from "../decode-events.ts";
import { asSource, type ChainLog, type LogSource, numberTopic } from "../logs.ts";
import { buildTrace, unitsInOrder } from "./trace-build.ts";

/** The name of each `MovementKind` in traces, reports and exports. */
export const MOVEMENT_KIND_NAMES = {
  [MovementKind.Creation]: "creation",
  [MovementKind.Allocation]: "allocation",
  [MovementKind.Return]: "return",
  [MovementKind.Reclaim]: "reclaim",
  [MovementKind.Disbursement]: "disbursement",
  [MovementKind.FailedPayment]: "failed-payment",
  [MovementKind.TopUp]: "top-up",
  [MovementKind.Cut]: "cut",
} as const satisfies Record<MovementKind, string>;
export type MovementKindName = (typeof MOVEMENT_KIND_NAMES)[MovementKind];

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
  level: Level;
  parent: Address | null;
  received: bigint;
  allocated: bigint;
  paid: bigint;
  failed: bigint;
  reissued: bigint;
  returned: bigint;
  reclaimed: bigint;
  balance: bigint;
  /**
   * For a village: what its households hold of the fund, net of failures, whoever paid them (the village, or its
   * township or county as the roster's payer). 0 for other units.
   */
  households: bigint;
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

/** One piece of money's stay at a unit (first in, first out). */
export interface Passage {
  unit: Address;
  amount: bigint;
  arrivedAt: bigint;
  arrivedIn: Hash;
  /** When the money left; null while it is still held. */
  leftAt: bigint | null;
  leftIn: Hash | null;
  /** How it left: allocation, return, reclaim or disbursement. */
  leftBy: MovementKindName | null;
  /** When this money entered the ledger, at the fund's receiving unit (for the province-to-county deadline). */
  enteredAt: bigint;
}

export interface FundTerms {
  /** The unit the fund entered at. */
  unit: Address;
  /** The budget document's number (文号). */
  documentNumber: string;
  /** The 7-digit function classification code. */
  classification: number;
  /** The programme's code in the catalogue. */
  programme: string;
  fiscalYear: number;
  source: SourceLevelName;
  /** Seconds; 0 when not given (central transfers). */
  budgetApprovedAt: bigint;
  /** Seconds; 0 when not given (local funds). */
  receivedAt: bigint;
  transferType: "general" | "special";
  amount: bigint;
  documentHash: Hash;
}

export interface FundTrace {
  fund: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  /** Chain time at `toBlock`: the reference for idle and held-since ages. */
  asOf: bigint;
  terms: FundTerms | null;
  created: bigint;
  units: Map<string, UnitTrace>;
  root: Address | null;
  movements: Movement[];
  passages: Passage[];
  totals: { paid: bigint; failed: bigint; reissued: bigint; held: bigint; paidNet: bigint };
}

export interface TraceOptions {
  fromBlock?: bigint;
  toBlock?: bigint;
  /** e.g. "https://explorer.example/tx/{tx}": movements get a `link`. */
  explorerTxUrl?: string;
}

/** The fund's terms from `fundOf` at `blockNumber`; null when the fund does not exist there. */
export async function fundTerms(
  client: PublicClient,
  deployment: Deployment,
  fund: bigint,
  blockNumber?: bigint,
): Promise<FundTerms | null> {
  const f = await read(client, deployment, "ledger", "fundOf", [fund], blockNumber);
  if (f.status === FundStatus.None) return null;
  const t = f.terms;
  return {
    unit: t.unit,
    documentNumber: t.documentNumber,
    classification: t.classification,
    programme: t.programme,
    fiscalYear: t.fiscalYear,
    source: sourceLevelName(t.source),
    budgetApprovedAt: t.budgetApprovedAt,
    receivedAt: t.receivedAt,
    transferType: t.transferType === TransferType.General ? "general" : "special",
    amount: t.amount,
    documentHash: t.documentHash,
  };
}

/** Reads a fund's movements and builds its trace (see the file comment for the method). */
export async function traceFund(
  from: LogSource | PublicClient,
  deployment: Deployment,
  fund: bigint,
  options: TraceOptions = {},
): Promise<FundTrace> {
  const source = asSource(from);
  const fromBlock = options.fromBlock ?? deployment.deploymentBlock;
  const toBlock = options.toBlock ?? (await source.head());
  const range = { fromBlock, toBlock };
  const [moved, reissued, terms] = await Promise.all([
    source.getLogs({ ...range, address: deployment.ledger, topics: [MOVED_TOPIC, numberTopic(fund)] }),
    source.getLogs({ ...range, address: deployment.rosterBook, topics: [REISSUED_TOPIC, null, numberTopic(fund)] }),
    fundTerms(source.client, deployment, fund, toBlock),
  ]);
  const times = await source.blockTimes([...moved.map((l) => l.blockNumber), toBlock]);
  const movements = decoded(moved, "ledger", "FundsMoved").map((e) => toMovement(e, times, options.explorerTxUrl));
  return buildTrace(fund, movements, decoded(reissued, "rosterBook", "BatchReissued"), {
    ...range,
    asOf: times.get(toBlock)!,
    terms,
  });
}

const MOVED_TOPIC = eventTopic("FundsMoved");
const REISSUED_TOPIC = eventTopic("BatchReissued");

/** The `name` events among `logs` of `contract`. */
function decoded<N extends "FundsMoved" | "BatchReissued">(
  logs: readonly ChainLog[],
  contract: "ledger" | "rosterBook",
  name: N,
) {
  return logs
    .map((log) => decodeContractLog(contract, log))
    .filter((e) => e !== undefined)
    .filter(isEvent(name));
}

function toMovement(event: FundTraceEvent<"FundsMoved">, times: Map<bigint, bigint>, template?: string): Movement {
  const { args, blockNumber } = event;
  const m: Movement = {
    kind: MOVEMENT_KIND_NAMES[args.kind as MovementKind],
    from: args.from,
    to: args.to,
    amount: args.amount,
    originId: args.originId,
    operator: args.operator,
    transactionHash: event.transactionHash,
    blockNumber,
    logIndex: event.logIndex,
    timestamp: times.get(blockNumber)!,
  };
  if (template !== undefined) m.link = template.replaceAll("{tx}", m.transactionHash);
  return m;
}

export { buildTrace, unitsInOrder };
