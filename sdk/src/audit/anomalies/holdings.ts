/**
 * Rules on where money sits: transfer deadlines (Budget Law art. 52) and
 * idle balances, from each fund's trace (its passages and movements).
 */
import type { Address } from "viem";

import { Level } from "../../abi/index.ts";
import { householdsAddress } from "../../division.ts";
import { DAY, days, fen, anomaly, lower } from "./shared.ts";
import type { AnomalyRules, AuditData, Evidence, Anomaly, RuleId } from "./types.ts";

export function deadlines(data: AuditData, r: AnomalyRules): Anomaly[] {
  const out: Anomaly[] = [];
  for (const trace of data.traces) {
    if (trace.terms === null) continue;
    const central = trace.terms.source === "central";
    const limit = BigInt(trace.terms.transferType === "special" ? r.specialTransferDays : r.generalTransferDays) * DAY;
    const provinceLimit = BigInt(r.provinceToCountyDays) * DAY;
    const late = new Map<
      string,
      { rule: RuleId; unit: Address; amount: bigint; evidence: Evidence[]; worst: bigint }
    >();
    const add = (rule: RuleId, unit: Address, amount: bigint, took: bigint, evidence: Evidence) => {
      const key = `${rule}:${lower(unit)}`;
      const entry = late.get(key) ?? { rule, unit, amount: 0n, evidence: [], worst: 0n };
      entry.amount += amount;
      entry.evidence.push(evidence);
      if (took > entry.worst) entry.worst = took;
      late.set(key, entry);
    };
    for (const p of trace.passages) {
      const level = trace.units.get(lower(p.unit))?.level ?? 0;
      if (level < Level.Province || level > Level.County) continue;
      const end = p.leftAt ?? trace.asOf;
      const stay = end - p.arrivedAt;
      const still = p.leftAt === null;
      // Central transfers: the province-to-county clock, for money above county level. The unit
      // answerable is the one holding the money when the deadline passed (it arrived in time).
      if (central && level < Level.County) {
        const took = end - p.enteredAt;
        const arrivedInTime = p.arrivedAt - p.enteredAt <= provinceLimit;
        if (took > provinceLimit && arrivedInTime && (still || p.leftBy === "allocation")) {
          add("deadline-province-to-county", p.unit, p.amount, took, {
            note: still
              ? `${fen(p.amount)} still held ${days(took)} days after reaching the province`
              : `${fen(p.amount)} passed on ${days(took)} days after reaching the province`,
            transactionHash: still ? p.arrivedIn : p.leftIn!,
            unit: p.unit,
            amount: p.amount,
            at: still ? p.arrivedAt : p.leftAt!,
          });
        }
        continue;
      }
      // The level's own transfers (local funds at every level to county; central funds at county level).
      if (stay > limit && (still || p.leftBy === "allocation")) {
        add("deadline-transfer", p.unit, p.amount, stay, {
          note: still
            ? `${fen(p.amount)} held ${days(stay)} days, since ${p.arrivedIn}`
            : `${fen(p.amount)} passed down after ${days(stay)} days`,
          transactionHash: still ? p.arrivedIn : p.leftIn!,
          unit: p.unit,
          amount: p.amount,
          at: still ? p.arrivedAt : p.leftAt!,
        });
      }
    }
    for (const e of late.values()) {
      const code = trace.units.get(lower(e.unit))?.code ?? e.unit;
      const limitDays = e.rule === "deadline-province-to-county" ? r.provinceToCountyDays : Number(limit / DAY);
      out.push(
        anomaly(
          e.rule,
          trace.fund,
          [e.unit],
          e.amount,
          `fund ${trace.fund}: ${fen(e.amount)} yuan at ${code} past the ${limitDays}-day deadline (up to ${days(e.worst)} days)`,
          e.evidence,
        ),
      );
    }
  }
  return out;
}

export function idle(data: AuditData, r: AnomalyRules): Anomaly[] {
  const out: Anomaly[] = [];
  const limit = BigInt(r.idleDays) * DAY;
  for (const trace of data.traces) {
    for (const u of trace.units.values()) {
      if (u.balance <= 0n || u.lastMovementAt === null) continue;
      const quiet = trace.asOf - u.lastMovementAt;
      if (quiet <= limit) continue;
      const mine = [lower(u.unit), lower(householdsAddress(u.unit))];
      const last = trace.movements.findLast(
        (m) => m.timestamp === u.lastMovementAt && (mine.includes(lower(m.from)) || mine.includes(lower(m.to))),
      );
      out.push(
        anomaly(
          "idle-balance",
          trace.fund,
          [u.unit],
          u.balance,
          `fund ${trace.fund}: ${fen(u.balance)} yuan at ${u.code} untouched for ${days(quiet)} days (idle period ${r.idleDays})`,
          [
            {
              note: `last movement ${days(quiet)} days before the audit block`,
              transactionHash: last?.transactionHash,
              unit: u.unit,
              amount: u.balance,
              at: u.lastMovementAt,
            },
          ],
        ),
      );
    }
  }
  return out;
}
