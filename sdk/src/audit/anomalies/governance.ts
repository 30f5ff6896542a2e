/**
 * Rules on who acts: one account preparing at one unit and approving at
 * another, rosters approved by one officer alone, and frozen units or funds
 * with pending work; and the governance events in scope of the funds audited.
 */
import type { Address } from "viem";

import { fen, anomaly, lower } from "./shared.ts";
import type { AuditData, Evidence, Anomaly, Gov, GovernanceLog } from "./types.ts";

/** The governance events of the funds audited (and every freeze of a unit). */
export function inScope(data: AuditData): GovernanceLog[] {
  const funds = new Set(data.traces.map((t) => t.fund));
  const proposalFund = new Map<bigint, bigint>();
  const rosterFund = new Map<bigint, bigint>();
  for (const g of data.governance) {
    if (g.eventName === "ProposalCreated") proposalFund.set(g.args.proposalId, g.args.fund);
    if (g.eventName === "RosterPublished") rosterFund.set(g.args.rosterId, g.args.fund);
  }
  /** The fund an event belongs to; undefined for a unit's freeze, which concerns every fund. */
  const fundOf = (g: GovernanceLog): bigint | undefined => {
    const x = g.args;
    if ("fund" in x) return x.fund;
    if ("proposalId" in x) return proposalFund.get(x.proposalId);
    if ("rosterId" in x) return rosterFund.get(x.rosterId);
    return undefined;
  };
  return data.governance.filter((g) => {
    const fund = fundOf(g);
    return fund === undefined || funds.has(fund);
  });
}

export function preparerApprover(data: AuditData): Anomaly[] {
  const proposalUnit = new Map<bigint, Address>();
  const rosterVillage = new Map<bigint, Address>();
  const acts = new Map<Address, { prepared: Map<Address, GovernanceLog>; approved: Map<Address, GovernanceLog> }>();
  const act = (account: Address, unit: Address, side: "prepared" | "approved", log: GovernanceLog) => {
    const a = acts.get(lower(account)) ?? { prepared: new Map(), approved: new Map() };
    if (!a[side].has(lower(unit))) a[side].set(lower(unit), log);
    acts.set(lower(account), a);
  };
  for (const g of data.governance) {
    if (g.eventName === "ProposalCreated") {
      proposalUnit.set(g.args.proposalId, g.args.unit);
      act(g.args.proposer, g.args.unit, "prepared", g);
    } else if (g.eventName === "ProposalApproved") {
      const unit = proposalUnit.get(g.args.proposalId);
      if (unit !== undefined) act(g.args.approver, unit, "approved", g);
    } else if (g.eventName === "RosterPublished") {
      rosterVillage.set(g.args.rosterId, g.args.village);
      act(g.args.publisher, g.args.village, "prepared", g);
    } else if (g.eventName === "RosterApprovalRecorded") {
      const village = rosterVillage.get(g.args.rosterId);
      if (village !== undefined) act(g.args.approver, village, "approved", g);
    }
  }
  const out: Anomaly[] = [];
  for (const [account, a] of acts) {
    const elsewhere = [...a.approved].filter(([unit]) => [...a.prepared.keys()].some((p) => p !== unit));
    if (a.prepared.size === 0 || elsewhere.length === 0) continue;
    const evidenceOf = (verb: string, [unit, g]: [Address, GovernanceLog]): Evidence => ({
      note: `${verb} at ${unit} (${g.eventName})`,
      transactionHash: g.transactionHash,
      unit,
      account,
      at: g.timestamp,
    });
    const evidence = [
      ...[...a.prepared].map((x) => evidenceOf("prepares", x)),
      ...elsewhere.map((x) => evidenceOf("approves", x)),
    ];
    const units = [...new Set([...a.prepared.keys(), ...elsewhere.map(([u]) => u)])];
    out.push(
      anomaly(
        "preparer-and-approver",
        null,
        units,
        0n,
        `account ${account} prepares at ${a.prepared.size} unit(s) and approves at ${elsewhere.length} other unit(s)`,
        evidence,
      ),
    );
  }
  return out;
}

export function soleApprover(data: AuditData): Anomaly[] {
  const rosters = new Map<
    bigint,
    { village: Address; fund: bigint; total: bigint; approvals: Gov<"RosterApprovalRecorded">[] }
  >();
  const out: Anomaly[] = [];
  for (const g of data.governance) {
    if (g.eventName === "RosterPublished") {
      rosters.set(g.args.rosterId, { village: g.args.village, fund: g.args.fund, total: g.args.total, approvals: [] });
    } else if (g.eventName === "RosterApprovalRecorded") {
      rosters.get(g.args.rosterId)?.approvals.push(g);
    } else if (g.eventName === "RosterApproved") {
      const roster = rosters.get(g.args.rosterId);
      if (roster === undefined || roster.approvals.length !== 1) continue;
      const only = roster.approvals[0]!;
      out.push(
        anomaly(
          "sole-approver-own-roster",
          roster.fund,
          [roster.village],
          roster.total,
          `roster ${g.args.rosterId} of ${fen(roster.total)} yuan approved by ${only.args.approver}, an approver of the paying village, with no second approver`,
          [
            {
              note: "the only approval",
              transactionHash: only.transactionHash,
              unit: roster.village,
              account: only.args.approver,
              amount: roster.total,
              at: only.timestamp,
            },
          ],
        ),
      );
    }
  }
  return out;
}

