/**
 * Maker-checker proposals over time: a pending proposal expires
 * `PROPOSAL_LIFETIME` seconds after it was made (the ledger's constant), after
 * which the contracts refuse to approve or reject it.
 */
import { contractConstants, ProposalStatus } from "./abi/enums.ts";

/** Seconds a pending proposal stays open (30 days). */
export const PROPOSAL_LIFETIME: bigint = contractConstants.FundLedger.PROPOSAL_LIFETIME;

/** Block time (seconds) at which a proposal made at `createdAt` expires. */
export const proposalExpiresAt = (p: { createdAt: bigint }): bigint => p.createdAt + PROPOSAL_LIFETIME;

/** Whether a proposal is pending but past its lifetime at block time `now` (seconds). */
export const isProposalExpired = (p: { status: number; createdAt: bigint }, now: bigint): boolean =>
  p.status === ProposalStatus.Pending && now >= proposalExpiresAt(p);
