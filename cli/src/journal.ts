/**
 * The payment journal: an append-only JSON-lines file, synced to disk,
 * where every transaction is written (signed bytes, nonce, hash, what it
 * pays) *before* it is sent, and its outcome after it is mined.
 *
 * A run killed at any moment leaves one of three states for its last
 * transaction, and {@link settleJournal} resolves each on the next run:
 * - written but never sent: the same signed bytes are sent now (same hash);
 * - sent, not yet recorded as mined: its receipt is found, or the same bytes
 *   are sent again (the node answers "already known" or mines it);
 * - replaced: its nonce was used by another transaction; recorded as dropped.
 * Nothing is paid twice either way: the roster book skips paid entries, and
 * the next run plans only what the chain says is still due.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import { dirname } from "node:path";

import type { Address, Hash, Hex, PublicClient } from "viem";

import { CliError } from "./errors.ts";

export interface SignedLine {
  t: "signed";
  batch: number;
  from: Address;
  nonce: number;
  hash: Hash;
  raw: Hex;
  households: number;
  amount: string;
  /** Pages and selection masks (hex) this transaction pays. */
  pages: { page: number; select: Hex }[];
  at: string;
}

export interface OutcomeLine {
  t: "mined" | "dropped";
  hash: Hash;
  block?: string;
  status?: "success" | "reverted";
  at: string;
}

export interface StartLine {
  t: "start";
  kind: "disburse" | "reissue";
  chainId: number;
  rosterId: string;
  root: Hex;
  bankBatchRef: Hex;
  at: string;
}

export type JournalLine = StartLine | SignedLine | OutcomeLine;

export class Journal {
  readonly path: string;
  readonly lines: JournalLine[];
  #fd: number;

  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.lines = existsSync(path) ? Journal.#parse(path) : [];
    this.#fd = openSync(path, "a", 0o600);
  }

  static #parse(path: string): JournalLine[] {
    let text = readFileSync(path, "utf8");
    if (text !== "" && !text.endsWith("\n")) {
      // A line torn by a crash in the middle of its write: nothing was sent for it (sending waits for the
      // line to be on disk). Cut it off so that the next line starts clean.
      text = text.slice(0, text.lastIndexOf("\n") + 1);
      truncateSync(path, Buffer.byteLength(text));
    }
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line, i) => {
        try {
          return JSON.parse(line) as JournalLine;
        } catch {
          throw new CliError("JOURNAL_CONFLICT", `${path}:${i + 1} is not a journal line; the file was edited`, {
            file: path,
            line: i + 1,
          });
        }
      });
  }

  /** Appends a line and waits until it is on disk. */
  append(line: JournalLine): void {
    writeSync(this.#fd, `${JSON.stringify(line)}\n`);
    fsyncSync(this.#fd);
    this.lines.push(line);
  }

  /** Signed transactions with no recorded outcome, in nonce order. */
  unsettled(): SignedLine[] {
    const settled = new Set(
      this.lines.filter((l): l is OutcomeLine => l.t === "mined" || l.t === "dropped").map((l) => l.hash),
    );
    return this.lines
      .filter((l): l is SignedLine => l.t === "signed" && !settled.has(l.hash))
      .sort((a, b) => a.nonce - b.nonce);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

export interface Settled {
  mined: number;
  resent: number;
  dropped: number;
}

const isAlreadyKnown = (error: unknown) =>
  /already known|known transaction|nonce too low|already imported|AlreadyKnown/i.test(
    error instanceof Error ? error.message : String(error),
  );

/**
 * Resolves every journal transaction whose outcome was not recorded (see the
 * file comment). Returns what it found.
 */
export async function settleJournal(journal: Journal, client: PublicClient, timeoutMs = 120_000): Promise<Settled> {
  const result: Settled = { mined: 0, resent: 0, dropped: 0 };
  for (const line of journal.unsettled()) {
    let receipt = await client.getTransactionReceipt({ hash: line.hash }).catch(() => undefined);
    if (receipt === undefined) {
      const used = await client.getTransactionCount({ address: line.from, blockTag: "latest" });
      if (used > line.nonce) {
        // The nonce went to another transaction (this one was never sent, or replaced).
        journal.append({ t: "dropped", hash: line.hash, at: new Date().toISOString() });
        result.dropped++;
        continue;
      }
      try {
        await client.sendRawTransaction({ serializedTransaction: line.raw });
      } catch (error) {
        if (!isAlreadyKnown(error)) throw error;
      }
      result.resent++;
      receipt = await client.waitForTransactionReceipt({ hash: line.hash, timeout: timeoutMs });
    } else {
      result.mined++;
    }
    journal.append({
      t: "mined",
      hash: line.hash,
      block: receipt.blockNumber.toString(),
      status: receipt.status,
      at: new Date().toISOString(),
    });
  }
  return result;
}
