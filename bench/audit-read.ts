/**
 * One audit read in a fresh process, so that its time and peak memory are
 * its own: `node bench/audit-read.ts <mode> <rpc url> <deployment json> <fund> [household]`.
 * - floor: one raw eth_getLogs of every log of the fund's blocks (fetch + JSON.parse), nothing else;
 * - audit: the fund's trace, household records and reconciliation with the contracts;
 * - household: one household's history across the whole chain.
 * Prints {seconds, maxRssMiB, count} as JSON (maxRssMiB: the process's peak resident memory).
 */
import { readFileSync } from "node:fs";

import { createPublicClient, type Hex, http, type PublicClient } from "viem";

import {
  defineDeployment,
  fundPayments,
  householdHistory,
  reconcileWithChain,
  rpcSource,
  traceFund,
} from "@fundtrace/sdk";

const [mode, url, deploymentJson, fundText, household] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string | undefined,
];
const raw = JSON.parse(deploymentJson) as {
  chainId: number;
  registry: Hex;
  ledger: Hex;
  rosterBook: Hex;
  fromBlock: string;
  toBlock: string;
};
const deployment = defineDeployment({ ...raw, deploymentBlock: 0n, feeMode: "zero" });
const fund = BigInt(fundText);
const client = createPublicClient({
  transport: http(url, { timeout: 120_000, maxResponseBodySize: 128 * 1024 * 1024 }),
}) as PublicClient;
const head = await client.getBlockNumber();

const started = process.hrtime.bigint();
let count: number;
if (mode === "floor") {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "eth_getLogs",
      params: [{ address: [deployment.ledger, deployment.rosterBook], fromBlock: raw.fromBlock, toBlock: raw.toBlock }],
    }),
  });
  count = ((await response.json()) as { result: unknown[] }).result.length;
} else if (mode === "audit") {
  const source = rpcSource(client);
  const [trace, payments] = await Promise.all([
    traceFund(source, deployment, fund, { toBlock: head }),
    fundPayments(source, deployment, fund, { toBlock: head }),
  ]);
  const reconciliation = await reconcileWithChain(source, deployment, trace, payments);
  if (!reconciliation.balanced)
    throw new Error(
      `fund ${fund} does not reconcile: ${JSON.stringify(reconciliation.differences, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`,
    );
  count = payments.length;
} else if (mode === "household") {
  count = (await householdHistory(rpcSource(client), deployment, household as Hex, { toBlock: head })).length;
} else throw new Error(`unknown mode ${mode}`);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// Peak resident memory of this process image (VmHWM): unlike getrusage's maxrss, it does not carry the parent's size
// over fork and exec.
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
const maxRssMiB = Math.round((hwm === null ? process.resourceUsage().maxRSS : Number(hwm[1])) / 1024);
console.log(JSON.stringify({ seconds, maxRssMiB, count }));
