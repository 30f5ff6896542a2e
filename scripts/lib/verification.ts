/**
 * Standard-JSON compiler inputs for verifying the deployed contracts on a
 * block explorer (Blockscout: "Solidity (Standard JSON input)"), taken from
 * Hardhat's build info: the exact sources, settings and compiler release the
 * artifacts were built from.
 */
import { readFileSync } from "node:fs";

export const DEPLOYED_CONTRACTS = ["UnitRegistry", "FundLedger", "RosterBook", "Governance"] as const;
export type DeployedContract = (typeof DEPLOYED_CONTRACTS)[number];

export interface VerificationInput {
  contract: DeployedContract;
  /** Fully qualified name as the explorer asks for it (`source:Contract`). */
  fullyQualifiedName: string;
  compilerVersion: string;
  standardJson: { language: string; sources: Record<string, { content: string }>; settings: Record<string, unknown> };
}

export function verificationInput(contract: DeployedContract, root = "."): VerificationInput {
  const artifact = JSON.parse(readFileSync(`${root}/artifacts/contracts/${contract}.sol/${contract}.json`, "utf8")) as {
    buildInfoId: string;
    inputSourceName: string;
  };
  const buildInfo = JSON.parse(readFileSync(`${root}/artifacts/build-info/${artifact.buildInfoId}.json`, "utf8")) as {
    solcLongVersion: string;
    input: VerificationInput["standardJson"];
  };
  const settings = { ...buildInfo.input.settings };
  // Explorers compile for bytecode and metadata only.
  settings.outputSelection = {
    "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "metadata"] },
  };
  return {
    contract,
    fullyQualifiedName: `${artifact.inputSourceName}:${contract}`,
    compilerVersion: `v${buildInfo.solcLongVersion}`,
    standardJson: { language: buildInfo.input.language, sources: buildInfo.input.sources, settings },
  };
}