export function frozenPending(data: AuditData): Anomaly[] {
  // Freezes in force by id; a unit or fund is frozen while any of its freezes is.
  const inForce = new Map<bigint, Gov<"UnitFrozen" | "FundFrozen">>();
  const proposals = new Map<bigint, Gov<"ProposalCreated">>();
  const rosters = new Map<bigint, { log: Gov<"RosterPublished">; approved: boolean }>();
  for (const g of data.governance) {
    switch (g.eventName) {
      case "UnitFrozen":
      case "FundFrozen":
        inForce.set(g.args.freezeId, g);
        break;
      case "UnitUnfrozen":
      case "FundUnfrozen":
        inForce.delete(g.args.freezeId);
        break;
      case "ProposalCreated":
        proposals.set(g.args.proposalId, g);
        break;
      case "ProposalExecuted":
      case "ProposalRejected":
      case "ProposalCancelled":
        proposals.delete(g.args.proposalId);
        break;
      case "RosterPublished":
        rosters.set(g.args.rosterId, { log: g, approved: false });
        break;
      case "RosterApproved": {
        const roster = rosters.get(g.args.rosterId);
        if (roster !== undefined) roster.approved = true;
        break;
      }
      case "RosterRejected":
      case "RosterWithdrawn":
        rosters.delete(g.args.rosterId);
        break;
    }
  }
  // An approved roster is pending while some of its money is unpaid.
  const paid = new Map<bigint, bigint>();
  for (const p of data.payments)
    paid.set(p.rosterId, (paid.get(p.rosterId) ?? 0n) + (p.kind === "failed" ? -p.amount : p.amount));
  const out: Anomaly[] = [];
  const report = (
    what: string,
    unit: Address | null,
    fund: bigint | null,
    freezes: readonly Gov<"UnitFrozen" | "FundFrozen">[],
  ) => {
    const pending: Evidence[] = [];
    for (const [id, g] of proposals) {
      const x = g.args;
      const touches = unit !== null ? [x.unit, x.from, x.to].some((a) => lower(a) === lower(unit)) : x.fund === fund;
      if (touches)
        pending.push({
          note: `proposal ${id} pending since ${new Date(Number(g.timestamp) * 1000).toISOString().slice(0, 10)}`,
          transactionHash: g.transactionHash,
          unit: x.unit,
          amount: x.amount,
          at: g.timestamp,
        });
    }
    for (const [id, roster] of rosters) {
      const x = roster.log.args;
      const touches = unit !== null ? lower(x.village) === lower(unit) : x.fund === fund;
      const unpaid = x.total - (paid.get(id) ?? 0n);
      if (!touches || (roster.approved && unpaid <= 0n)) continue;
      pending.push({
        note: roster.approved
          ? `roster ${id} approved, ${fen(unpaid)} yuan unpaid`
          : `roster ${id} published, not yet approved`,
        transactionHash: roster.log.transactionHash,
        unit: x.village,
        amount: unpaid,
        at: roster.log.timestamp,
      });
    }
    if (pending.length === 0) return;
    out.push(
      anomaly(
        "frozen-with-pending",
        fund,
        unit === null ? [] : [unit],
        0n,
        `${what} is frozen with ${pending.length} pending proposal(s) or roster(s)`,
        [
          ...freezes.map((freeze) => ({
            note: `frozen in case ${freeze.args.freezeId} by`,
            transactionHash: freeze.transactionHash,
            unit: unit ?? undefined,
            account: freeze.args.office,
            at: freeze.timestamp,
          })),
          ...pending,
        ],
      ),
    );
  };
  const units = new Map<Address, Gov<"UnitFrozen">[]>();
  const funds = new Map<bigint, Gov<"FundFrozen">[]>();
  for (const g of inForce.values()) {
    if (g.eventName === "UnitFrozen") units.set(lower(g.args.unit), [...(units.get(lower(g.args.unit)) ?? []), g]);
    else funds.set(g.args.fund, [...(funds.get(g.args.fund) ?? []), g]);
  }
  for (const [unit, freezes] of units) report(`unit ${unit}`, unit, null, freezes);
  for (const [fund, freezes] of funds) report(`fund ${fund}`, null, fund, freezes);
  return out;
}
