/**
 * FundTrace events from the chain: decoded, filterable by indexed fields
 * (fund, unit, household pseudonym...), read in block-range chunks that stay
 * within node response limits, and watched as new blocks arrive.
 */
import {
  type AbiEvent,
  type ContractEventName,
  encodeEventTopics,
  type GetContractEventsParameters,
  type GetContractEventsReturnType,
  type Hex,
  type Log,
  type PublicClient,
} from "viem";
import { getContractEvents as viemGetContractEvents } from "viem/actions";

import { abis, type ContractKey, type Deployment } from "../deployments.ts";
import { FundTraceError } from "../errors.ts";
import { decodeEvents, type DecodedEvent } from "./execute.ts";

export interface EventQuery {
  /** Restrict to one event of one contract, optionally by its indexed arguments. */
  contract?: ContractKey;
  eventName?: string;
  args?: Record<string, unknown>;
  fromBlock?: bigint;
  toBlock?: bigint;
  /** Blocks per `eth_getLogs` request (default 10,000). */
  chunkSize?: bigint;
}

function topicsFor(query: EventQuery): (Hex | Hex[] | null)[] | undefined {
  if (query.contract === undefined || query.eventName === undefined) return undefined;
  const event = abis[query.contract].find((i) => i.type === "event" && i.name === query.eventName) as AbiEvent | undefined;
  if (event === undefined) {
    throw new FundTraceError("UNKNOWN_EVENT", `${query.contract} has no event ${query.eventName}`, { context: { ...query } });
  }
  return encodeEventTopics({ abi: [event], eventName: event.name, args: query.args } as never) as (Hex | Hex[] | null)[];
}

/** Reads and decodes FundTrace events, from the deployment block on by default. */
export async function getEvents(client: PublicClient, deployment: Deployment, query: EventQuery = {}): Promise<DecodedEvent[]> {
  const address = query.contract === undefined ? [deployment.registry, deployment.ledger, deployment.rosterBook] : [deployment[query.contract]];
  const topics = topicsFor(query);
  const from = query.fromBlock ?? deployment.deploymentBlock;
  const to = query.toBlock ?? (await client.getBlockNumber());
  const chunk = query.chunkSize ?? 10_000n;
  const out: DecodedEvent[] = [];
  for (let start = from; start <= to; start += chunk) {
    const end = start + chunk - 1n < to ? start + chunk - 1n : to;
    const logs = (await client.request({
      method: "eth_getLogs",
      params: [{ address, topics, fromBlock: `0x${start.toString(16)}`, toBlock: `0x${end.toString(16)}` }],
    } as never)) as Log[];
    out.push(
      ...decodeEvents(
        deployment,
        logs.map((l) => ({
          ...l,
          blockNumber: BigInt(l.blockNumber as unknown as string),
          logIndex: Number(l.logIndex as unknown as string),
        })) as Log[],
      ),
    );
  }
  return out;
}

/** Calls `onEvents` with the decoded FundTrace events of every new block; returns the unwatch function. */
export function watchEvents(
  client: PublicClient,
  deployment: Deployment,
  onEvents: (events: DecodedEvent[]) => void,
  options: { pollingInterval?: number; onError?: (error: Error) => void } = {},
): () => void {
  return client.watchEvent({
    address: [deployment.registry, deployment.ledger, deployment.rosterBook],
    onLogs: (logs) => {
      const events = decodeEvents(deployment, logs as Log[]);
      if (events.length > 0) onEvents(events);
    },
    onError: options.onError,
    pollingInterval: options.pollingInterval,
  });
}

/**
 * Typed events of one contract: `args` is inferred from the ABI, and
 * `options.args` filters by the event's indexed arguments (fund, unit,
 * household pseudonym...). Reads in block-range chunks.
 */
export async function getContractEvents<
  C extends ContractKey,
  const E extends ContractEventName<(typeof abis)[C]>,
>(
  client: PublicClient,
  deployment: Deployment,
  contract: C,
  eventName: E,
  options: {
    args?: GetContractEventsParameters<(typeof abis)[C], E>["args"];
    fromBlock?: bigint;
    toBlock?: bigint;
    chunkSize?: bigint;
  } = {},
): Promise<GetContractEventsReturnType<(typeof abis)[C], E, true>> {
  const from = options.fromBlock ?? deployment.deploymentBlock;
  const to = options.toBlock ?? (await client.getBlockNumber());
  const chunk = options.chunkSize ?? 10_000n;
  const out: unknown[] = [];
  for (let start = from; start <= to; start += chunk) {
    const end = start + chunk - 1n < to ? start + chunk - 1n : to;
    const logs = await viemGetContractEvents(client, {
      address: deployment[contract],
      abi: abis[contract],
      eventName,
      args: options.args,
      fromBlock: start,
      toBlock: end,
      strict: true,
    } as never);
    out.push(...logs);
  }
  return out as GetContractEventsReturnType<(typeof abis)[C], E, true>;
}
