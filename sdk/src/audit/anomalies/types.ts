/** The anomaly rules' parameters, ids, severities, evidence and anomalies, and the data they read. */
import type { Address, Hash, Hex } from "viem";

import type { FundTraceEvent } from "../../decode-events.ts";
import type { HouseholdPayment } from "../payments.ts";
import type { FundTrace } from "../trace.ts";

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
  "deadline-province-to-county": {
    severity: "high",
    title: "central transfer not at county level within the deadline",
  },
  "deadline-transfer": { severity: "high", title: "transfer held at county level or above past its deadline" },
  "idle-balance": { severity: "medium", title: "balance untouched longer than the idle period" },
  "duplicate-in-fund": { severity: "high", title: "household paid twice from the same fund" },
  "household-in-two-villages": { severity: "high", title: "household paid in two villages" },
  "payment-outlier": { severity: "medium", title: "payment far above the programme's typical amount" },
  "payment-concentration": { severity: "medium", title: "roster money concentrated on few households" },
  "preparer-and-approver": { severity: "medium", title: "one account prepares at one unit and approves at another" },
  "sole-approver-own-roster": {
    severity: "medium",
    title: "roster approved by one officer of the paying village alone",
  },
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

export interface Anomaly {
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
export type Gov<N extends GovernanceEventName> = Extract<GovernanceLog, { eventName: N }>;

export interface AuditData {
  fromBlock: bigint;
  toBlock: bigint;
  asOf: bigint;
  traces: FundTrace[];
  payments: HouseholdPayment[];
  governance: GovernanceLog[];
}

export const GOVERNANCE_EVENTS = [
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
