/**
 * A local cache of a deployment's logs in one SQLite file (Node's built-in
 * `node:sqlite`), so that repeated audits of the same chain read only the
 * blocks that are new since the last one.
 *
 * The cache mirrors every log the three contracts emitted, up to a block it
 * records with that block's hash; each audit first checks that hash against
 * the node (a different chain, or a chain that reorganised below it, empties
 * the cache) and then reads the new blocks, in chunks, before answering.
 * Queries are answered from the file with the same filter semantics as
 * `eth_getLogs` (address, topic positions, OR lists), so every result is
 * identical with and without the cache. Block times are kept too.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

import type { Address, Hash, Hex, PublicClient } from "viem";

import { type ChainLog, type LogFilter, type LogSource, readBlockTimes, readLogs } from "../logs.ts";
import type { Deployment } from "../deployments.ts";

export interface CacheOptions {
  chunkSize?: bigint;
  concurrency?: number;
  /** Progress of the catch-up read: blocks done and in all. */
  onProgress?: (what: string, doneBlocks: bigint, totalBlocks: bigint) => void;
}

export interface LogCache extends LogSource {
  /** Brings the cache up to `toBlock` (default: the node's latest); returns what was read. */
  sync(toBlock?: bigint): Promise<{ fromBlock: bigint; toBlock: bigint; logs: number; reset: boolean }>;
  /** The last block the cache holds (the deployment block - 1 when empty). */
  syncedTo(): bigint;
  close(): void;
}

