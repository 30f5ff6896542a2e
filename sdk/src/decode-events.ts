/**
 * The one decoding path for FundTrace events: logs in, typed events out.
 *
 * Each event becomes `{ contract, eventName, args, ...position }`, a
 * discriminated union over every event of the generated ABIs, so
 * `if (e.eventName === "FundsMoved") e.args.amount` is a `bigint` with no
 * cast. Event names are unique across the contracts except the access-
 * control events that the registry and the governance share (`RoleGranted`
 * and the like; `contract` tells them apart).
 *
 * Events whose fields are all single words (numbers, addresses, booleans,
 * fixed bytes: every event on the payment path) are decoded straight from
 * the topics and data words, about ten times faster than viem's generic
 * decoder, which matters for audits of 100,000 payments; the rest (tuples,
 * arrays, strings) go through viem's `decodeEventLog`. A test checks both
 * paths against viem on every event of a replayed scenario.
 */
import {
  type AbiEvent,
  type ContractEventName,
  decodeEventLog,
  getAddress,
  type GetEventArgs,
  type Hash,
  type Hex,
  toEventSelector,
} from "viem";

import { abis, type ContractKey, type Deployment } from "./deployments.ts";

type Abis = typeof abis;

/** Every event of one contract, as `{ contract, eventName, args }` with the args typed from its ABI. */
type EventsOf<C extends ContractKey> = {
  [E in ContractEventName<Abis[C]>]: {
    contract: C;
    eventName: E;
    args: GetEventArgs<Abis[C], E, { EnableUnion: false; IndexedOnly: false; Required: true }>;
  };
}[ContractEventName<Abis[C]>];

type AnyEvent = EventsOf<"registry"> | EventsOf<"ledger"> | EventsOf<"rosterBook"> | EventsOf<"governance">;

/** The name of any FundTrace event (unique across the three contracts). */
export type FundTraceEventName = AnyEvent["eventName"];

/** Where a log sits in the chain. */
export interface LogPosition {
  address: Hex;
  blockNumber: bigint;
  blockHash: Hash;
  transactionHash: Hash;
  logIndex: number;
}

/** A decoded FundTrace event; `FundTraceEvent<"FundsMoved">` is that event alone. */
export type FundTraceEvent<N extends FundTraceEventName = FundTraceEventName> = Extract<AnyEvent, { eventName: N }> &
  LogPosition;

/** What decoding needs of a log. */
export interface RawLog {
  address: Hex;
  topics: readonly Hex[];
  data: Hex;
  blockNumber: bigint | null;
  blockHash: Hash | null;
  transactionHash: Hash | null;
  logIndex: number | null;
}

type WordDecoder = (word: string) => unknown;

interface Field {
  name: string;
  indexed: boolean;
  decode: WordDecoder;
}

interface Codec {
  contract: ContractKey;
  event: AbiEvent;
  /** Fields in ABI order when every one is a single word; null sends the event through viem. */
  fields: Field[] | null;
  indexedCount: number;
}

/** A decoder for a one-word ABI type, as viem decodes it (numbers up to 48 bits as `number`), or null. */
function wordDecoder(type: string): WordDecoder | null {
  if (type === "address") return (w) => getAddress(`0x${w.slice(24)}`);
  if (type === "bool") return (w) => w.endsWith("1");
  const uint = /^uint(\d+)$/.exec(type);
  if (uint !== null) return Number(uint[1]) <= 48 ? (w) => Number(`0x${w}`) : (w) => BigInt(`0x${w}`);
  const int = /^int(\d+)$/.exec(type);
  if (int !== null) {
    const bits = BigInt(int[1]!);
    return (w) => {
      const n = BigInt.asIntN(Number(bits), BigInt(`0x${w}`));
      return bits <= 48n ? Number(n) : n;
    };
  }
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes !== null) {
    const size = Number(bytes[1]);
    return (w) => `0x${w.slice(0, size * 2)}`;
  }
  return null;
}

function codecOf(contract: ContractKey, event: AbiEvent): Codec {
  const fields: Field[] = [];
  for (const input of event.inputs) {
    const decode = wordDecoder(input.type);
    if (decode === null || input.name === undefined || input.name === "") {
      return { contract, event, fields: null, indexedCount: event.inputs.filter((i) => i.indexed).length };
    }
    fields.push({ name: input.name, indexed: input.indexed === true, decode });
  }
  return { contract, event, fields, indexedCount: fields.filter((f) => f.indexed).length };
}

