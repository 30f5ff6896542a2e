/**
 * The one log reader of the SDK, for event queries, watching and audits,
 * from any EVM JSON-RPC node: block ranges in chunks, several chunks in
 * flight, a range halved whenever the node refuses it for its size
 * (result-count or response-size limits differ by node: Besu, Geth,
 * Erigon, hosted gateways), and other failures retried before they are
 * reported.
 */
import type { Address, Hash, Hex, PublicClient } from "viem";

import { FundTraceError } from "./errors.ts";

/** A log as the node returns it, with numbers decoded: all an audit needs. */
export interface ChainLog {
  address: Address;
  topics: Hex[];
  data: Hex;
  blockNumber: bigint;
  blockHash: Hash;
  transactionHash: Hash;
  logIndex: number;
}

export interface LogFilter {
  address: Address | Address[];
  /** Topic filter as eth_getLogs takes it. */
  topics: (Hex | Hex[] | null)[];
  fromBlock: bigint;
  toBlock: bigint;
}

export interface LogQuery extends LogFilter {
  /** Blocks per request to start with (default 50,000; halved on refusal). */
  chunkSize?: bigint;
  /** Requests in flight (default 4). */
  concurrency?: number;
  /** Called after each range with the blocks done so far and the total. */
  onProgress?: (doneBlocks: bigint, totalBlocks: bigint) => void;
}

const TOO_BIG =
  /too many|limit|exceed|query returned more than|response size|range is too large|block range|took too long|timed out/i;

/**
 * Whether a node (or the client's own response-size limit, or its timeout)
 * refused a log query for its size, so that a smaller range may pass.
 */
export function isRangeRefusal(error: unknown): boolean {
  const e = error as { message?: unknown; details?: unknown } | null | undefined;
  const text = `${typeof e?.message === "string" ? e.message : ""} ${typeof e?.details === "string" ? e.details : ""}`;
  return TOO_BIG.test(text);
}

const hex = (n: bigint): Hex => `0x${n.toString(16)}`;
/** Retries of a range after a failure that is not about its size (a dropped connection, say). */
const RETRIES = 2;

/** Every log matching `query`, in chain order (block, then log index). */
export async function readLogs(client: PublicClient, query: LogQuery): Promise<ChainLog[]> {
  const chunk = query.chunkSize ?? 50_000n;
  const total = query.toBlock - query.fromBlock + 1n;
  if (total <= 0n) return [];
  const ranges: [bigint, bigint][] = [];
  for (let start = query.fromBlock; start <= query.toBlock; start += chunk) {
    ranges.push([start, start + chunk - 1n < query.toBlock ? start + chunk - 1n : query.toBlock]);
  }
  const results = ranges.map((): ChainLog[] => []);
  let done = 0n;
  const fetchRange = async (from: bigint, to: bigint, attempt = 0): Promise<ChainLog[]> => {
    try {
      // No retry by the transport: a range refused for its size is halved at once, other failures retried here.
      const raw = await client.request(
        {
          method: "eth_getLogs",
          params: [{ address: query.address, topics: query.topics, fromBlock: hex(from), toBlock: hex(to) }],
        },
        { retryCount: 0 },
      );
      // Logs of mined blocks: their block and index are set (only pending logs leave them null).
      return raw.map((l) => ({
        address: l.address,
        topics: l.topics,
        data: l.data,
        blockNumber: BigInt(l.blockNumber!),
        blockHash: l.blockHash!,
        transactionHash: l.transactionHash!,
        logIndex: Number(l.logIndex!),
      }));
    } catch (error) {
      if (from !== to && isRangeRefusal(error)) {
        const mid = from + (to - from) / 2n;
        return [...(await fetchRange(from, mid)), ...(await fetchRange(mid + 1n, to))];
      }
      if (attempt >= RETRIES || isRangeRefusal(error) || (error as { code?: number }).code !== undefined) {
        throw new FundTraceError(
          "LOG_READ_FAILED",
          `reading the logs of blocks ${from}-${to} failed after ${attempt + 1} attempt(s)`,
          {
            cause: error,
            context: { fromBlock: from, toBlock: to, attempts: attempt + 1 },
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      return fetchRange(from, to, attempt + 1);
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < ranges.length) {
      const i = next++;
      const [from, to] = ranges[i]!;
      results[i] = await fetchRange(from, to);
      done += to - from + 1n;
      query.onProgress?.(done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(query.concurrency ?? 4, ranges.length) }, worker));
  return results.flat();
}

/** A number (a fund or roster id) as an indexed event topic. */
export const numberTopic = (n: bigint): Hex => `0x${n.toString(16).padStart(64, "0")}`;

/** Orders logs as the chain did. */
export const byChainOrder = (
  a: { blockNumber: bigint; logIndex: number },
  b: { blockNumber: bigint; logIndex: number },
): number => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1);

/** Where an audit gets its logs and block times: the node itself, or a local cache of it. */
export interface LogSource {
  /** For view calls (reconciliation) and anything else the source does not hold. */
  readonly client: PublicClient;
  /** Logs matching the filter, in chain order. */
  getLogs(filter: LogFilter): Promise<ChainLog[]>;
  /** Block timestamps (seconds) of the given blocks. */
  blockTimes(blocks: readonly bigint[]): Promise<Map<bigint, bigint>>;
  /** The latest block. */
  head(): Promise<bigint>;
}

export interface RpcSourceOptions {
  chunkSize?: bigint;
  concurrency?: number;
  /** Progress of long reads: what is read, blocks done, blocks in all. */
  onProgress?: (what: string, doneBlocks: bigint, totalBlocks: bigint) => void;
}

/** Reads block timestamps, `concurrency` requests at a time. */
export async function readBlockTimes(
  client: PublicClient,
  blocks: readonly bigint[],
  concurrency = 32,
): Promise<Map<bigint, bigint>> {
  const unique = [...new Set(blocks)];
  const times = new Map<bigint, bigint>();
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const n = unique[next++]!;
      const block = await client.request({ method: "eth_getBlockByNumber", params: [hex(n), false] });
      if (block === null)
        throw new FundTraceError("BLOCK_NOT_FOUND", `block ${n} is not on this node`, { context: { block: n } });
      times.set(n, BigInt(block.timestamp));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
  return times;
}

/** A source that asks the node for everything (no local state). */
export function rpcSource(client: PublicClient, options: RpcSourceOptions = {}): LogSource {
  return {
    client,
    getLogs: async (filter) => {
      const total = filter.toBlock - filter.fromBlock + 1n;
      const onProgress =
        options.onProgress === undefined || total < (options.chunkSize ?? 50_000n) * 2n
          ? undefined
          : (d: bigint, t: bigint) => {
              options.onProgress!("logs", d, t);
            };
      const logs = await readLogs(client, {
        ...filter,
        chunkSize: options.chunkSize,
        concurrency: options.concurrency,
        onProgress,
      });
      return logs.sort(byChainOrder);
    },
    blockTimes: (blocks) => readBlockTimes(client, blocks),
    head: () => client.getBlockNumber({ cacheTime: 0 }),
  };
}

/** A source as given, or the node behind a client. */
export const asSource = (from: LogSource | PublicClient): LogSource => ("blockTimes" in from ? from : rpcSource(from));
