/**
 * Anomaly rules: what inspectors look for (docs/audit.md), each a rule id,
 * a severity and the evidence (transactions, units, households, amounts),
 * computed from the chain's events alone.
 *
 * `collectAuditData` reads, for the funds in scope, their traces (trace.ts)
 * and household records (payments.ts), and once for the deployment the
 * governance events (proposals, rosters, approvals, freezes), which are
 * few. `findAnomalies` is a pure function of that data and the rules'
 * parameters, so a reader can check every finding by hand.
 */
import type { Address, Hash, Hex } from "viem";

import { Level } from "../abi/index.ts";
import { read } from "../actions/reads.ts";
import type { Deployment } from "../deployments.ts";
import { householdsAddress } from "../division.ts";
import { formatYuan } from "../money.ts";
import { decodeContractLog, eventTopic, type FundTraceEvent } from "../decode-events.ts";
import { asSource, byChainOrder, type LogSource } from "../logs.ts";
import { fundPayments, type HouseholdPayment } from "./payments.ts";
import { type FundTrace, traceFund } from "./trace.ts";

const DAY = 86_400n;

/** The governance events of the funds audited (and every freeze of a unit). */
function inScope(data: AuditData): GovernanceLog[] {
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

export interface AnomalyRules {
  /** Central transfers: province receipt to county receipt (Budget Law art. 52). */
  provinceToCountyDays: number;
  /** County level and above, passing their own (local) transfers down: general transfers. */
  generalTransferDays: number;
  /** The same for special transfers. */
  specialTransferDays: number;
  /** A balance untouched this long is idle. */
  idleDays: number;
  /** A payment above this multiple of its programme's median payment is an outlier. */
  outlierFactor: number;
  /** Fewest payments in a programme before outliers are judged. */
  outlierMinPayments: number;
  /** Concentration: the top `concentrationTopShare` of a roster's households (at least one) ... */
  concentrationTopShare: number;
  /** ... receiving more than this share of the roster's money. */
  concentrationMoneyShare: number;
  /** Fewest households in a roster before concentration is judged. */
  concentrationMinHouseholds: number;
  /** A failed payment must be re-issued, or its money returned, within this many days. */
  failedResolutionDays: number;
}

export const DEFAULT_RULES: AnomalyRules = {
  provinceToCountyDays: 30,
  generalTransferDays: 30,
  specialTransferDays: 60,
  idleDays: 90,
  outlierFactor: 3,
  outlierMinPayments: 5,
  concentrationTopShare: 0.05,
  concentrationMoneyShare: 0.3,
  concentrationMinHouseholds: 10,
  failedResolutionDays: 30,
};

export const RULES = {
  "deadline-province-to-county": { severity: "high", title: "central transfer not at county level within the deadline" },
  "deadline-transfer": { severity: "high", title: "transfer held at county level or above past its deadline" },
  "idle-balance": { severity: "medium", title: "balance untouched longer than the idle period" },
  "duplicate-in-fund": { severity: "high", title: "household paid twice from the same fund" },
  "household-in-two-villages": { severity: "high", title: "household paid in two villages" },
  "payment-outlier": { severity: "medium", title: "payment far above the programme's typical amount" },
  "payment-concentration": { severity: "medium", title: "roster money concentrated on few households" },
  "preparer-and-approver": { severity: "medium", title: "one account prepares at one unit and approves at another" },
  "sole-approver-own-roster": { severity: "medium", title: "roster approved by one officer of the paying village alone" },
  "failed-payment-unresolved": { severity: "medium", title: "failed payment neither re-issued nor returned in time" },
  "frozen-with-pending": { severity: "low", title: "frozen unit or fund with pending proposals or rosters" },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type RuleId = keyof typeof RULES;
export type Severity = "high" | "medium" | "low";

export interface Evidence {
  note: string;
  transactionHash?: Hash;
  unit?: Address;
  household?: Hex;
  account?: Address;
  amount?: bigint;
  /** Block time, seconds. */
  at?: bigint;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  title: string;
  /** One line saying what was found, with its figures. */
  summary: string;
  fund: bigint | null;
  units: Address[];
  amount: bigint;
  evidence: Evidence[];
}

/** The governance events the rules read (proposals, rosters and their approvals, freezes), with block times. */
export type GovernanceEventName = (typeof GOVERNANCE_EVENTS)[number];
export type GovernanceLog = FundTraceEvent<GovernanceEventName> & {
  /** Block time, seconds. */
  timestamp: bigint;
};
type Gov<N extends GovernanceEventName> = Extract<GovernanceLog, { eventName: N }>;

export interface AuditData {
  fromBlock: bigint;
  toBlock: bigint;
  asOf: bigint;
  traces: FundTrace[];
  payments: HouseholdPayment[];
  governance: GovernanceLog[];
}

const GOVERNANCE_EVENTS = [
  "ProposalCreated",
  "ProposalApproved",
  "ProposalExecuted",
  "ProposalRejected",
  "ProposalCancelled",
  "UnitFrozen",
  "UnitUnfrozen",
  "FundFrozen",
  "FundUnfrozen",
  "RosterPublished",
  "RosterApprovalRecorded",
  "RosterApproved",
  "RosterRejected",
  "RosterWithdrawn",
] as const satisfies readonly FundTraceEvent["eventName"][];

const isGovernance = (e: FundTraceEvent | undefined): e is FundTraceEvent<GovernanceEventName> =>
  e !== undefined && (GOVERNANCE_EVENTS as readonly string[]).includes(e.eventName);

/** Reads what the rules need for `funds` (default: every fund created up to `toBlock`). */
export async function collectAuditData(
  from: LogSource | Parameters<typeof asSource>[0],
  deployment: Deployment,
  options: { funds?: bigint[]; fromBlock?: bigint; toBlock?: bigint } = {},
): Promise<AuditData> {
  const source = asSource(from);
  const fromBlock = options.fromBlock ?? deployment.deploymentBlock;
  const toBlock = options.toBlock ?? (await source.head());
  const range = { fromBlock, toBlock };
  const count = await read(source.client, deployment, "ledger", "fundCount", [], toBlock);
  const funds = options.funds ?? Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const topics = [GOVERNANCE_EVENTS.map(eventTopic)];
  const [traces, paid, ledgerLogs, rosterLogs] = await Promise.all([
    Promise.all(funds.map((fund) => traceFund(source, deployment, fund, range))),
    Promise.all(funds.map((fund) => fundPayments(source, deployment, fund, range))),
    source.getLogs({ ...range, address: deployment.ledger, topics }),
    source.getLogs({ ...range, address: deployment.rosterBook, topics }),
  ]);
  const events = [
    ...ledgerLogs.map((l) => decodeContractLog("ledger", l)),
    ...rosterLogs.map((l) => decodeContractLog("rosterBook", l)),
  ].filter(isGovernance);
  const times = await source.blockTimes([...events.map((e) => e.blockNumber), toBlock]);
  const governance = events.map((e): GovernanceLog => ({ ...e, timestamp: times.get(e.blockNumber)! })).sort(byChainOrder);
  return { fromBlock, toBlock, asOf: times.get(toBlock)!, traces, payments: paid.flat(), governance };
}

/** An address in lower case, as the rules key and report units and accounts. */
const lower = (a: Address): Address => `0x${a.slice(2).toLowerCase()}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
const days = (seconds: bigint) => (Number(seconds) / 86_400).toFixed(1);
const fen = (amount: bigint) => formatYuan(amount);

function finding(rule: RuleId, fund: bigint | null, units: Address[], amount: bigint, summary: string, evidence: Evidence[]): Finding {
  return { rule, severity: RULES[rule].severity, title: RULES[rule].title, summary, fund, units, amount, evidence };
}

/** Every finding of the rules on `data` (see the file comment and docs/audit.md). */
export function findAnomalies(all: AuditData, rules: Partial<AnomalyRules> = {}): Finding[] {
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

function deadlines(data: AuditData, r: AnomalyRules): Finding[] {
  const out: Finding[] = [];
  for (const trace of data.traces) {
    if (trace.terms === null) continue;
    const central = trace.terms.source === "central";
    const limit = BigInt(trace.terms.transferType === "special" ? r.specialTransferDays : r.generalTransferDays) * DAY;
    const provinceLimit = BigInt(r.provinceToCountyDays) * DAY;
    const late = new Map<string, { rule: RuleId; unit: Address; amount: bigint; evidence: Evidence[]; worst: bigint }>();
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
        const took = end - p.provinceAt;
        const arrivedInTime = p.arrivedAt - p.provinceAt <= provinceLimit;
        if (took > provinceLimit && arrivedInTime && (still || p.leftBy === "allocation")) {
          add("deadline-province-to-county", p.unit, p.amount, took, {
            note: still ? `${fen(p.amount)} still held ${days(took)} days after reaching the province` : `${fen(p.amount)} passed on ${days(took)} days after reaching the province`,
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
          note: still ? `${fen(p.amount)} held ${days(stay)} days, since ${p.arrivedIn}` : `${fen(p.amount)} passed down after ${days(stay)} days`,
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
        finding(e.rule, trace.fund, [e.unit], e.amount, `fund ${trace.fund}: ${fen(e.amount)} yuan at ${code} past the ${limitDays}-day deadline (up to ${days(e.worst)} days)`, e.evidence),
      );
    }
  }
  return out;
}

function idle(data: AuditData, r: AnomalyRules): Finding[] {
  const out: Finding[] = [];
  const limit = BigInt(r.idleDays) * DAY;
  for (const trace of data.traces) {
    for (const u of trace.units.values()) {
      if (u.balance <= 0n || u.lastMovementAt === null) continue;
      const quiet = trace.asOf - u.lastMovementAt;
      if (quiet <= limit) continue;
      const mine = [lower(u.unit), lower(householdsAddress(u.unit))];
      const last = trace.movements.findLast((m) => m.timestamp === u.lastMovementAt && (mine.includes(lower(m.from)) || mine.includes(lower(m.to))));
      out.push(
        finding("idle-balance", trace.fund, [u.unit], u.balance, `fund ${trace.fund}: ${fen(u.balance)} yuan at ${u.code} untouched for ${days(quiet)} days (idle period ${r.idleDays})`, [
          { note: `last movement ${days(quiet)} days before the audit block`, transactionHash: last?.transactionHash, unit: u.unit, amount: u.balance, at: u.lastMovementAt },
        ]),
      );
    }
  }
  return out;
}

const paymentEvidence = (p: HouseholdPayment, note: string): Evidence => ({
  note,
  transactionHash: p.transactionHash,
  unit: p.village,
  household: p.household,
  amount: p.amount,
  at: p.timestamp,
});

function duplicates(data: AuditData): Finding[] {
  const out: Finding[] = [];
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
      finding("duplicate-in-fund", p.fund, [...new Set(list.map((x) => x.village))], total, `household ${p.household} paid ${list.length} times from fund ${p.fund}, ${fen(total)} yuan in all`, list.map((x) => paymentEvidence(x, `roster ${x.rosterId} entry ${x.entry}: ${fen(x.amount)} yuan`))),
    );
  }
  for (const [household, list] of villages) {
    const distinct = [...new Set(list.map((x) => lower(x.village)))];
    if (distinct.length < 2) continue;
    const total = list.reduce((n, x) => n + x.amount, 0n);
    out.push(
      finding("household-in-two-villages", null, [...new Set(list.map((x) => x.village))], total, `household ${household} paid in ${distinct.length} villages`, list.map((x) => paymentEvidence(x, `fund ${x.fund}, roster ${x.rosterId}: ${fen(x.amount)} yuan`))),
    );
  }
  return out;
}

function median(values: bigint[]): bigint {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2n;
}

function outliers(data: AuditData, r: AnomalyRules): Finding[] {
  const out: Finding[] = [];
  const categoryOf = new Map(data.traces.map((t) => [t.fund, t.terms?.category ?? 0]));
  const byProgramme = new Map<number, HouseholdPayment[]>();
  for (const p of data.payments) {
    if (p.kind !== "paid") continue;
    const c = categoryOf.get(p.fund) ?? 0;
    push(byProgramme, c, p);
  }
  // Factor in hundredths, so the comparison stays in integers.
  const factor = BigInt(Math.round(r.outlierFactor * 100));
  for (const [category, list] of byProgramme) {
    if (list.length < r.outlierMinPayments) continue;
    const typical = median(list.map((p) => p.amount));
    for (const p of list) {
      if (p.amount * 100n <= typical * factor) continue;
      out.push(
        finding("payment-outlier", p.fund, [p.village], p.amount, `fund ${p.fund}: ${fen(p.amount)} yuan to household ${p.household}, ${(Number(p.amount) / Number(typical)).toFixed(1)} times the median ${fen(typical)} of programme ${category}`, [
          paymentEvidence(p, `roster ${p.rosterId} entry ${p.entry}; programme ${category} median ${fen(typical)} over ${list.length} payments`),
        ]),
      );
    }
  }
  return out;
}

function concentration(data: AuditData, r: AnomalyRules): Finding[] {
  const out: Finding[] = [];
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
      finding("payment-concentration", p.fund, [p.village], topAmount, `roster ${rosterId} (fund ${p.fund}): ${top} of ${list.length} households receive ${((Number(topAmount) / Number(total)) * 100).toFixed(1)}% of ${fen(total)} yuan`, sorted.slice(0, top).map((x) => paymentEvidence(x, `entry ${x.entry}: ${fen(x.amount)} yuan`))),
    );
  }
  return out;
}

function preparerApprover(data: AuditData): Finding[] {
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
  const out: Finding[] = [];
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
    const evidence = [...[...a.prepared].map((x) => evidenceOf("prepares", x)), ...elsewhere.map((x) => evidenceOf("approves", x))];
    const units = [...new Set([...a.prepared.keys(), ...elsewhere.map(([u]) => u)])];
    out.push(finding("preparer-and-approver", null, units, 0n, `account ${account} prepares at ${a.prepared.size} unit(s) and approves at ${elsewhere.length} other unit(s)`, evidence));
  }
  return out;
}

function soleApprover(data: AuditData): Finding[] {
  const rosters = new Map<bigint, { village: Address; fund: bigint; total: bigint; approvals: Gov<"RosterApprovalRecorded">[] }>();
  const out: Finding[] = [];
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
        finding("sole-approver-own-roster", roster.fund, [roster.village], roster.total, `roster ${g.args.rosterId} of ${fen(roster.total)} yuan approved by ${only.args.approver}, an approver of the paying village, with no second approver`, [
          { note: "the only approval", transactionHash: only.transactionHash, unit: roster.village, account: only.args.approver, amount: roster.total, at: only.timestamp },
        ]),
      );
    }
  }
  return out;
}

function failedUnresolved(data: AuditData, r: AnomalyRules): Finding[] {
  const out: Finding[] = [];
  const limit = BigInt(r.failedResolutionDays) * DAY;
  const reissued = new Map<string, HouseholdPayment[]>();
  for (const p of data.payments) if (p.kind === "reissued") push(reissued, `${p.rosterId}:${p.entry}`, p);
  const returns = new Map<string, { at: bigint; amount: bigint }[]>();
  for (const t of data.traces) {
    for (const m of t.movements) {
      if (m.kind === "return" || m.kind === "reclaim") push(returns, `${t.fund}:${lower(m.from)}`, { at: m.timestamp, amount: m.amount });
    }
  }
  for (const p of data.payments) {
    if (p.kind !== "failed" || data.asOf - p.timestamp <= limit) continue;
    const deadline = p.timestamp + limit;
    const paidAgain = (reissued.get(`${p.rosterId}:${p.entry}`) ?? []).some((x) => x.timestamp >= p.timestamp && x.timestamp <= deadline);
    const sentBack = (returns.get(`${p.fund}:${lower(p.village)}`) ?? []).filter((x) => x.at >= p.timestamp && x.at <= deadline).reduce((n, x) => n + x.amount, 0n);
    if (paidAgain || sentBack >= p.amount) continue;
    out.push(
      finding("failed-payment-unresolved", p.fund, [p.village], p.amount, `fund ${p.fund}: failed payment of ${fen(p.amount)} yuan to household ${p.household} neither re-issued nor returned within ${r.failedResolutionDays} days`, [
        paymentEvidence(p, `roster ${p.rosterId} entry ${p.entry} failed ${days(data.asOf - p.timestamp)} days before the audit block`),
      ]),
    );
  }
  return out;
}

function frozenPending(data: AuditData): Finding[] {
  const frozenUnits = new Map<Address, Gov<"UnitFrozen">>();
  const frozenFunds = new Map<bigint, Gov<"FundFrozen">>();
  const proposals = new Map<bigint, Gov<"ProposalCreated">>();
  const rosters = new Map<bigint, { log: Gov<"RosterPublished">; approved: boolean }>();
  for (const g of data.governance) {
    switch (g.eventName) {
      case "UnitFrozen":
        frozenUnits.set(lower(g.args.unit), g);
        break;
      case "UnitUnfrozen":
        frozenUnits.delete(lower(g.args.unit));
        break;
      case "FundFrozen":
        frozenFunds.set(g.args.fund, g);
        break;
      case "FundUnfrozen":
        frozenFunds.delete(g.args.fund);
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
  for (const p of data.payments) paid.set(p.rosterId, (paid.get(p.rosterId) ?? 0n) + (p.kind === "failed" ? -p.amount : p.amount));
  const out: Finding[] = [];
  const report = (what: string, unit: Address | null, fund: bigint | null, freeze: Gov<"UnitFrozen" | "FundFrozen">) => {
    const pending: Evidence[] = [];
    for (const [id, g] of proposals) {
      const x = g.args;
      const touches = unit !== null ? [x.unit, x.from, x.to].some((a) => lower(a) === lower(unit)) : x.fund === fund;
      if (touches) pending.push({ note: `proposal ${id} pending since ${new Date(Number(g.timestamp) * 1000).toISOString().slice(0, 10)}`, transactionHash: g.transactionHash, unit: x.unit, amount: x.amount, at: g.timestamp });
    }
    for (const [id, roster] of rosters) {
      const x = roster.log.args;
      const touches = unit !== null ? lower(x.village) === lower(unit) : x.fund === fund;
      const unpaid = x.total - (paid.get(id) ?? 0n);
      if (!touches || (roster.approved && unpaid <= 0n)) continue;
      pending.push({ note: roster.approved ? `roster ${id} approved, ${fen(unpaid)} yuan unpaid` : `roster ${id} published, not yet approved`, transactionHash: roster.log.transactionHash, unit: x.village, amount: unpaid, at: roster.log.timestamp });
    }
    if (pending.length === 0) return;
    out.push(
      finding("frozen-with-pending", fund, unit === null ? [] : [unit], 0n, `${what} is frozen with ${pending.length} pending proposal(s) or roster(s)`, [
        { note: "frozen by", transactionHash: freeze.transactionHash, unit: unit ?? undefined, account: freeze.args.inspector, at: freeze.timestamp },
        ...pending,
      ]),
    );
  };
  for (const [unit, g] of frozenUnits) report(`unit ${unit}`, unit, null, g);
  for (const [fund, g] of frozenFunds) report(`fund ${fund}`, null, fund, g);
  return out;
}
