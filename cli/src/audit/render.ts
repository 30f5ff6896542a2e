/** How audit results read on a terminal: traces, a unit's movements, household records and anomalies. */
import {
  type Anomaly,
  type FundTrace,
  formatYuan,
  householdsAddress,
  type HouseholdPayment,
  Level,
  type UnitTrace,
  unitsInOrder,
} from "@fundtrace/sdk";
import { dateOf, labelOf, LEVEL_NAMES, unitLabel } from "../labels.ts";
import { unitRow } from "../report/data.ts";

const DAY = 86_400;

const days = (seconds: number | null): string => (seconds === null ? "-" : (seconds / DAY).toFixed(1));

export function renderTrace(trace: FundTrace): string {
  const t = trace.terms;
  const lines = [
    `fund ${trace.fund}: ${t === null ? "unknown" : `${t.documentNumber}, ${formatYuan(t.amount)} yuan, ${t.fiscalYear}, ${t.programme} ${t.classification}, ${t.source} ${t.transferType} transfer`}`,
    `blocks ${trace.fromBlock}-${trace.toBlock}, as of ${new Date(Number(trace.asOf) * 1000).toISOString()}; ${trace.movements.length} movement(s)`,
    "",
    `${"unit".padEnd(26)}${"received".padStart(15)}${"allocated".padStart(15)}${"paid (net)".padStart(15)}${"failed".padStart(11)}${"returned".padStart(13)}${"balance".padStart(15)}${"households".padStart(15)}${"avg days".padStart(9)}${"held since".padStart(12)}`,
  ];
  const depth = new Map<string, number>();
  for (const u of unitsInOrder(trace)) {
    const d = u.parent === null ? 0 : (depth.get(u.parent.toLowerCase()) ?? 0) + 1;
    depth.set(u.unit.toLowerCase(), d);
    const label = `${"  ".repeat(d)}${u.code} ${labelOf(LEVEL_NAMES, u.level)}`;
    lines.push(
      `${label.padEnd(26)}${formatYuan(u.received).padStart(15)}${formatYuan(u.allocated).padStart(15)}${formatYuan(u.paid - u.failed).padStart(15)}${formatYuan(u.failed).padStart(11)}${formatYuan(u.returned + u.reclaimed).padStart(13)}${formatYuan(u.balance).padStart(15)}${(u.level === Level.Village ? formatYuan(u.households) : "").padStart(15)}${days(u.averageDwellSeconds).padStart(9)}${dateOf(u.heldSince).padStart(12)}`,
    );
  }
  const x = trace.totals;
  lines.push(
    "",
    `paid to households ${formatYuan(x.paidNet)} yuan (gross ${formatYuan(x.paid)}, failed ${formatYuan(x.failed)}, re-issued ${formatYuan(x.reissued)}); held by units ${formatYuan(x.held)} yuan`,
  );
  return lines.join("\n");
}

export function renderUnit(trace: FundTrace, u: UnitTrace): string {
  const row = unitRow(u, trace.asOf);
  const lines = [
    `unit ${u.code} (${row.level}) in fund ${trace.fund}${u.parent === null ? "" : `, parent ${unitLabel(u.parent)}`}`,
    `  received ${formatYuan(u.received)}, allocated ${formatYuan(u.allocated)}, paid ${formatYuan(u.paid)} (failed ${formatYuan(u.failed)}, re-issued ${formatYuan(u.reissued)}), returned ${formatYuan(u.returned)}, reclaimed ${formatYuan(u.reclaimed)}; balance ${formatYuan(u.balance)} yuan${u.level === Level.Village ? `; its households hold ${formatYuan(u.households)}` : ""}`,
    `  money stayed ${days(u.averageDwellSeconds)} days on average, ${days(u.maxDwellSeconds)} at most; ${u.heldSince === null ? "nothing held" : `held since ${dateOf(u.heldSince)} (${row.heldDays} days)`}`,
    "",
    `  ${"date".padEnd(10)}  ${"kind".padEnd(12)}  ${"from".padEnd(23)}  ${"to".padEnd(23)}  ${"amount (yuan)".padStart(16)}  transaction`,
  ];
  for (const m of unitMovements(trace, u)) {
    lines.push(
      `  ${dateOf(m.timestamp)}  ${m.kind.padEnd(12)}  ${unitLabel(m.from).padEnd(23)}  ${unitLabel(m.to).padEnd(23)}  ${formatYuan(m.amount).padStart(16)}  ${m.link ?? m.transactionHash}`,
    );
  }
  return lines.join("\n");
}

export const unitMovements = (trace: FundTrace, u: UnitTrace) => {
  const mine = [u.unit.toLowerCase(), householdsAddress(u.unit).toLowerCase()];
  return trace.movements.filter((m) => mine.includes(m.from.toLowerCase()) || mine.includes(m.to.toLowerCase()));
};

export function renderPayments(payments: readonly HouseholdPayment[], explorer?: string): string[] {
  return payments.map(
    (p) =>
      `  ${dateOf(p.timestamp)}  fund ${String(p.fund).padEnd(4)} ${unitLabel(p.village)}${p.payer === p.village ? "" : ` paid by ${unitLabel(p.payer)}`}  roster ${String(p.rosterId).padEnd(4)} entry ${String(p.entry).padEnd(6)} ${p.kind.padEnd(9)} ${formatYuan(p.amount).padStart(14)}  ${explorer === undefined ? p.transactionHash : explorer.replaceAll("{tx}", p.transactionHash)}`,
  );
}

/** "1 anomaly", "3 anomalies". */
export const anomalyCount = (n: number): string => `${n} ${n === 1 ? "anomaly" : "anomalies"}`;

/** Anomalies sort by severity, high first. */
export const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

export function renderAnomalies(anomalies: readonly Anomaly[], explorer?: string): string {
  if (anomalies.length === 0) return "no anomalies";
  const lines: string[] = [];
  for (const f of anomalies) {
    lines.push(`${f.severity.toUpperCase().padEnd(6)} ${f.rule}: ${f.summary}`);
    for (const e of f.evidence) {
      const tx =
        e.transactionHash === undefined
          ? ""
          : `  ${explorer === undefined ? e.transactionHash : explorer.replaceAll("{tx}", e.transactionHash)}`;
      lines.push(
        `         ${e.at === undefined ? "" : `${dateOf(e.at)} `}${e.unit === undefined ? "" : `${unitLabel(e.unit)} `}${e.note}${tx}`,
      );
    }
  }
  const count = (severity: string) => anomalies.filter((f) => f.severity === severity).length;
  lines.push(
    "",
    `${anomalyCount(anomalies.length)}: ${count("high")} high, ${count("medium")} medium, ${count("low")} low`,
  );
  return lines.join("\n");
}
