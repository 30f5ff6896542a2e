/**
 * Network profiles in a config file (`fundtrace.config.json` in the working
 * folder, or --config / FUNDTRACE_CONFIG), selected with --network or
 * FUNDTRACE_NETWORK; FUNDTRACE_RPC_URL overrides the profile's RPC address.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

import { type Deployment, defineDeployment, FEE_MODES, type FeeMode } from "@fundtrace/sdk";
import { loadIgnitionDeployment } from "@fundtrace/sdk/node";
import { CliError } from "./errors.ts";

export const DEFAULT_CONFIG_FILE = "fundtrace.config.json";

export interface NetworkProfile {
  rpcUrl: string;
  chainId: number;
  /** "zero": legacy transactions at gas price 0 (consortium chains); "market": the node's EIP-1559 prices. */
  feeMode: FeeMode;
  /** The deployment: contract addresses and block, or the path of an Ignition deployment folder. */
  deployment?: { registry: string; ledger: string; rosterBook: string; deploymentBlock: string } | { ignition: string };
}

export interface Config {
  path: string;
  defaultNetwork: string;
  keystoreDir: string;
  networks: Record<string, NetworkProfile>;
}

export function configPath(option: string | undefined): string {
  return resolve(option ?? (process.env.FUNDTRACE_CONFIG || DEFAULT_CONFIG_FILE));
}

export function starterConfig(): Omit<Config, "path"> {
  return {
    defaultNetwork: "local",
    keystoreDir: "keystores",
    networks: {
      local: { rpcUrl: "http://127.0.0.1:8545", chainId: 20520, feeMode: "zero" },
    },
  };
}

export function loadConfig(option: string | undefined): Config {
  const path = configPath(option);
  if (!existsSync(path)) {
    throw new CliError("CONFIG_NOT_FOUND", `no config file at ${path}: run \`fundtrace init\` to write one`, { path });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CliError("CONFIG_INVALID", `${path} is not valid JSON: ${(error as Error).message}`, { path });
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (!isObject(parsed) || !isObject(parsed.networks) || typeof parsed.defaultNetwork !== "string") {
    throw new CliError("CONFIG_INVALID", `${path} needs "defaultNetwork" and "networks"`, { path });
  }
  // Its shape is checked field by field below.
  const raw = parsed as Partial<Config> & Pick<Config, "networks" | "defaultNetwork">;
  for (const [name, profile] of Object.entries(raw.networks)) {
    if (
      typeof profile.rpcUrl !== "string" ||
      !Number.isSafeInteger(profile.chainId) ||
      !FEE_MODES.includes(profile.feeMode)
    ) {
      throw new CliError(
        "CONFIG_INVALID",
        `${path}: network "${name}" needs rpcUrl, chainId and feeMode ("zero" or "market")`,
        {
          path,
          field: `networks.${name}`,
        },
      );
    }
  }
  return {
    path,
    keystoreDir: raw.keystoreDir ?? "keystores",
    defaultNetwork: raw.defaultNetwork,
    networks: raw.networks,
  };
}

export interface SelectedNetwork extends NetworkProfile {
  name: string;
}

export function selectNetwork(config: Config, option: string | undefined): SelectedNetwork {
  const name = option ?? (process.env.FUNDTRACE_NETWORK || config.defaultNetwork);
  const profile = config.networks[name];
  if (profile === undefined) {
    throw new CliError(
      "UNKNOWN_NETWORK",
      `no network "${name}" in ${config.path} (known: ${Object.keys(config.networks).join(", ")})`,
      {
        network: name,
      },
    );
  }
  return { ...profile, name, rpcUrl: process.env.FUNDTRACE_RPC_URL || profile.rpcUrl };
}

/** The deployment a profile names, or undefined when it has none yet. */
export function deploymentOf(config: Config, network: SelectedNetwork): Deployment | undefined {
  const spec = network.deployment;
  if (spec === undefined) return undefined;
  if ("ignition" in spec) {
    return loadIgnitionDeployment(resolve(dirname(config.path), spec.ignition), { feeMode: network.feeMode });
  }
  return defineDeployment({
    chainId: network.chainId,
    registry: spec.registry as `0x${string}`,
    ledger: spec.ledger as `0x${string}`,
    rosterBook: spec.rosterBook as `0x${string}`,
    deploymentBlock: BigInt(spec.deploymentBlock),
    feeMode: network.feeMode,
  });
}
