/**
 * Reading logs for audits from any EVM JSON-RPC node: block ranges in
 * chunks, several chunks in flight, and a range halved whenever the node
 * refuses it for its size (result-count or response-size limits differ by
 * node: Besu, Geth, Erigon, hosted gateways).
 */
import type { Hex, Log, PublicClient } from "viem";

export interface LogQuery {
  address: Hex | Hex[];
  /** Topic filter as eth_getLogs takes it. */
  topics: (Hex | Hex[] | null)[];
  fromBlock: bigint;
  toBlock: bigint;
  /** Blocks per request to start with (default 50,000; halved on refusal). */
  chunkSize?: bigint;
  /** Requests in flight (default 4). */
  concurrency?: number;
  /** Called after each range with the blocks done so far and the total. */
  onProgress?: (doneBlocks: bigint, totalBlocks: bigint) => void;
}

const TOO_BIG = /too many|limit|exceed|query returned more than|response size|range is too large|block range/i;

/** Whether a node refused a log query for its size (so a smaller range may pass). */
export function isRangeRefusal(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ""} ${(error as { details?: string })?.details ?? ""}`;
  return TOO_BIG.test(text);
}

/** Every log matching `query`, in chain order (block, then log index). */
export async function readLogs(client: PublicClient, query: LogQuery): Promise<Log[]> {
  const chunk = query.chunkSize ?? 50_000n;
  const total = query.toBlock - query.fromBlock + 1n;
  if (total <= 0n) return [];
  const ranges: [bigint, bigint][] = [];
  for (let start = query.fromBlock; start <= query.toBlock; start += chunk) {
    ranges.push([start, start + chunk - 1n < query.toBlock ? start + chunk - 1n : query.toBlock]);
  }
  const results: Log[][] = new Array(ranges.length);
  let done = 0n;
  const fetchRange = async (from: bigint, to: bigint): Promise<Log[]> => {
    try {
      const raw = (await client.request({
        method: "eth_getLogs",
        params: [{ address: query.address, topics: query.topics, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}` }],
      } as never)) as (Omit<Log, "blockNumber" | "logIndex"> & { blockNumber: Hex; logIndex: Hex })[];
      return raw.map((l) => ({ ...l, blockNumber: BigInt(l.blockNumber), logIndex: Number(l.logIndex) }) as unknown as Log);
    } catch (error) {
      if (from === to || !isRangeRefusal(error)) throw error;
      const mid = from + (to - from) / 2n;
      return [...(await fetchRange(from, mid)), ...(await fetchRange(mid + 1n, to))];
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