let codecs: Map<string, Codec> | undefined;
/** Codecs by `contract:topic0`, built once from the ABIs. */
function codecFor(contract: ContractKey, topic0: Hex): Codec | undefined {
  if (codecs === undefined) {
    codecs = new Map();
    for (const key of Object.keys(abis) as ContractKey[]) {
      for (const item of abis[key]) {
        if (item.type === "event") codecs.set(`${key}:${toEventSelector(item)}`, codecOf(key, item));
      }
    }
  }
  return codecs.get(`${contract}:${topic0.toLowerCase()}`);
}

/** The arguments of `log` by the codec's fields, or null when the log does not fit them. */
function fastArgs(codec: Codec, fields: Field[], log: RawLog): Record<string, unknown> | null {
  if (log.topics.length !== codec.indexedCount + 1 || log.data.length !== 2 + 64 * (fields.length - codec.indexedCount))
    return null;
  const args: Record<string, unknown> = {};
  let topic = 1;
  let word = 0;
  for (const field of fields) {
    const hex = field.indexed ? log.topics[topic++]!.slice(2) : log.data.slice(2 + 64 * word, 2 + 64 * ++word);
    args[field.name] = field.decode(hex);
  }
  return args;
}

/**
 * Decodes one log of `contract`; undefined when it is not one of the
 * contract's events (or does not decode as one).
 */
export function decodeContractLog(contract: ContractKey, log: RawLog): FundTraceEvent | undefined {
  const topic0 = log.topics[0];
  if (topic0 === undefined) return undefined;
  const codec = codecFor(contract, topic0);
  if (codec === undefined) return undefined;
  let args: unknown = codec.fields === null ? null : fastArgs(codec, codec.fields, log);
  if (args === null) {
    try {
      args = decodeEventLog({
        abi: [codec.event],
        topics: log.topics as [Hex, ...Hex[]],
        data: log.data,
        strict: true,
      }).args;
    } catch {
      return undefined;
    }
  }
  const position: LogPosition = {
    address: log.address,
    blockNumber: log.blockNumber ?? 0n,
    blockHash: log.blockHash ?? "0x",
    transactionHash: log.transactionHash ?? "0x",
    logIndex: log.logIndex ?? 0,
  };
  // The one place where decoded values meet their ABI types: the codec was built from this very ABI event.
  return { contract, eventName: codec.event.name, args, ...position } as FundTraceEvent;
}

/** The contract of the deployment that emitted a log at `address`, if any. */
export function contractAt(deployment: Deployment, address: string): ContractKey | undefined {
  const a = address.toLowerCase();
  if (a === deployment.ledger.toLowerCase()) return "ledger";
  if (a === deployment.rosterBook.toLowerCase()) return "rosterBook";
  if (a === deployment.registry.toLowerCase()) return "registry";
  if (a === deployment.governance?.toLowerCase()) return "governance";
  return undefined;
}

/** Decodes the logs that the deployment's contracts emitted, in the order given; any other log is skipped. */
export function decodeEvents(deployment: Deployment, logs: readonly RawLog[]): FundTraceEvent[] {
  const out: FundTraceEvent[] = [];
  for (const log of logs) {
    const contract = contractAt(deployment, log.address);
    const event = contract === undefined ? undefined : decodeContractLog(contract, log);
    if (event !== undefined) out.push(event);
  }
  return out;
}

/** Whether `event` is a `name` event; narrows it (for `filter`). */
export const isEvent =
  <N extends FundTraceEventName>(...names: N[]) =>
  (event: FundTraceEvent): event is FundTraceEvent<N> =>
    (names as string[]).includes(event.eventName);

/** The topic 0 of event `name` (its selector), for log filters. */
export function eventTopic(name: FundTraceEventName): Hex {
  for (const key of Object.keys(abis) as ContractKey[]) {
    const event = abis[key].find((i) => i.type === "event" && i.name === name);
    if (event !== undefined && event.type === "event") return toEventSelector(event);
  }
  // Unreachable: `name` is typed as an event of the ABIs.
  throw new TypeError(`no FundTrace event ${name}`);
}
