/** Deployments recorded by Hardhat Ignition (`ignition/deployments/<id>`). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import type { Address } from "viem";

import { type Deployment, defineDeployment } from "../deployments.ts";
import { FundTraceError } from "../errors.ts";
import type { FeeMode } from "../fees.ts";

/**
 * Reads the contract addresses, chain id and deployment block from an
 * Ignition deployment folder written by `hardhat ignition deploy` with the
 * FundTrace module, or with FundTraceSuccessor (a fixed ledger taking over a
 * sealed one, on the same registry).
 */
export function loadIgnitionDeployment(dir: string, options: { feeMode?: FeeMode } = {}): Deployment {
  let addresses: Record<string, Address>;
  let journal: string;
  try {
    addresses = JSON.parse(readFileSync(join(dir, "deployed_addresses.json"), "utf8")) as Record<string, Address>;
    journal = readFileSync(join(dir, "journal.jsonl"), "utf8");
  } catch (error) {
    throw new FundTraceError("DEPLOYMENT_NOT_FOUND", `no Ignition deployment in ${dir}`, { cause: error });
  }
  let chainId: number | undefined;
  let firstBlock: number | undefined;
  for (const line of journal.split("\n")) {
    if (line.trim() === "") continue;
    const entry = JSON.parse(line) as { type?: string; chainId?: number; receipt?: { blockNumber?: number } };
    if (entry.type === "DEPLOYMENT_INITIALIZE") chainId = entry.chainId;
    const block = entry.type === "TRANSACTION_CONFIRM" ? entry.receipt?.blockNumber : undefined;
    if (block !== undefined && (firstBlock === undefined || block < firstBlock)) firstBlock = block;
  }
  const module = addresses["FundTraceSuccessor#FundLedger"] === undefined ? "FundTrace" : "FundTraceSuccessor";
  const need = (name: string): Address => {
    const address = addresses[`${module}#${name}`];
    if (address === undefined) throw new FundTraceError("DEPLOYMENT_INVALID", `${dir} has no ${module}#${name}`);
    return address;
  };
  if (chainId === undefined || firstBlock === undefined) {
    throw new FundTraceError("DEPLOYMENT_INVALID", `${dir}/journal.jsonl has no chain id or no confirmed transaction`);
  }
  return defineDeployment({
    chainId,
    registry: need("UnitRegistry"),
    ledger: need("FundLedger"),
    rosterBook: need("RosterBook"),
    // Deployed later, by the Governance module, when the bootstrap account hands over.
    ...(addresses["Governance#Governance"] === undefined ? {} : { governance: addresses["Governance#Governance"] }),
    deploymentBlock: BigInt(firstBlock),
    feeMode: options.feeMode ?? "zero",
  });
}
