/**
 * Deploys the council's Governance contract straight from its Hardhat artifact, for SDK tests that hand over
 * with viem rather than through the Ignition module (see `handOverOverRpc` in processes.ts for that path).
 */
import { readFileSync } from "node:fs";

import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { getAddress } from "viem";

import { DEFAULT_GOVERNANCE_DELAY, governanceAbi, ZERO_FEES } from "@fundtrace/sdk";

const ARTIFACT = "artifacts/contracts/Governance.sol/Governance.json";

export interface GovernanceTerms {
  registry: Address;
  council: readonly Address[];
  threshold: number;
  guardians: readonly Address[];
}

/** Deploys a Governance for `terms.registry` with the default delay; returns its address. */
export async function deployGovernance(
  deployer: WalletClient<Transport, Chain, Account>,
  client: PublicClient,
  terms: GovernanceTerms,
): Promise<Address> {
  const { bytecode } = JSON.parse(readFileSync(ARTIFACT, "utf8")) as { bytecode: Hex };
  const hash = await deployer.deployContract({
    abi: governanceAbi,
    bytecode,
    args: [terms.registry, DEFAULT_GOVERNANCE_DELAY, [...terms.council], terms.threshold, [...terms.guardians]],
    ...ZERO_FEES,
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.contractAddress == null) throw new Error(`Governance deployment ${hash} created no contract`);
  return getAddress(receipt.contractAddress);
}
