/**
 * Rosters from the bureau's spreadsheet: validation of every row, keyed
 * pseudonyms, the public notice posted in the village, and the roster record
 * the payment commands read.
 *
 * Files written here:
 * - the notice (`notice-<village>-fund<id>.csv`, UTF-8 with BOM so Excel
 *   opens it): row number, name, masked resident ID, card tail, amount. Its
 *   keccak-256 is the roster's `noticeHash` on chain;
 * - the roster record (`roster-<village>-fund<id>.json`, the SDK's
 *   `RosterRecord` format): pseudonyms and amounts in roster order (no
 *   names, no IDs), the commitment and, once published, the roster id. It
 *   is personal information under PIPL (the pseudonyms are), so it is
 *   written readable by the owner only.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

import { type Hex, keccak256 } from "viem";

import {
  createRosterRecord,
  formatYuan,
  maskResidentId,
  MAX_ENTRY_AMOUNT,
  parseDivisionCode,
  parseResidentId,
  parseRosterRecord,
  parseYuan,
  type PseudonymKey,
  type RosterCommitment,
  type RosterRecord,
  RESIDENT_ID_TITLES,
} from "@fundtrace/sdk";
import { CliError } from "./errors.ts";
import { type Column, type Encoding, Problems, readTable } from "./spreadsheet.ts";

export const ROSTER_COLUMNS: readonly Column[] = [
  { name: "name", titles: ["姓名", "户主姓名", "户主", "name", "householder"], required: true },
  { name: "residentId", titles: RESIDENT_ID_TITLES, required: true },
  { name: "amount", titles: ["金额", "发放金额", "补助金额", "amount", "amount_yuan"], required: true },
  { name: "village", titles: ["村代码", "行政区划代码", "村级代码", "village_code", "village"], required: false },
  { name: "card", titles: ["银行卡号", "社保卡号", "卡号", "card", "card_number"], required: false },
];

const TOTAL_LABELS = new Set(["合计", "总计", "total"]);

export interface RosterRow {
  line: number;
  name: string;
  maskedId: string;
  cardTail: string;
  household: Hex;
  amount: bigint;
}

export interface RosterSheet {
  file: string;
  encoding: string;
  rows: RosterRow[];
  total: bigint;
}

/**
 * Reads and validates a roster spreadsheet for `village`. Every row is
 * checked (name present, resident ID per GB 11643, amount in yuan with at
 * most two decimals and within uint64 fen, village code if the sheet has the
 * column, no household twice) and a total row, if present, must match; any
 * problem refuses the whole file with every problem listed.
 */
