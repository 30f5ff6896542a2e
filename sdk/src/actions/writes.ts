/**
 * One builder per contract write. Each returns the unsigned call
 * ({@link ContractCall}); pass it to `simulateCall` or `sendCall`, or sign it
 * elsewhere. Amounts are fen (`bigint`), hashes 32-byte hex.
 */
import type { Address, Hex } from "viem";

import { type Level, ProposalKind } from "../abi/enums.ts";
import type { BatchKind, PagePart } from "../batches.ts";
import type { Deployment } from "../deployments.ts";
import { checkDocumentNumber, checkFundTerms, type FundTermsInput, normaliseDocumentNumber } from "../fund-terms.ts";
import { type FindingTarget, findingRecord } from "../findings.ts";
import type { RosterCommitment, RosterPage } from "../roster.ts";
import { selectAll } from "../roster.ts";
import { contractCall } from "./calls.ts";

// ------------------------------------------------------------------- registry

export const registerUnit = (d: Deployment, p: { code: bigint; edition: number; level: Level; parent: Address }) =>
  contractCall(d, "registry", "registerUnit", [Number(p.code), p.edition, p.level, p.parent]);

export const addPreparer = (d: Deployment, p: { unit: Address; account: Address }) =>
  contractCall(d, "registry", "addPreparer", [p.unit, p.account]);

export const removePreparer = (d: Deployment, p: { unit: Address; account: Address }) =>
  contractCall(d, "registry", "removePreparer", [p.unit, p.account]);

export const addApprover = (d: Deployment, p: { unit: Address; account: Address }) =>
  contractCall(d, "registry", "addApprover", [p.unit, p.account]);

export const removeApprover = (d: Deployment, p: { unit: Address; account: Address }) =>
  contractCall(d, "registry", "removeApprover", [p.unit, p.account]);

export const setApprovalPolicy = (
  d: Deployment,
  p: { unit: Address; baseApprovals: number; tiers: readonly { above: bigint; approvals: number }[] },
) => contractCall(d, "registry", "setApprovalPolicy", [p.unit, p.baseApprovals, p.tiers]);

/**
 * Places `unit` under `fiscalParent`, one of its ancestors, for allocations, returns and reclaims (e.g. a
 * county managed by its province directly, 省直管县), citing the decision; its administrative parent undoes it.
 */
export const setFiscalParent = (d: Deployment, p: { unit: Address; fiscalParent: Address; documentHash: Hex }) =>
  contractCall(d, "registry", "setFiscalParent", [p.unit, p.fiscalParent, p.documentHash]);

export const grantRole = (d: Deployment, p: { role: Hex; account: Address }) =>
  contractCall(d, "registry", "grantRole", [p.role, p.account]);

export const revokeRole = (d: Deployment, p: { role: Hex; account: Address }) =>
  contractCall(d, "registry", "revokeRole", [p.role, p.account]);

export const pause = (d: Deployment) => contractCall(d, "registry", "pause", []);

export const unpause = (d: Deployment) => contractCall(d, "registry", "unpause", []);

/** Ends the bootstrap (or moves to a successor governance): only the current administrator. */
export const handOver = (d: Deployment, p: { governance: Address }) =>
  contractCall(d, "registry", "handOver", [p.governance]);

// --------------------------------------------------------------------- ledger

/**
 * Proposes a fund; terms the ledger would refuse are refused here first ({@link checkFundTerms}; the dates
 * against `now`, the chain's time, when given).
 */
export const proposeFund = (d: Deployment, terms: FundTermsInput, now?: bigint) => {
  checkFundTerms(terms, now);
  return contractCall(d, "ledger", "proposeFund", [{ ...terms, instalments: terms.instalments ?? 1 }]);
};

