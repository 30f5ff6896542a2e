/**
 * Real processes for tests: a Hardhat JSON-RPC node on the consortium
 * profile, and Hardhat commands run as a user would run them.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";

import { type NodeProcess, runCommand, startNode } from "../../scripts/lib/processes.ts";

export { freePort, type NodeProcess, runCommand, startNode } from "../../scripts/lib/processes.ts";

/** Deploys FundTrace with the production Ignition module over JSON-RPC; returns the contract addresses. */
export async function deployOverRpc(
  url: string,
  deployerKey: string,
  deploymentId: string,
): Promise<Record<"UnitRegistry" | "FundLedger" | "RosterBook", `0x${string}`>> {
  const result = await runCommand(
    "npx",
    [
      "hardhat",
      "ignition",
      "deploy",
      "ignition/modules/FundTrace.ts",
      "--network",
      "consortium",
      "--deployment-id",
      deploymentId,
    ],
    { FUNDTRACE_RPC_URL: url, FUNDTRACE_DEPLOYER_KEY: deployerKey, HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1" },
  );
  if (result.code !== 0) throw new Error(`ignition deploy failed:\n${result.stdout}${result.stderr}`);
  const found = Object.fromEntries(
    [...result.stdout.matchAll(/FundTrace#(\w+) - (0x[0-9a-fA-F]{40})/g)].map((m) => [m[1]!, m[2] as `0x${string}`]),
  );
  for (const name of ["UnitRegistry", "FundLedger", "RosterBook"]) {
    if (found[name] === undefined) throw new Error(`ignition did not report ${name}:\n${result.stdout}`);
  }
  return found as Record<"UnitRegistry" | "FundLedger" | "RosterBook", `0x${string}`>;
}

/**
 * Ends the bootstrap of a deployment made by {@link deployOverRpc}: the production Governance module hands the
 * registry to a council of three fresh addresses (two approve) with one guardian, so that funds can be created.
 */
export async function handOverOverRpc(
  url: string,
  deployerKey: string,
  deploymentId: string,
  registry: `0x${string}`,
): Promise<`0x${string}`> {
  const fresh = () => privateKeyToAddress(generatePrivateKey());
  const dir = mkdtempSync(join(tmpdir(), "fundtrace-hand-over-"));
  const parameters = join(dir, "parameters.json");
  const council = [fresh(), fresh(), fresh()];
  writeFileSync(
    parameters,
    JSON.stringify({ Governance: { registry, council, councilThreshold: 2, guardians: [fresh()] } }),
  );
  try {
    const result = await runCommand(
      "npx",
      [
        "hardhat",
        "ignition",
        "deploy",
        "ignition/modules/Governance.ts",
        "--network",
        "consortium",
        "--deployment-id",
        deploymentId,
        "--parameters",
        parameters,
      ],
      { FUNDTRACE_RPC_URL: url, FUNDTRACE_DEPLOYER_KEY: deployerKey, HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1" },
    );
    const found = /Governance#Governance - (0x[0-9a-fA-F]{40})/.exec(result.stdout);
    if (result.code !== 0 || found === null) throw new Error(`hand-over failed:\n${result.stdout}${result.stderr}`);
    return found[1] as `0x${string}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let sdkBuild: Promise<void> | undefined;
/** Builds the SDK package (sdk/dist) once per test process, as `npm run build -w sdk` would. */
export function buildSdk(): Promise<void> {
  sdkBuild ??= Promise.resolve()
    .then(() => {
      rmSync("sdk/dist", { recursive: true, force: true });
    })
    .then(() => runCommand("npx", ["tsc", "-p", "sdk/tsconfig.build.json"]))
    .then((r) => {
      if (r.code !== 0) throw new Error(`sdk build failed:\n${r.stdout}${r.stderr}`);
    });
  return sdkBuild;
}

/**
 * Mocha hooks for a suite that needs its own node: starts it before the
 * suite, stops it and removes the suite's Ignition deployment record after.
 */
export function useNode(label: string): { readonly url: string; readonly deploymentId: string } {
  let node: NodeProcess | undefined;
  const deploymentId = `test-${label}-${process.pid}`;
  before(async function () {
    node = await startNode();
  });
  after(async function () {
    await node?.stop();
    rmSync(`ignition/deployments/${deploymentId}`, { recursive: true, force: true });
  });
  return {
    get url() {
      if (node === undefined) throw new Error("the node is not started yet");
      return node.url;
    },
    deploymentId,
  };
}
