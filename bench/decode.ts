/**
 * Decoding events: the SDK's one decoder (`decodeContractLog`) beside viem's
 * `decodeEventLog` over the same logs in the same run, for the record the
 * audits read most (`HouseholdPaid`) and for a seven-field ledger movement
 * (`FundsMoved`). Every decoded event is checked against viem's before the
 * timing counts.
 */
import { concatHex, decodeEventLog, type Hex, keccak256, numberToHex, padHex, toHex } from "viem";

import { decodeContractLog, eventTopic, fundLedgerAbi, rosterBookAbi } from "@fundtrace/sdk";

export interface DecodeFigures {
  event: string;
  logs: number;
  sdkMs: number;
  viemMs: number;
}

const word = (n: bigint | number) => numberToHex(n, { size: 32 });
const address = (i: number): Hex => padHex(numberToHex(0xfd00_0000 + i), { size: 32 });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeRuns(runs: number, work: () => void): number {
  return median(
    Array.from({ length: runs }, () => {
      const start = performance.now();
      work();
      return performance.now() - start;
    }),
  );
}

/** Median milliseconds of decoding `count` logs of each event, SDK and viem, over `runs` runs. */
export function measureDecoding(count: number, runs = 5): DecodeFigures[] {
  const base = {
    address: "0x0000000000000000000000000000000000000001" as Hex,
    blockNumber: 1n,
    blockHash: keccak256("0x01"),
    transactionHash: keccak256("0x02"),
  };
  const cases = [
    {
      event: "HouseholdPaid",
      contract: "rosterBook" as const,
      abi: rosterBookAbi,
      logs: Array.from({ length: count }, (_, i) => ({
        ...base,
        logIndex: i,
        topics: [eventTopic("HouseholdPaid"), keccak256(toHex(i))],
        data: concatHex([word(i), word(10_000 + i)]),
      })),
    },
    {
      event: "FundsMoved",
      contract: "ledger" as const,
      abi: fundLedgerAbi,
      logs: Array.from({ length: count }, (_, i) => ({
        ...base,
        logIndex: i,
        topics: [eventTopic("FundsMoved"), word(1 + (i % 7)), address(i % 40), address(40 + (i % 40))],
        data: concatHex([word(1), word(5_000 + i), word(i), address(99)]),
      })),
    },
  ];
  return cases.map(({ event, contract, abi, logs }) => {
    for (const log of logs.slice(0, 1_000)) {
      const ours = decodeContractLog(contract, log);
      const theirs = decodeEventLog({ abi, topics: log.topics as [Hex, ...Hex[]], data: log.data, strict: true });
      if (
        JSON.stringify(ours?.args, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) !==
        JSON.stringify(theirs.args, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))
      ) {
        throw new Error(`the SDK decoder and viem disagree on ${event} log ${log.logIndex}`);
      }
    }
    const sdkMs = timeRuns(runs, () => {
      for (const log of logs) decodeContractLog(contract, log);
    });
    const viemMs = timeRuns(runs, () => {
      for (const log of logs)
        decodeEventLog({ abi, topics: log.topics as [Hex, ...Hex[]], data: log.data, strict: true });
    });
    return { event, logs: count, sdkMs, viemMs };
  });
}