/**
 * Proposes to amend a fund's amount under its own budget document: `top-up` (追加) adds `amount` fen at the
 * fund's receiving unit, `cut` (调减) takes `amount` fen back to the budget from what that unit holds. The
 * document number is brought to its GB/T 9704-2012 form and must be 1 to 96 bytes (`FUND_TERMS_INVALID`).
 */
export const proposeAmendment = (
  d: Deployment,
  p: { fund: bigint; kind: "top-up" | "cut"; amount: bigint; documentNumber: string; documentHash: Hex },
) => {
  const documentNumber = normaliseDocumentNumber(p.documentNumber);
  checkDocumentNumber(documentNumber);
  const kind = p.kind === "top-up" ? ProposalKind.TopUp : ProposalKind.Cut;
  return contractCall(d, "ledger", "proposeAmendment", [p.fund, kind, p.amount, documentNumber, p.documentHash]);
};

export const proposeAllocation = (
  d: Deployment,
  p: { fund: bigint; from: Address; to: Address; amount: bigint; documentHash: Hex },
) => contractCall(d, "ledger", "proposeAllocation", [p.fund, p.from, p.to, p.amount, p.documentHash]);

export const proposeReturn = (d: Deployment, p: { fund: bigint; from: Address; amount: bigint; documentHash: Hex }) =>
  contractCall(d, "ledger", "proposeReturn", [p.fund, p.from, p.amount, p.documentHash]);

export const proposeReclaim = (d: Deployment, p: { fund: bigint; child: Address; amount: bigint; documentHash: Hex }) =>
  contractCall(d, "ledger", "proposeReclaim", [p.fund, p.child, p.amount, p.documentHash]);

export const approveProposal = (d: Deployment, p: { proposalId: bigint }) =>
  contractCall(d, "ledger", "approveProposal", [p.proposalId]);

export const rejectProposal = (d: Deployment, p: { proposalId: bigint; reasonHash: Hex }) =>
  contractCall(d, "ledger", "rejectProposal", [p.proposalId, p.reasonHash]);

export const cancelProposal = (d: Deployment, p: { proposalId: bigint }) =>
  contractCall(d, "ledger", "cancelProposal", [p.proposalId]);

/** Freezes `unit` for the signer's office in the case decided by `documentHash`; the event gives the freeze id. */
export const freezeUnit = (d: Deployment, p: { unit: Address; documentHash: Hex }) =>
  contractCall(d, "ledger", "freezeUnit", [p.unit, p.documentHash]);

/** Freezes `fund` for the signer's office in the case decided by `documentHash`. */
export const freezeFund = (d: Deployment, p: { fund: bigint; documentHash: Hex }) =>
  contractCall(d, "ledger", "freezeFund", [p.fund, p.documentHash]);

/** Lifts freeze `freezeId`: sent by the office that froze, or proposed to the council ({@link proposeGovernance}). */
export const liftFreeze = (d: Deployment, p: { freezeId: bigint; documentHash: Hex }) =>
  contractCall(d, "ledger", "liftFreeze", [p.freezeId, p.documentHash]);

/** Attaches a finding of `category` to `target` (a unit, fund, proposal, roster, roster entry or transaction). */
export const recordFinding = (d: Deployment, p: { target: FindingTarget; category: number; documentHash: Hex }) => {
  const { kind, recordId } = findingRecord(p.target);
  return contractCall(d, "ledger", "recordFinding", [kind, recordId, p.category, p.documentHash]);
};

// ---------------------------------------------------------------- roster book

/**
 * Publishes a roster of `village` (a preparer of the village), opening its announcement window. `payer` is the unit
 * whose balance pays its households: the village itself (the default), or its township or county where the county
 * treasury pays villages' households (乡财县管, 县级报账制); then the payer's preparers pay and record failures.
 */
