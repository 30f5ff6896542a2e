/**
 * FundTrace events from the chain: filterable by indexed fields (fund,
 * unit, household pseudonym...), read through the SDK's one log reader
 * (`readLogs`: chunks, ranges halved on size refusals, retries) and decoded
 * by its one decoder into typed events; and watched as new blocks arrive.
 */
import {
  type AbiEvent,
  type ContractEventName,
  encodeEventTopics,
  type GetContractEventsParameters,
  type Hex,
  type PublicClient,
} from "viem";

import { decodeEvents, type FundTraceEvent, type FundTraceEventName } from "../decode-events.ts";
import { abis, type ContractKey, contractAddress, type Deployment } from "../deployments.ts";
import { FundTraceError } from "../errors.ts";
import { readLogs } from "../logs.ts";

/** Blocks per `eth_getLogs` request that event queries start with (halved by the reader on refusal). */
const CHUNK = 10_000n;

export interface ReadRange {
  fromBlock?: bigint;
  toBlock?: bigint;
  /** Blocks per `eth_getLogs` request to start with (default 10,000). */
  chunkSize?: bigint;
}

export interface EventQuery extends ReadRange {
  /** Restrict to one event of one contract, optionally by its indexed arguments. */
  contract?: ContractKey;
  eventName?: string;
  args?: Record<string, unknown>;
}

function topicsFor(query: EventQuery): (Hex | Hex[] | null)[] {
  if (query.contract === undefined || query.eventName === undefined) return [];
  const event: AbiEvent | undefined = abis[query.contract].find(
    (i) => i.type === "event" && i.name === query.eventName,
  ) as AbiEvent | undefined;
  if (event === undefined) {
    throw new FundTraceError("UNKNOWN_EVENT", `${query.contract} has no event ${query.eventName}`, {
      context: { ...query },
    });
  }
  return encodeEventTopics({ abi: [event], eventName: event.name, args: query.args });
}

const allContracts = (d: Deployment) =>
  d.governance === undefined
    ? [d.registry, d.ledger, d.rosterBook]
    : [d.registry, d.ledger, d.rosterBook, d.governance];

/** Reads and decodes FundTrace events, from the deployment block on by default, in chain order. */
export async function getEvents(
  client: PublicClient,
  deployment: Deployment,
  query: EventQuery = {},
): Promise<FundTraceEvent[]> {
  const logs = await readLogs(client, {
    address: query.contract === undefined ? allContracts(deployment) : contractAddress(deployment, query.contract),
    topics: topicsFor(query),
    fromBlock: query.fromBlock ?? deployment.deploymentBlock,
    toBlock: query.toBlock ?? (await client.getBlockNumber({ cacheTime: 0 })),
    chunkSize: query.chunkSize ?? CHUNK,
  });
  return decodeEvents(deployment, logs);
}

/**
 * Typed events of one kind: `args` is inferred from the ABI, and
 * `options.args` filters by the event's indexed arguments (fund, unit,
 * household pseudonym...).
 */
export async function getContractEvents<C extends ContractKey, const E extends ContractEventName<(typeof abis)[C]>>(
  client: PublicClient,
  deployment: Deployment,
  contract: C,
  eventName: E,
  options: ReadRange & { args?: GetContractEventsParameters<(typeof abis)[C], E>["args"] } = {},
): Promise<FundTraceEvent<Extract<E, FundTraceEventName>>[]> {
  const events = await getEvents(client, deployment, {
    ...options,
    contract,
    eventName,
    args: options.args as Record<string, unknown>,
  });
  return events.filter((e): e is FundTraceEvent<Extract<E, FundTraceEventName>> => e.eventName === eventName);
}

export interface WatchOptions {
  /** Milliseconds between polls (default: the client's polling interval). */
  pollingInterval?: number;
  /** The first block to report (default: the block after the latest one when watching starts). */
  fromBlock?: bigint;
  onError?: (error: Error) => void;
}

/**
 * Calls `onEvents` with the decoded FundTrace events of every new block,
 * read through the same log reader as every other query; returns the
 * function that stops watching.
 */
export function watchEvents(
  client: PublicClient,
  deployment: Deployment,
  onEvents: (events: FundTraceEvent[]) => void,
  options: WatchOptions = {},
): () => void {
  let stopped = false;
  let next = options.fromBlock;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async () => {
    try {
      const head = await client.getBlockNumber({ cacheTime: 0 });
      next ??= head + 1n;
      if (head >= next) {
        const logs = await readLogs(client, {
          address: allContracts(deployment),
          topics: [],
          fromBlock: next,
          toBlock: head,
          chunkSize: CHUNK,
        });
        next = head + 1n;
        const events = decodeEvents(deployment, logs);
        if (events.length > 0 && !stopped) onEvents(events);
      }
    } catch (error) {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
    if (!stopped) timer = setTimeout(() => void poll(), options.pollingInterval ?? client.pollingInterval);
  };
  void poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
