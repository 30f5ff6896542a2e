/**
 * The governance of a deployment: a council that approves `threshold` of
 * `n`, then a timelock delay, then anyone executes; guardians veto. Every
 * administrative change (officers, approval policies, roles, resuming after
 * a pause, the council itself) is a governance proposal made of ordinary
 * calls, so the same call builders serve the bootstrap account (directly)
 * and the council (wrapped by {@link proposeGovernance}).
 */
import { type Address, decodeFunctionData, type Hex, type PublicClient, zeroAddress } from "viem";

import { contractConstants, GovernanceStatus } from "./abi/enums.ts";
import { type ContractCall, contractCall } from "./actions/calls.ts";
import { read } from "./actions/reads.ts";
import { contractAt } from "./decode-events.ts";
import { abis, type Deployment } from "./deployments.ts";

/** The shortest delay a governance may have (2 days); the contract refuses less. */
export const GOVERNANCE_MIN_DELAY: bigint = contractConstants.Governance.MIN_DELAY;
/** Seconds a proposal may collect approvals before it expires (30 days). */
export const GOVERNANCE_PROPOSAL_LIFETIME: bigint = contractConstants.Governance.PROPOSAL_LIFETIME;
/** The delay of the default deployment: 7 days, so a change always spans a full working week. */
export const DEFAULT_GOVERNANCE_DELAY = 7n * 86_400n;

/** Functions only the administrator may call: after the hand-over, only as governance proposals. */
const ADMINISTRATIVE = {
  registry: new Set([
    "addPreparer",
    "removePreparer",
    "addApprover",
    "removeApprover",
    "setApprovalPolicy",
    "setFiscalParent",
    "grantRole",
    "revokeRole",
    "unpause",
    "handOver",
  ]),
  governance: new Set(["addMember", "removeMember", "setThreshold", "updateDelay", "grantRole", "revokeRole"]),
  ledger: new Set(["seal"]),
} as Record<string, Set<string> | undefined>;

/** Whether `call` needs the administrator (the governance itself, once handed over). */
export const isAdministrative = (call: ContractCall): boolean =>
  ADMINISTRATIVE[call.contract]?.has(call.functionName) === true;

/** A deployment whose governance address was read from its registry. */
export type GovernedDeployment = Deployment & { readonly governance: Address };

/** Whether the deployment carries a governance address (from {@link withGovernance}). */
export const isGoverned = (d: Deployment): d is GovernedDeployment => d.governance !== undefined;

/**
 * The deployment with its governance address as the registry names it (the
 * registry, not a deployment file, is the authority: a successor may have
 * taken over); unchanged while bootstrapping.
 */
export async function withGovernance(client: PublicClient, deployment: Deployment): Promise<Deployment> {
  const governance = await read(client, deployment, "registry", "governance", []);
  return governance === zeroAddress ? deployment : { ...deployment, governance };
}

/** A proposal of `calls`, to take effect together after the council's approval and the delay. */
export const proposeGovernance = (d: Deployment, p: { calls: readonly ContractCall[]; description: string }) =>
  contractCall(d, "governance", "propose", [p.calls.map((c) => c.to), p.calls.map((c) => c.data), p.description]);

export const approveGovernance = (d: Deployment, p: { proposalId: bigint }) =>
  contractCall(d, "governance", "approve", [p.proposalId]);

export const executeGovernance = (d: Deployment, p: { proposalId: bigint }) =>
  contractCall(d, "governance", "execute", [p.proposalId]);

export const withdrawGovernance = (d: Deployment, p: { proposalId: bigint }) =>
  contractCall(d, "governance", "withdraw", [p.proposalId]);

/** A guardian's veto. */
export const cancelGovernance = (d: Deployment, p: { proposalId: bigint }) =>
  contractCall(d, "governance", "cancelProposal", [p.proposalId]);

/** Council changes: wrap them in {@link proposeGovernance}. */
export const addCouncilMember = (d: Deployment, p: { account: Address }) =>
  contractCall(d, "governance", "addMember", [p.account]);
export const removeCouncilMember = (d: Deployment, p: { account: Address }) =>
  contractCall(d, "governance", "removeMember", [p.account]);
export const setCouncilThreshold = (d: Deployment, p: { threshold: number }) =>
  contractCall(d, "governance", "setThreshold", [p.threshold]);