export const publishRoster = (
  d: Deployment,
  p: {
    fund: bigint;
    village: Address;
    payer?: Address;
    roster: Pick<RosterCommitment, "root" | "entryCount" | "total">;
    noticeHash: Hex;
  },
) =>
  contractCall(d, "rosterBook", "publishRoster", [
    p.fund,
    p.village,
    p.payer ?? p.village,
    p.roster.root,
    p.roster.entryCount,
    p.roster.total,
    p.noticeHash,
  ]);

/**
 * Enrols pages of a published roster: the contract checks each against the root, keeps its hash (payments must carry
 * exactly these entries) and claims each household for the fund. Plan the groups with `planEnrolment`.
 */
export const enrolPages = (d: Deployment, p: { rosterId: bigint; pages: readonly RosterPage[] }) =>
  contractCall(d, "rosterBook", "enrolPages", [
    p.rosterId,
    p.pages.map((page) => ({ page: BigInt(page.page), entries: page.data, proof: [...page.proof] })),
  ]);

export const fileObjection = (d: Deployment, p: { rosterId: bigint; documentHash: Hex }) =>
  contractCall(d, "rosterBook", "fileObjection", [p.rosterId, p.documentHash]);

export const resolveObjection = (
  d: Deployment,
  p: { rosterId: bigint; objectionIndex: bigint; upheld: boolean; resolutionHash: Hex },
) => contractCall(d, "rosterBook", "resolveObjection", [p.rosterId, p.objectionIndex, p.upheld, p.resolutionHash]);

/** An inspector concurs with an approver's proposed dismissal of an inspector's objection. */
export const concurDismissal = (d: Deployment, p: { rosterId: bigint; objectionIndex: bigint }) =>
  contractCall(d, "rosterBook", "concurDismissal", [p.rosterId, p.objectionIndex]);

export const approveRoster = (d: Deployment, p: { rosterId: bigint }) =>
  contractCall(d, "rosterBook", "approveRoster", [p.rosterId]);

export const withdrawRoster = (d: Deployment, p: { rosterId: bigint; reasonHash: Hex }) =>
  contractCall(d, "rosterBook", "withdrawRoster", [p.rosterId, p.reasonHash]);

/** A page to pay, with an optional selection (default: every entry of the page). */
export interface PageSelection {
  page: RosterPage;
  select?: bigint;
}

const pagePayments = (pages: readonly PageSelection[]) =>
  pages.map(({ page, select }) => ({
    page: BigInt(page.page),
    select: select ?? selectAll(page.entries.length),
    entries: page.data,
  }));

export const disburse = (d: Deployment, p: { rosterId: bigint; pages: readonly PageSelection[]; bankBatchRef: Hex }) =>
  contractCall(d, "rosterBook", "disburse", [p.rosterId, pagePayments(p.pages), p.bankBatchRef]);

export const reissue = (d: Deployment, p: { rosterId: bigint; pages: readonly PageSelection[]; bankBatchRef: Hex }) =>
  contractCall(d, "rosterBook", "reissue", [p.rosterId, pagePayments(p.pages), p.bankBatchRef]);

/** One planned batch (see `planBatches`) as a `disburse` or `reissue` call. */
export const payBatch = (
  d: Deployment,
  p: { kind: BatchKind; rosterId: bigint; batch: readonly PagePart[]; bankBatchRef: Hex },
) =>
  (p.kind === "disburse" ? disburse : reissue)(d, {
    rosterId: p.rosterId,
    pages: p.batch.map((part) => ({ page: part.page, select: part.select })),
    bankBatchRef: p.bankBatchRef,
  });

export const recordFailedPayments = (
  d: Deployment,
  p: { rosterId: bigint; failures: readonly { page: RosterPage; slots: readonly number[]; reasons: readonly Hex[] }[] },
) =>
  contractCall(d, "rosterBook", "recordFailedPayments", [
    p.rosterId,
    p.failures.map((f) => ({
      page: BigInt(f.page.page),
      entries: f.page.data,
      slots: f.slots.map(BigInt),
      reasons: [...f.reasons],
    })),
  ]);
