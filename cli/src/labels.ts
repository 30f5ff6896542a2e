/**
 * The words the CLI and the audit report show for the contracts' enum
 * values and for addresses. Each map is keyed by the SDK's generated enum,
 * so a new Solidity enum member that has no word here fails the type check.
 */
import type { Address } from "viem";

import {
  addressRole,
  EntryStatus,
  FundStatus,
  Level,
  ObjectionStatus,
  ProposalKind,
  ProposalStatus,
  RosterState,
} from "@fundtrace/sdk";

export const LEVEL_NAMES: Readonly<Record<Level, string>> = {
  [Level.None]: "",
  [Level.Province]: "province",
  [Level.City]: "city",
  [Level.County]: "county",
  [Level.Township]: "township",
  [Level.Village]: "village",
};

export const FUND_STATUS: Readonly<Record<FundStatus, string>> = {
  [FundStatus.None]: "none",
  [FundStatus.Proposed]: "proposed",
  [FundStatus.Active]: "active",
  [FundStatus.Cancelled]: "cancelled",
};

export const PROPOSAL_STATUS: Readonly<Record<ProposalStatus, string>> = {
  [ProposalStatus.None]: "none",
  [ProposalStatus.Pending]: "pending",
  [ProposalStatus.Executed]: "executed",
  [ProposalStatus.Rejected]: "rejected",
  [ProposalStatus.Cancelled]: "cancelled",
};

export const PROPOSAL_KIND: Readonly<Record<ProposalKind, string>> = {
  [ProposalKind.CreateFund]: "create fund",
  [ProposalKind.Allocation]: "allocation",
  [ProposalKind.Return]: "return",
  [ProposalKind.Reclaim]: "reclaim",
  [ProposalKind.TopUp]: "top-up (追加)",
  [ProposalKind.Cut]: "cut (调减)",
};

export const ROSTER_STATE: Readonly<Record<RosterState, string>> = {
  [RosterState.None]: "none",
  [RosterState.InWindow]: "in window",
  [RosterState.Objected]: "objected",
  [RosterState.AwaitingApproval]: "awaiting approval",
  [RosterState.Approved]: "approved",
  [RosterState.Rejected]: "rejected",
  [RosterState.Withdrawn]: "withdrawn",
};

export const OBJECTION_STATUS: Readonly<Record<ObjectionStatus, string>> = {
  [ObjectionStatus.None]: "none",
  [ObjectionStatus.Open]: "open",
  [ObjectionStatus.DismissalProposed]: "dismissal proposed, awaiting an inspector",
  [ObjectionStatus.Upheld]: "upheld",
  [ObjectionStatus.Dismissed]: "dismissed",
};

export const ENTRY_STATUS: Readonly<Record<EntryStatus, string>> = {
  [EntryStatus.Unpaid]: "unpaid",
  [EntryStatus.Paid]: "paid",
  [EntryStatus.Failed]: "failed",
  [EntryStatus.Reissued]: "reissued",
  [EntryStatus.ReissueFailed]: "reissue failed",
};

/** The word for `value` in `labels`; values the contracts may add later show as their number. */
export function labelOf<K extends number>(labels: Readonly<Record<K, string>>, value: number): string {
  return Object.hasOwn(labels, value) ? labels[value as K] : `unknown (${value})`;
}

/**
 * An address as people read it: a unit as its 12-digit division code, a
 * village's households address as "households <code>", anything else as
 * it is.
 */
export function unitLabel(address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return address;
  const role = addressRole(address as Address);
  const code = role.kind === "account" ? "" : role.code.toString().padStart(12, "0");
  return role.kind === "households" ? `households ${code}` : role.kind === "unit" ? code : address;
}

/** A chain time (seconds) as a UTC date, "-" when there is none. */
export const dateOf = (seconds: bigint | null | undefined): string =>
  seconds === null || seconds === undefined ? "-" : new Date(Number(seconds) * 1000).toISOString().slice(0, 10);

/** "once", "twice" or "N times": how often a fund may pay one household. */
export const timesText = (n: number): string => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);
