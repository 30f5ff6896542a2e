/**
 * The data of an audit report: what the HTML shows and the JSON and CSV
 * exports hold, for one or more funds as of one block. Amounts are fen
 * (bigint here; strings in JSON), times are chain seconds.
 */
import type { Address } from "viem";

import {
  type AnomalyRules,
  type BankReconciliation,
  type ChainReconciliation,
  type Deployment,
  type Anomaly,
  type FundTerms,
  type FundTrace,
  type HouseholdPayment,
  type Movement,
  type UnitTrace,
  unitsInOrder,
} from "@fundtrace/sdk";

import { labelOf, LEVEL_NAMES } from "../labels.ts";

const DAY = 86_400;

/** A unit's figures as the CLI and reports show them (JSON-safe, fen as strings). */
export function unitRow(u: UnitTrace, asOf: bigint) {
  return {
    unit: u.unit,
    code: u.code,
    level: labelOf(LEVEL_NAMES, u.level),
    parent: u.parent,
    received: u.received,
    allocated: u.allocated,
    paid: u.paid,
    failed: u.failed,
    reissued: u.reissued,
    paidNet: u.paid - u.failed,
    returned: u.returned,
    reclaimed: u.reclaimed,
    balance: u.balance,
    averageDwellDays: u.averageDwellSeconds === null ? null : Number((u.averageDwellSeconds / DAY).toFixed(2)),
    maxDwellDays: Number((u.maxDwellSeconds / DAY).toFixed(2)),
    heldSince: u.heldSince,
    heldDays: u.heldSince === null ? null : Number((Number(asOf - u.heldSince) / DAY).toFixed(2)),
  };
}

export interface FundReport {
  fund: bigint;
  terms: FundTerms | null;
  totals: FundTrace["totals"];
  units: ReturnType<typeof unitRow>[];
  /** Allocations summed per parent-child pair: the diagram's edges. */
  flows: { from: Address; to: Address; amount: bigint }[];
  movements: Movement[];
  payments: HouseholdPayment[];
  chain: ChainReconciliation;
  bank: (BankReconciliation & { file: string }) | null;
}

export interface ReportData {
  title: string;
  generatedAt: string;
  network: { name: string; chainId: number; rpcUrl: string };
  deployment: Pick<Deployment, "registry" | "ledger" | "rosterBook" | "deploymentBlock">;
  fromBlock: bigint;
  toBlock: bigint;
  asOf: bigint;
  explorerTxUrl: string | null;
  /** Unit names by 12-digit code, when the inspector gave a names file. */
  names: Record<string, string>;
  funds: FundReport[];
  rules: AnomalyRules;
  anomalies: Anomaly[];
}

/** One fund's part of the report, from its trace, household records and reconciliations. */
export function fundReport(
  trace: FundTrace,
  payments: HouseholdPayment[],
  chain: ChainReconciliation,
  bank: (BankReconciliation & { file: string }) | null,
): FundReport {
  const flows = new Map<string, { from: Address; to: Address; amount: bigint }>();
  for (const m of trace.movements) {
    if (m.kind !== "allocation") continue;
    const key = `${m.from.toLowerCase()}>${m.to.toLowerCase()}`;
    const flow = flows.get(key) ?? { from: m.from, to: m.to, amount: 0n };
    flow.amount += m.amount;
    flows.set(key, flow);
  }
  return {
    fund: trace.fund,
    terms: trace.terms,
    totals: trace.totals,
    units: unitsInOrder(trace).map((u) => unitRow(u, trace.asOf)),
    flows: [...flows.values()],
    movements: trace.movements,
    payments,
    chain,
    bank,
  };
}

/** JSON with bigints as decimal strings (amounts stay exact). */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