export const setGovernanceDelay = (d: Deployment, p: { seconds: bigint }) =>
  contractCall(d, "governance", "updateDelay", [p.seconds]);

export interface GovernanceState {
  address: Address;
  members: readonly Address[];
  threshold: number;
  guardians: readonly Address[];
  /** Seconds between approval and execution. */
  delay: bigint;
  proposalCount: bigint;
}

/** Who governs the deployment, read from its registry; undefined while bootstrapping. */
export async function readGovernance(
  client: PublicClient,
  deployment: Deployment,
): Promise<GovernanceState | undefined> {
  const d = await withGovernance(client, deployment);
  return isGoverned(d) ? readGovernanceState(client, d) : undefined;
}

/** The council, guardians and delay of a governance already resolved by {@link withGovernance}. */
export async function readGovernanceState(client: PublicClient, d: GovernedDeployment): Promise<GovernanceState> {
  const [members, threshold, guardians, delay, proposalCount] = await Promise.all([
    read(client, d, "governance", "members", []),
    read(client, d, "governance", "threshold", []),
    read(client, d, "governance", "guardians", []),
    read(client, d, "governance", "getMinDelay", []),
    read(client, d, "governance", "proposalCount", []),
  ]);
  return { address: d.governance, members, threshold, guardians, delay, proposalCount };
}

/** One call of a proposal, decoded against the deployment's ABIs when it targets one of its contracts. */
export interface GovernedCall {
  to: Address;
  data: Hex;
  contract?: keyof typeof abis;
  functionName?: string;
  args?: readonly unknown[];
}

export function describeGovernedCall(d: Deployment, to: Address, data: Hex): GovernedCall {
  const contract = contractAt(d, to);
  if (contract === undefined) return { to, data };
  try {
    const decoded: { functionName: string; args?: readonly unknown[] } = decodeFunctionData({
      abi: abis[contract],
      data,
    });
    return { to, data, contract, functionName: decoded.functionName, args: decoded.args ?? [] };
  } catch {
    return { to, data, contract };
  }
}

export interface GovernanceProposalView {
  id: bigint;
  proposer: Address;
  createdAt: bigint;
  status: GovernanceStatus;
  /** Member name of {@link GovernanceStatus}. */
  statusName: keyof typeof GovernanceStatus;
  operationId: Hex;
  calls: GovernedCall[];
  /** Current members who approved (the proposer included while still a member). */
  approvals: readonly Address[];
  /** Block time from which it may be executed (scheduled proposals only). */
  readyAt?: bigint;
  /** Block time after which an unscheduled proposal can no longer be approved. */
  expiresAt: bigint;
}

const STATUS_NAMES = Object.fromEntries(Object.entries(GovernanceStatus).map(([k, v]) => [v, k])) as Record<
  number,
  keyof typeof GovernanceStatus
>;

/** One proposal with its decoded calls, approvals and times. `d` must carry the governance address. */
export async function readGovernanceProposal(
  client: PublicClient,
  d: Deployment,
  id: bigint,
): Promise<GovernanceProposalView> {
  const [proposal, status, approvals] = await Promise.all([
    read(client, d, "governance", "proposalOf", [id]),
    read(client, d, "governance", "statusOf", [id]),
    read(client, d, "governance", "approvalsOf", [id]),
  ]);
  const scheduled = status === GovernanceStatus.Scheduled || status === GovernanceStatus.Ready;
  const readyAt = scheduled ? await read(client, d, "governance", "getTimestamp", [proposal.operationId]) : undefined;
  return {
    id,
    proposer: proposal.proposer,
    createdAt: proposal.createdAt,
    status: status as GovernanceStatus,
    statusName: STATUS_NAMES[status]!,
    operationId: proposal.operationId,
    calls: proposal.targets.map((to, i) => describeGovernedCall(d, to, proposal.payloads[i]!)),
    approvals,
    ...(readyAt === undefined ? {} : { readyAt }),
    expiresAt: proposal.createdAt + GOVERNANCE_PROPOSAL_LIFETIME,
  };
}

/** Every proposal of a governance resolved by {@link withGovernance}, oldest first. */
export async function listGovernanceProposals(
  client: PublicClient,
  d: GovernedDeployment,
): Promise<GovernanceProposalView[]> {
  const count = await read(client, d, "governance", "proposalCount", []);
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  return Promise.all(ids.map((id) => readGovernanceProposal(client, d, id)));
}
