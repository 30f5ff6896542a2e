/** Helpers every rule family uses: units of time and money in summaries, anomaly records, keys. */
import type { Address } from "viem";

import { formatYuan } from "../../money.ts";
import type { HouseholdPayment } from "../payments.ts";
import { type Evidence, type Anomaly, RULES, type RuleId } from "./types.ts";

export const DAY = 86_400n;

/** An address in lower case, as the rules key and report units and accounts. */
export const lower = (a: Address): Address => `0x${a.slice(2).toLowerCase()}`;

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export const days = (seconds: bigint) => (Number(seconds) / 86_400).toFixed(1);
export const fen = (amount: bigint) => formatYuan(amount);

export function anomaly(
  rule: RuleId,
  fund: bigint | null,
  units: Address[],
  amount: bigint,
  summary: string,
  evidence: Evidence[],
): Anomaly {
  return { rule, severity: RULES[rule].severity, title: RULES[rule].title, summary, fund, units, amount, evidence };
}

export const paymentEvidence = (p: HouseholdPayment, note: string): Evidence => ({
  note,
  transactionHash: p.transactionHash,
  unit: p.village,
  household: p.household,
  amount: p.amount,
  at: p.timestamp,
});

export function median(values: bigint[]): bigint {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2n;
}
