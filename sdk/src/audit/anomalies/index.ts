/**
 * Anomaly rules: what inspectors look for (docs/audit.md), each a rule id,
 * a severity and the evidence (transactions, units, households, amounts),
 * computed from the chain's events alone.
 *
 * `collectAuditData` (collect.ts) reads what the rules need. `findAnomalies`
 * is a pure function of that data and the rules' parameters, so a reader
 * can check every anomaly by hand. The rules come in three families:
 * holdings.ts (deadlines, idle balances), payments.ts (duplicates,
 * outliers, concentration, unresolved failures) and governance.ts
 * (preparer-approver conflicts, sole approvers, frozen with pending work).
 */
import { inScope, frozenPending, preparerApprover, soleApprover } from "./governance.ts";
import { deadlines, idle } from "./holdings.ts";
import { concentration, duplicates, failedUnresolved, outliers } from "./payments.ts";
import { type AnomalyRules, type AuditData, DEFAULT_RULES, type Anomaly } from "./types.ts";

export { collectAuditData } from "./collect.ts";
export * from "./types.ts";

/** Every anomaly the rules find in `data` (see the file comment and docs/audit.md). */
export function findAnomalies(all: AuditData, rules: Partial<AnomalyRules> = {}): Anomaly[] {
  const r = { ...DEFAULT_RULES, ...rules };
  const data = { ...all, governance: inScope(all) };
  return [
    ...deadlines(data, r),
    ...idle(data, r),
    ...duplicates(data),
    ...outliers(data, r),
    ...concentration(data, r),
    ...preparerApprover(data),
    ...soleApprover(data),
    ...failedUnresolved(data, r),
    ...frozenPending(data),
  ];
}
