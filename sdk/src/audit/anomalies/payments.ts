/**
 * Rules on household payments: duplicates within a fund or across villages,
 * outlying amounts, concentration within a roster, and failed payments left
 * unresolved.
 */
import type { HouseholdPayment } from "../payments.ts";
import { DAY, days, fen, anomaly, lower, median, paymentEvidence, push } from "./shared.ts";
import type { AnomalyRules, AuditData, Anomaly } from "./types.ts";

export function duplicates(data: AuditData): Anomaly[] {
  const out: Anomaly[] = [];
  const firstPayments = data.payments.filter((p) => p.kind === "paid");
  const byFund = new Map<string, HouseholdPayment[]>();
  const villages = new Map<string, HouseholdPayment[]>();
  for (const p of firstPayments) {
    const key = `${p.fund}:${p.household}`;
    push(byFund, key, p);
    push(villages, p.household, p);
  }
  for (const list of byFund.values()) {
    if (list.length < 2) continue;
    const p = list[0]!;
    const total = list.reduce((n, x) => n + x.amount, 0n);
    out.push(
      anomaly(
        "duplicate-in-fund",
        p.fund,
        [...new Set(list.map((x) => x.village))],
        total,
        `household ${p.household} paid ${list.length} times from fund ${p.fund}, ${fen(total)} yuan in all`,
        list.map((x) => paymentEvidence(x, `roster ${x.rosterId} entry ${x.entry}: ${fen(x.amount)} yuan`)),
      ),
    );
  }
  for (const [household, list] of villages) {
    const distinct = [...new Set(list.map((x) => lower(x.village)))];
    if (distinct.length < 2) continue;
    const total = list.reduce((n, x) => n + x.amount, 0n);
    out.push(
      anomaly(
        "household-in-two-villages",
        null,
        [...new Set(list.map((x) => x.village))],
        total,
        `household ${household} paid in ${distinct.length} villages`,
        list.map((x) => paymentEvidence(x, `fund ${x.fund}, roster ${x.rosterId}: ${fen(x.amount)} yuan`)),
      ),
    );
  }
  return out;
}

export function outliers(data: AuditData, r: AnomalyRules): Anomaly[] {
  const out: Anomaly[] = [];
  // Payments are compared within one programme and classification (like with like).
  const programmeOf = new Map(
    data.traces.map((t) => [t.fund, t.terms === null ? "unknown" : `${t.terms.programme} ${t.terms.classification}`]),
  );
  const byProgramme = new Map<string, HouseholdPayment[]>();
  for (const p of data.payments) {
    if (p.kind !== "paid") continue;
    push(byProgramme, programmeOf.get(p.fund) ?? "unknown", p);
  }
  // Factor in hundredths, so the comparison stays in integers.
  const factor = BigInt(Math.round(r.outlierFactor * 100));
  for (const [category, list] of byProgramme) {
    if (list.length < r.outlierMinPayments) continue;
    const typical = median(list.map((p) => p.amount));
    for (const p of list) {
      if (p.amount * 100n <= typical * factor) continue;
      out.push(
        anomaly(
          "payment-outlier",
          p.fund,
          [p.village],
          p.amount,
          `fund ${p.fund}: ${fen(p.amount)} yuan to household ${p.household}, ${(Number(p.amount) / Number(typical)).toFixed(1)} times the median ${fen(typical)} of programme ${category}`,
          [
            paymentEvidence(
              p,
              `roster ${p.rosterId} entry ${p.entry}; programme ${category} median ${fen(typical)} over ${list.length} payments`,
            ),
          ],
        ),
      );
    }
  }
  return out;
}

export function concentration(data: AuditData, r: AnomalyRules): Anomaly[] {
  const out: Anomaly[] = [];
  const byRoster = new Map<bigint, HouseholdPayment[]>();
  for (const p of data.payments) if (p.kind === "paid") push(byRoster, p.rosterId, p);
  for (const [rosterId, list] of byRoster) {
    if (list.length < r.concentrationMinHouseholds) continue;
    const sorted = [...list].sort((a, b) => (a.amount > b.amount ? -1 : a.amount < b.amount ? 1 : 0));
    const top = Math.max(1, Math.ceil(list.length * r.concentrationTopShare));
    const total = list.reduce((n, p) => n + p.amount, 0n);
    const topAmount = sorted.slice(0, top).reduce((n, p) => n + p.amount, 0n);
    if (total === 0n || Number(topAmount) / Number(total) <= r.concentrationMoneyShare) continue;
    const p = list[0]!;
    out.push(
      anomaly(
        "payment-concentration",
        p.fund,
        [p.village],
        topAmount,
        `roster ${rosterId} (fund ${p.fund}): ${top} of ${list.length} households receive ${((Number(topAmount) / Number(total)) * 100).toFixed(1)}% of ${fen(total)} yuan`,
        sorted.slice(0, top).map((x) => paymentEvidence(x, `entry ${x.entry}: ${fen(x.amount)} yuan`)),
      ),
    );
  }
  return out;
}

export function failedUnresolved(data: AuditData, r: AnomalyRules): Anomaly[] {
  const out: Anomaly[] = [];
  const limit = BigInt(r.failedResolutionDays) * DAY;
  const reissued = new Map<string, HouseholdPayment[]>();
  for (const p of data.payments) if (p.kind === "reissued") push(reissued, `${p.rosterId}:${p.entry}`, p);
  const returns = new Map<string, { at: bigint; amount: bigint }[]>();
  for (const t of data.traces) {
    for (const m of t.movements) {
      if (m.kind === "return" || m.kind === "reclaim")
        push(returns, `${t.fund}:${lower(m.from)}`, { at: m.timestamp, amount: m.amount });
    }
  }
  for (const p of data.payments) {
    if (p.kind !== "failed" || data.asOf - p.timestamp <= limit) continue;
    const deadline = p.timestamp + limit;
    const paidAgain = (reissued.get(`${p.rosterId}:${p.entry}`) ?? []).some(
      (x) => x.timestamp >= p.timestamp && x.timestamp <= deadline,
    );
    const sentBack = (returns.get(`${p.fund}:${lower(p.village)}`) ?? [])
      .filter((x) => x.at >= p.timestamp && x.at <= deadline)
      .reduce((n, x) => n + x.amount, 0n);
    if (paidAgain || sentBack >= p.amount) continue;
    out.push(
      anomaly(
        "failed-payment-unresolved",
        p.fund,
        [p.village],
        p.amount,
        `fund ${p.fund}: failed payment of ${fen(p.amount)} yuan to household ${p.household} neither re-issued nor returned within ${r.failedResolutionDays} days`,
        [
          paymentEvidence(
            p,
            `roster ${p.rosterId} entry ${p.entry} failed ${days(data.asOf - p.timestamp)} days before the audit block`,
          ),
        ],
      ),
    );
  }
  return out;
}
