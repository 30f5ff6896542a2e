/**
 * Running one of the project's Ignition modules against the selected network
 * from a keystore account. The key reaches Hardhat through the child
 * process's environment only (FUNDTRACE_DEPLOYER_KEY), never its command line.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import type { Context } from "./context.ts";
import { CliError } from "./errors.ts";

/** The repository the CLI runs from: Hardhat, the contracts and the Ignition modules live there. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Deploys `ignition/modules/<module>.ts` into deployment `deploymentId`; a failed run resumes when repeated. */
export async function runIgnition(
  ctx: Context,
  p: { module: string; deploymentId: string; parameters: Record<string, Record<string, unknown>>; key: string },
): Promise<void> {
  const network = ctx.network;
  mkdirSync(join(PROJECT_ROOT, "ignition", "deployments"), { recursive: true });
  const parameters = join(PROJECT_ROOT, "ignition", "deployments", `${p.deploymentId}.${p.module}.parameters.json`);
  writeFileSync(parameters, JSON.stringify(p.parameters));
  const code = await new Promise<number>((done) => {
    const child = spawn(
      "npx",
      [
        "hardhat",
        "ignition",
        "deploy",
        `ignition/modules/${p.module}.ts`,
        "--network",
        "consortium",
        "--deployment-id",
        p.deploymentId,
        "--parameters",
        parameters,
      ],
      {
        cwd: PROJECT_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          FUNDTRACE_RPC_URL: network.rpcUrl,
          FUNDTRACE_CHAIN_ID: String(network.chainId),
          FUNDTRACE_DEPLOYER_KEY: p.key,
          HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1",
        },
      },
    );
    // Ignition's own report goes to stderr as progress.
    child.stdout.on("data", (chunk: Buffer) => ctx.out.stderr.write(chunk));
    child.stderr.on("data", (chunk: Buffer) => ctx.out.stderr.write(chunk));
    child.on("close", (status) => {
      done(status ?? 1);
    });
  });
  if (code !== 0)
    throw new CliError(
      "TRANSACTION_FAILED",
      `the Ignition deployment failed (exit ${code}); run the same command again to resume it`,
      { deploymentId: p.deploymentId },
    );
}