async function loadSqlite(): Promise<typeof import("node:sqlite")> {
  // node:sqlite warns that it is experimental on first load; that warning is not the user's concern.
  // Restored as it was below; called only bound to `process`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const emit = process.emitWarning;
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes("SQLite")) return;
    (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  };
  try {
    return await import("node:sqlite");
  } finally {
    process.emitWarning = emit;
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS logs (
  block INTEGER NOT NULL, log_index INTEGER NOT NULL, tx TEXT NOT NULL, block_hash TEXT NOT NULL,
  address TEXT NOT NULL, topic0 TEXT, topic1 TEXT, topic2 TEXT, topic3 TEXT, data TEXT NOT NULL,
  PRIMARY KEY (block, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS logs_t0_t1 ON logs (topic0, topic1, block);
CREATE INDEX IF NOT EXISTS logs_t0_t2 ON logs (topic0, topic2, block);
CREATE TABLE IF NOT EXISTS blocks (number INTEGER PRIMARY KEY, timestamp INTEGER NOT NULL);
`;

/** Opens (or creates) the cache file for `deployment` on the chain behind `client`. */
export async function openLogCache(
  client: PublicClient,
  deployment: Deployment,
  file: string,
  options: CacheOptions = {},
): Promise<LogCache> {
  const { DatabaseSync } = await loadSqlite();
  const db: DatabaseSync = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  db.exec(SCHEMA);
  const identity = JSON.stringify({
    chainId: deployment.chainId,
    registry: deployment.registry,
    ledger: deployment.ledger,
    rosterBook: deployment.rosterBook,
    from: deployment.deploymentBlock.toString(),
  }).toLowerCase();
  const getMeta = db.prepare("SELECT value FROM meta WHERE key = ?");
  const setMeta = db.prepare(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const meta = (key: string) => (getMeta.get(key) as { value: string } | undefined)?.value;
  const reset = () => {
    db.exec("DELETE FROM logs; DELETE FROM blocks; DELETE FROM meta;");
    setMeta.run("identity", identity);
    setMeta.run("syncedTo", (deployment.deploymentBlock - 1n).toString());
    setMeta.run("syncedHash", "");
  };
  if (meta("identity") !== identity) reset();
  const insertLog = db.prepare("INSERT OR REPLACE INTO logs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const insertBlock = db.prepare("INSERT OR REPLACE INTO blocks VALUES (?, ?)");
  const addresses = [deployment.registry, deployment.ledger, deployment.rosterBook];
  const syncedTo = () => BigInt(meta("syncedTo")!);

  let syncing: Promise<unknown> | undefined;
  const sync = async (target?: bigint) => {
    const toBlock = target ?? (await client.getBlockNumber({ cacheTime: 0 }));
    let wasReset = false;
    const held = syncedTo();
    if (held >= deployment.deploymentBlock) {
      const block = await client.getBlock({ blockNumber: held }).catch(() => null);
      if (block === null || block.hash !== meta("syncedHash")) {
        reset();
        wasReset = true;
      }
    }
    const fromBlock = syncedTo() + 1n;
    if (toBlock < fromBlock) return { fromBlock, toBlock, logs: 0, reset: wasReset };
    const logs = await readLogs(client, {
      address: addresses,
      topics: [],
      fromBlock,
      toBlock,
      chunkSize: options.chunkSize,
      concurrency: options.concurrency,
      onProgress:
        options.onProgress === undefined
          ? undefined
          : (d, t) => {
              options.onProgress!("cache", d, t);
            },
    });
    const last = await client.getBlock({ blockNumber: toBlock });
    db.exec("BEGIN");
    try {
      for (const l of logs) {
        insertLog.run(
          Number(l.blockNumber),
          l.logIndex,
          l.transactionHash,
          l.blockHash,
          l.address.toLowerCase(),
          l.topics[0] ?? null,
          l.topics[1] ?? null,
          l.topics[2] ?? null,
          l.topics[3] ?? null,
          l.data,
        );
      }
      insertBlock.run(Number(toBlock), Number(last.timestamp));
      setMeta.run("syncedTo", toBlock.toString());
      setMeta.run("syncedHash", last.hash);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
    return { fromBlock, toBlock, logs: logs.length, reset: wasReset };
  };
  /** One sync at a time; every query waits for the cache to cover its range. */
  const cover = async (toBlock: bigint) => {
    while (syncedTo() < toBlock) {
      syncing ??= sync(toBlock).finally(() => (syncing = undefined));
      await syncing;
    }
  };

  const statements = new Map<string, StatementSync>();
  const getLogs = async (filter: LogFilter): Promise<ChainLog[]> => {
    await cover(filter.toBlock);
    const where = ["block BETWEEN ? AND ?"];
    const params: (string | number)[] = [Number(filter.fromBlock), Number(filter.toBlock)];
    const list = (Array.isArray(filter.address) ? filter.address : [filter.address]).map((a) => a.toLowerCase());
    where.push(`address IN (${list.map(() => "?").join(", ")})`);
    params.push(...list);
    filter.topics.forEach((topic, i) => {
      if (topic === null) return;
      const values = (Array.isArray(topic) ? topic : [topic]).map((t) => t.toLowerCase());
      where.push(`topic${i} IN (${values.map(() => "?").join(", ")})`);
      params.push(...values);
    });
    const sql = `SELECT block, log_index, tx, block_hash, address, topic0, topic1, topic2, topic3, data FROM logs WHERE ${where.join(" AND ")} ORDER BY block, log_index`;
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    const rows = statement.all(...params) as {
      block: number;
      log_index: number;
      tx: Hash;
      block_hash: Hash;
      address: Address;
      topic0: Hex | null;
      topic1: Hex | null;
      topic2: Hex | null;
      topic3: Hex | null;
      data: Hex;
    }[];
    return rows.map((r) => ({
      address: r.address,
      topics: [r.topic0, r.topic1, r.topic2, r.topic3].filter((t): t is Hex => t !== null),
      data: r.data,
      blockNumber: BigInt(r.block),
      blockHash: r.block_hash,
      transactionHash: r.tx,
      logIndex: r.log_index,
    }));
  };

  const selectBlock = db.prepare("SELECT timestamp FROM blocks WHERE number = ?");
  const blockTimes = async (blocks: readonly bigint[]): Promise<Map<bigint, bigint>> => {
    const times = new Map<bigint, bigint>();
    const missing: bigint[] = [];
    for (const n of new Set(blocks)) {
      const row = selectBlock.get(Number(n)) as { timestamp: number } | undefined;
      if (row === undefined) missing.push(n);
      else times.set(n, BigInt(row.timestamp));
    }
    if (missing.length > 0) {
      const read = await readBlockTimes(client, missing);
      // Only blocks the cache covers are kept (a later block could still change).
      const covered = syncedTo();
      for (const [n, t] of read) {
        times.set(n, t);
        if (n <= covered) insertBlock.run(Number(n), Number(t));
      }
    }
    return times;
  };

  return {
    client,
    getLogs,
    blockTimes,
    head: () => client.getBlockNumber({ cacheTime: 0 }),
    sync,
    syncedTo,
    close: () => {
      db.close();
    },
  };
}