export function readRosterSheet(
  path: string,
  options: { village: bigint; fund: bigint; key: PseudonymKey; encoding?: Encoding; expectTotal?: bigint },
): RosterSheet {
  const table = readTable(path, ROSTER_COLUMNS, options.encoding);
  const problems = new Problems(path);
  const rows: RosterRow[] = [];
  const seen = new Map<string, number>();
  let total = 0n;
  let totalRow: { line: number; amount: string } | undefined;

  for (const row of table.rows) {
    const c = row.cells;
    if (TOTAL_LABELS.has((c.name ?? "").toLowerCase()) && (c.residentId ?? "") === "") {
      totalRow = { line: row.line, amount: c.amount ?? "" };
      continue;
    }
    if (totalRow !== undefined)
      problems.add(row.line, "name", "ROW_AFTER_TOTAL", `a row after the total row (line ${totalRow.line})`);
    const problemsBefore = problems.list.length;
    const fail = (field: string, code: string, message: string) => {
      problems.add(row.line, field, code, message);
    };
    const name = c.name ?? "";
    if (name === "") fail("name", "FIELD_MISSING", "is empty (the public notice needs it)");

    let id = "";
    try {
      id = parseResidentId(c.residentId ?? "").id;
    } catch (error) {
      fail("residentId", "RESIDENT_ID_INVALID", (error as Error).message);
    }
    if (id !== "") {
      const first = seen.get(id);
      if (first !== undefined)
        fail("residentId", "DUPLICATE_HOUSEHOLD", `${maskResidentId(id)} is already on line ${first}`);
      else seen.set(id, row.line);
    }

    let amount = 0n;
    try {
      amount = parseYuan(c.amount ?? "", { max: MAX_ENTRY_AMOUNT });
    } catch (error) {
      fail("amount", "AMOUNT_INVALID", (error as Error).message);
    }

    if (c.village !== undefined && c.village !== "") {
      try {
        const code = parseDivisionCode(c.village).code;
        if (code !== options.village)
          fail("village", "VILLAGE_MISMATCH", `${c.village} is not the roster's village ${options.village}`);
      } catch (error) {
        fail("village", "DIVISION_CODE_INVALID", (error as Error).message);
      }
    }
    const card = (c.card ?? "").replace(/\s/g, "");
    if (card !== "" && !/^\d{12,19}$/.test(card)) fail("card", "CARD_INVALID", "must be 12 to 19 digits");

    if (problems.list.length > problemsBefore) continue;
    total += amount;
    rows.push({
      line: row.line,
      name,
      maskedId: maskResidentId(id),
      cardTail: card === "" ? "" : card.slice(-4),
      household: options.key.pseudonym(parseResidentId(id), options.fund),
      amount,
    });
  }
  if (table.rows.length === 0 || (rows.length === 0 && problems.list.length === 0)) {
    problems.add(1, "name", "FIELD_MISSING", "the sheet has no households");
  }
  if (totalRow !== undefined && problems.list.length === 0) {
    try {
      const stated = parseYuan(totalRow.amount, { allowZero: true });
      if (stated !== total) {
        problems.add(
          totalRow.line,
          "amount",
          "TOTAL_MISMATCH",
          `the total row says ${formatYuan(stated)} yuan, the rows add up to ${formatYuan(total)}`,
        );
      }
    } catch (error) {
      problems.add(totalRow.line, "amount", "AMOUNT_INVALID", (error as Error).message);
    }
  }
  if (options.expectTotal !== undefined && problems.list.length === 0 && options.expectTotal !== total) {
    problems.add(
      1,
      "amount",
      "TOTAL_MISMATCH",
      `--expect-total is ${formatYuan(options.expectTotal)} yuan, the rows add up to ${formatYuan(total)}`,
    );
  }
  problems.throwIfAny();
  return { file: path, encoding: table.encoding, rows, total };
}

/** The public notice: UTF-8 with BOM, CRLF, one line per household and a total. */
export function renderNotice(sheet: RosterSheet): Buffer {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [
    "序号,姓名,身份证号,银行卡尾号,金额(元)",
    ...sheet.rows.map((r, i) =>
      [String(i + 1), quote(r.name), r.maskedId, r.cardTail, quote(formatYuan(r.amount))].join(","),
    ),
    `合计,,,,${quote(formatYuan(sheet.total))}`,
  ];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8")]);
}

export function rosterFiles(outDir: string, village: bigint, fund: bigint): { notice: string; record: string } {
  return {
    notice: join(outDir, `notice-${village}-fund${fund}.csv`),
    record: join(outDir, `roster-${village}-fund${fund}.json`),
  };
}

/** Writes a file atomically (temp file, then rename), readable by the owner only when `private`. */
export function writeFileAtomic(path: string, data: string | Buffer, isPrivate = false): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data, { mode: isPrivate ? 0o600 : 0o644 });
  renameSync(temp, path);
}

export function saveRosterRecord(path: string, record: RosterRecord): void {
  writeFileAtomic(path, `${JSON.stringify(record, null, 1)}\n`, true);
}

/** Reads a roster record and rebuilds its commitment; refuses a record whose entries do not give its root. */
export function loadRosterRecord(path: string): { record: RosterRecord; roster: RosterCommitment } {
  if (!existsSync(path)) throw new CliError("INPUT_FILE_UNREADABLE", `no roster record at ${path}`, { file: path });
  return parseRosterRecord(readFileSync(path, "utf8"), path);
}

/** The record of a roster read from `sheet`, before it is published. */
export function newRosterRecord(args: {
  chainId: number;
  fund: bigint;
  village: bigint;
  edition: number;
  sheet: RosterSheet;
  sourceBytes: Uint8Array;
  notice: { file: string; hash: Hex };
  roster: RosterCommitment;
}): RosterRecord {
  return createRosterRecord({
    chainId: args.chainId,
    fund: args.fund,
    village: args.village,
    edition: args.edition,
    roster: args.roster,
    notice: { file: basename(args.notice.file), hash: args.notice.hash },
    source: { file: basename(args.sheet.file), encoding: args.sheet.encoding, keccak256: keccak256(args.sourceBytes) },
  });
}
