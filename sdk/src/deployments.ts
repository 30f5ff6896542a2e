/**
 * Where FundTrace is deployed: a typed table per chain id with the contract
 * addresses and the deployment block (where event reads start). An unknown
 * chain throws; there is no default address.
 */
import { type Address, getAddress } from "viem";

import { fundLedgerAbi, governanceAbi, rosterBookAbi, unitRegistryAbi } from "./abi/index.ts";
import { FundTraceError } from "./errors.ts";
import { FEE_MODES, type FeeMode } from "./fees.ts";

export interface Deployment {
  chainId: number;
  registry: Address;
  ledger: Address;
  rosterBook: Address;
  /**
   * The council and timelock that administer the deployment once the
   * bootstrap account has handed over (absent before; the registry's
   * `governance()` says which one is in charge).
   */
  governance?: Address;
  /** Block of the first deployment transaction: event reads start here. */
  deploymentBlock: bigint;
  /** How the chain charges for transactions (`zero` on consortium chains). */
  feeMode: FeeMode;
}

/** The ABIs of the deployment's contracts, by the name used in {@link Deployment}. */
export const abis = {
  registry: unitRegistryAbi,
  ledger: fundLedgerAbi,
  rosterBook: rosterBookAbi,
  governance: governanceAbi,
} as const;
export type ContractKey = keyof typeof abis;

/** The address of one of the deployment's contracts; throws when the deployment has none (no governance yet). */
export function contractAddress(deployment: Deployment, contract: ContractKey): Address {
  const address = deployment[contract];
  if (address === undefined) {
    throw new FundTraceError(
      "NOT_GOVERNED",
      `the deployment on chain ${deployment.chainId} has no governance yet: the bootstrap account hands over first`,
    );
  }
  return address;
}

/** Known deployments. Add yours with {@link registerDeployment}. */
const table = new Map<number, Deployment>();

export class UnknownChainError extends FundTraceError {
  override name = "UnknownChainError";
  readonly chainId: number;

  constructor(chainId: number) {
    super(
      "UNKNOWN_CHAIN",
      `no FundTrace deployment is known for chain ${chainId}: register one with registerDeployment`,
      {
        context: { chainId },
      },
    );
    this.chainId = chainId;
  }
}

/** Checks and normalises a deployment record. */
export function defineDeployment(deployment: Deployment): Deployment {
  if (!Number.isSafeInteger(deployment.chainId) || deployment.chainId <= 0) {
    throw new FundTraceError("DEPLOYMENT_INVALID", `chain id ${deployment.chainId} is not a positive integer`);
  }
  if (deployment.deploymentBlock < 0n) throw new FundTraceError("DEPLOYMENT_INVALID", "deployment block is negative");
  // Records come from files and configs too: check what the type promises.
  if (!(FEE_MODES as readonly string[]).includes(deployment.feeMode)) {
    throw new FundTraceError("DEPLOYMENT_INVALID", `fee mode ${deployment.feeMode} is neither "zero" nor "market"`);
  }
  return {
    ...deployment,
    registry: getAddress(deployment.registry),
    ledger: getAddress(deployment.ledger),
    rosterBook: getAddress(deployment.rosterBook),
    ...(deployment.governance === undefined ? {} : { governance: getAddress(deployment.governance) }),
  };
}

/** Adds or replaces the deployment of its chain. */
export function registerDeployment(deployment: Deployment): Deployment {
  const checked = defineDeployment(deployment);
  table.set(checked.chainId, checked);
  return checked;
}

/** The deployment on `chainId`; throws {@link UnknownChainError} when none is registered. */
export function getDeployment(chainId: number): Deployment {
  const deployment = table.get(chainId);
  if (deployment === undefined) throw new UnknownChainError(chainId);
  return deployment;
}
