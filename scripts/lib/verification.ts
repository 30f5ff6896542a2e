/**
 * Standard-JSON compiler inputs for verifying the deployed contracts on a
 * block explorer (Blockscout: "Solidity (Standard JSON input)"), taken from
 * Hardhat's build info: the exact sources, settings and compiler release the
 * artifacts were built from.
 */
import { readFileSync } from "node:fs";

/** The contracts integrators call: each has an ABI in the SDK and its errors in docs/contracts.md. */
export const DEPLOYED_CONTRACTS = ["UnitRegistry", "FundLedger", "RosterBook", "Governance"] as const;

/**
 * Every contract a deployment may put on chain, for verification: a
 * successor ledger (`deploy --successor`) also creates a `LedgerImporter`
 * (never called directly: the ledger runs it by delegatecall), at the
 * ledger's first created address (its nonce 1). The roster book is a
 * deployment of its own, bound to the ledger once.
 */
export const VERIFIED_CONTRACTS = [...DEPLOYED_CONTRACTS, "LedgerImporter"] as const;
export type DeployedContract = (typeof VERIFIED_CONTRACTS)[number];

/** Where each contract's source lives under `contracts/`. */
const SOURCE_FOLDER: Partial<Record<DeployedContract, string>> = { LedgerImporter: "ledger/" };

export interface VerificationInput {
  contract: DeployedContract;
  /** Fully qualified name as the explorer asks for it (`source:Contract`). */
  fullyQualifiedName: string;
  compilerVersion: string;
  standardJson: { language: string; sources: Record<string, { content: string }>; settings: Record<string, unknown> };
}

export function verificationInput(contract: DeployedContract, root = "."): VerificationInput {
  const artifact = JSON.parse(
    readFileSync(
      `${root}/artifacts/contracts/${SOURCE_FOLDER[contract] ?? ""}${contract}.sol/${contract}.json`,
      "utf8",
    ),
  ) as {
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
