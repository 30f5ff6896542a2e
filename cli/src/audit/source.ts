/** Where an audit command reads from: its block range, the node or the log cache, and how to read. */

import { type LogSource, rpcSource } from "@fundtrace/sdk";
import { type LogCache, openLogCache } from "@fundtrace/sdk/node";
import type { Context } from "../context.ts";
import { CliError } from "../errors.ts";

export interface ReadOptions {
  cache?: string;
  fromBlock?: string;
  toBlock?: string;
  chunkSize: string;
  concurrency: string;
  explorerUrl?: string;
}

const blockOf = (value: string | undefined, what: string): bigint | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d{1,20}$/.test(value.trim())) throw new CliError("USAGE", `${what} must be a block number, not "${value}"`);
  return BigInt(value.trim());
};

/** The log source and block range of an audit command, with progress on stderr for long reads. */
export async function auditSource(
  ctx: Context,
  o: ReadOptions,
): Promise<{ source: LogSource; fromBlock: bigint; toBlock: bigint; explorerTxUrl?: string }> {
  const client = await ctx.connectedClient();
  const deployment = ctx.deployment();
  const chunkSize = blockOf(o.chunkSize, "--chunk-size")!;
  const concurrency = Number(o.concurrency);
  if (chunkSize === 0n) throw new CliError("USAGE", "--chunk-size must be at least 1");
  if (!Number.isSafeInteger(concurrency) || concurrency < 1)
    throw new CliError("USAGE", `--concurrency must be a positive whole number, not "${o.concurrency}"`);
  let lastReport = 0;
  const read = {
    chunkSize,
    concurrency,
    onProgress: (what: string, done: bigint, total: bigint) => {
      if (done < total && Date.now() - lastReport < 1000) return;
      lastReport = Date.now();
      ctx.out.log(`  reading ${what}: ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} blocks`);
    },
  };
  const cacheFile = o.cache ?? (process.env.FUNDTRACE_AUDIT_CACHE || undefined);
  let source: LogSource = rpcSource(client, read);
  const head = await source.head();
  if (cacheFile !== undefined) {
    let cache: LogCache;
    try {
      cache = await openLogCache(client, deployment, cacheFile, read);
    } catch (error) {
      throw new CliError(
        "INPUT_FILE_UNREADABLE",
        `cannot open the audit cache ${cacheFile}: ${(error as Error).message}`,
        { file: cacheFile },
      );
    }
    const before = cache.syncedTo();
    const synced = await cache.sync(head);
    ctx.out.log(
      synced.toBlock < synced.fromBlock
        ? `  cache ${cacheFile}: up to date at block ${before}`
        : `  cache ${cacheFile}: ${synced.reset ? "emptied (the chain differs from the one cached) and " : ""}read blocks ${synced.fromBlock}-${synced.toBlock}, ${synced.logs} log(s)`,
    );
    source = cache;
  }
  const fromBlock = blockOf(o.fromBlock, "--from-block") ?? deployment.deploymentBlock;
  const toBlock = blockOf(o.toBlock, "--to-block") ?? head;
  if (toBlock > head) throw new CliError("USAGE", `--to-block ${toBlock} is past the node's latest block ${head}`);
  if (fromBlock > toBlock) throw new CliError("USAGE", `--from-block ${fromBlock} is after --to-block ${toBlock}`);
  const explorer = o.explorerUrl ?? process.env.FUNDTRACE_EXPLORER_URL;
  if (explorer !== undefined && !explorer.includes("{tx}"))
    throw new CliError(
      "USAGE",
      `--explorer-url must contain {tx} where the transaction hash goes, as in https://scan.example/tx/{tx}`,
    );
  return { source, fromBlock, toBlock, explorerTxUrl: explorer };
}
