/**
 * Real processes for tests: a Hardhat JSON-RPC node on the consortium
 * profile, and Hardhat commands run as a user would run them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

export interface NodeProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts `hardhat node` on the consortium profile and waits until it answers JSON-RPC. */
export async function startNode(): Promise<NodeProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    "npx",
    ["hardhat", "node", "--network", "localConsortium", "--hostname", "127.0.0.1", "--port", String(port)],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`hardhat node did not start on ${url}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
}

/** Runs a command to completion; resolves with its exit code and output. */
export async function runCommand(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Deploys FundTrace with the production Ignition module over JSON-RPC; returns the contract addresses. */
export async function deployOverRpc(
  url: string,
  deployerKey: string,
  deploymentId: string,
): Promise<Record<"UnitRegistry" | "FundLedger" | "RosterBook", `0x${string}`>> {
  const result = await runCommand(
    "npx",
    ["hardhat", "ignition", "deploy", "ignition/modules/FundTrace.ts", "--network", "consortium", "--deployment-id", deploymentId],
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

let sdkBuild: Promise<void> | undefined;
/** Builds the SDK package (sdk/dist) once per test process, as `npm run build -w sdk` would. */
export function buildSdk(): Promise<void> {
  sdkBuild ??= Promise.resolve()
    .then(() => rmSync("sdk/dist", { recursive: true, force: true }))
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
