/**
 * Spreadsheets as bureaus export them: CSV in UTF-8 (with or without BOM)
 * or GBK/GB18030 (Excel's "CSV" on Chinese Windows), CRLF or LF line ends,
 * quoted fields with embedded commas, quotes and line breaks.
 *
 * Reading never stops at the first bad row: every problem is collected with
 * its file, line and field, and the caller refuses the whole file if there
 * is any (one bad row means zero transactions).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

import type { TableColumn } from "@fundtrace/sdk";

import { CliError } from "./errors.ts";

export type Encoding = "auto" | "utf8" | "gb18030";

/** One data row: its first physical line in the file and its cells by column name. */
export interface Row {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

export interface Table {
  readonly file: string;
  /** The encoding the file was read in. */
  readonly encoding: "utf8" | "utf8-bom" | "gb18030";
  readonly rows: readonly Row[];
}

/** A problem with one row (or the header), as reported to the user. */
export interface Problem {
  file: string;
  line: number;
  field: string;
  code: string;
  message: string;
}

/** A column: its canonical name, the header titles that mean it, and whether it must be present. */
export type Column = TableColumn;

/** Collects row problems; {@link Problems.throwIfAny} refuses the file with all of them. */
export class Problems {
  readonly list: Problem[] = [];
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  add(line: number, field: string, code: string, message: string): void {
    this.list.push({ file: this.file, line, field, code, message });
  }

  throwIfAny(): void {
    if (this.list.length === 0) return;
    const shown = this.list
      .slice(0, 20)
      .map((p) => `  ${basename(p.file)}:${p.line}: ${p.field}: ${p.message} (${p.code})`);
    const more =
      this.list.length > 20 ? [`  ... and ${this.list.length - 20} more (all of them in --json details.problems)`] : [];
    throw new CliError(
      "ROWS_INVALID",
      [`${this.list.length} problem(s) in ${this.file}; nothing was sent:`, ...shown, ...more].join("\n"),
      { file: this.file, problems: this.list },
    );
  }
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** The first byte offset where `bytes` is not valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

/** Decodes a spreadsheet export, detecting UTF-8 (with or without BOM) or GB18030 when `encoding` is "auto". */
export function decodeText(
  file: string,
  bytes: Uint8Array,
  encoding: Encoding = "auto",
): { text: string; encoding: Table["encoding"] } {
  const refuse = (message: string, details: Record<string, unknown> = {}) =>
    new CliError("FILE_ENCODING_INVALID", `${file}: ${message}`, { file, ...details });
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw refuse("this is an Excel workbook (.xlsx), not CSV: in Excel use Save As > CSV UTF-8 (or CSV)");
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw refuse('the file is UTF-16 (Excel\'s "Unicode text"): save it as CSV UTF-8 or CSV');
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1)
    throw refuse(`line ${lineOfOffset(bytes, nul)} contains a NUL byte: this is not a text file`, {
      line: lineOfOffset(bytes, nul),
    });
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const bad = firstInvalidUtf8(bytes.subarray(3));
    if (bad !== -1)
      throw refuse(`starts with a UTF-8 mark but line ${lineOfOffset(bytes, bad + 3)} is not UTF-8`, {
        line: lineOfOffset(bytes, bad + 3),
      });
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf8-bom" };
  }
  const badUtf8 = firstInvalidUtf8(bytes);
  if (encoding === "utf8" || (encoding === "auto" && badUtf8 === -1)) {
    if (badUtf8 !== -1) {
      const line = lineOfOffset(bytes, badUtf8);
      throw refuse(
        `line ${line} is not valid UTF-8 (byte offset ${badUtf8}); is the file GBK? try --encoding gb18030`,
        { line },
      );
    }
    return { text: new TextDecoder("utf-8").decode(bytes), encoding: "utf8" };
  }
  try {
    return { text: new TextDecoder("gb18030", { fatal: true }).decode(bytes), encoding: "gb18030" };
  } catch {
    // Find the line at fault by decoding line by line.
    let start = 0;
    let line = 1;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder("gb18030", { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        start = i + 1;
        line++;
      }
    }
    if (encoding === "gb18030") {
      throw refuse(`line ${line} is not valid GBK/GB18030; if the file is UTF-8, pass --encoding utf8 (or auto)`, {
        line,
      });
    }
    // Name the line where the more plausible reading (the one that got further) breaks.
    const utf8Line = lineOfOffset(bytes, badUtf8);
    const at = Math.max(line, utf8Line);
    const as = utf8Line > line ? "UTF-8" : "GBK/GB18030";
    throw refuse(
      `line ${at} is neither valid UTF-8 nor valid GBK/GB18030 (the lines before it read as ${as}): re-export the sheet as CSV UTF-8`,
      { line: at },
    );
  }
}

/** Splits CSV text into records (RFC 4180 quoting), each with the physical line it starts on. */
export function parseCsv(file: string, text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let afterQuote = false;
  const endRecord = () => {
    fields.push(field);
    // Blank lines (and Excel's trailing ",,,," lines) carry no record.
    if (fields.some((f) => f.trim() !== "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    afterQuote = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field.trim() !== "" || afterQuote) {
        throw new CliError(
          "CSV_MALFORMED",
          `${file}:${line}: a quote inside an unquoted field; quote the whole field and double inner quotes`,
          { file, line },
        );
      }
      field = "";
      quoted = true;
      quoteLine = line;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      afterQuote = false;
    } else if (c === "\r" && text[i + 1] === "\n") {
      // CRLF: the \n ends the record.
    } else if (c === "\n" || c === "\r") {
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (afterQuote && c.trim() !== "") {
        throw new CliError("CSV_MALFORMED", `${file}:${line}: text after a closing quote`, { file, line });
      }
      field += c;
    }
  }
  if (quoted)
    throw new CliError("CSV_MALFORMED", `${file}:${quoteLine}: a quoted field is never closed`, {
      file,
      line: quoteLine,
    });
  endRecord();
  return records;
}

const normaliseTitle = (title: string) => title.replace(/[\s（）()元:：*]/g, "").toLowerCase();

/**
 * Reads a CSV file with a header row, maps header titles to `columns`, and
 * returns the data rows. Structural faults (unreadable, wrong encoding,
 * broken quoting, missing columns, ragged rows) throw at once.
 */
export function readTable(path: string, columns: readonly Column[], encoding: Encoding = "auto"): Table {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliError(
      "INPUT_FILE_UNREADABLE",
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { file: path },
    );
  }
  const decoded = decodeText(path, bytes, encoding);
  const records = parseCsv(path, decoded.text);
  const header = records[0];
  if (header === undefined) throw new CliError("CSV_MALFORMED", `${path}: the file is empty`, { file: path, line: 1 });

  const index = new Map<string, number>();
  header.fields.forEach((title, i) => {
    const column = columns.find((c) => c.titles.some((t) => normaliseTitle(t) === normaliseTitle(title)));
    if (column === undefined) return;
    if (index.has(column.name)) {
      throw new CliError("CSV_MALFORMED", `${path}:${header.line}: two columns mean ${column.name} ("${title}")`, {
        file: path,
        line: header.line,
        field: column.name,
      });
    }
    index.set(column.name, i);
  });
  const missing = columns.filter((c) => c.required && !index.has(c.name));
  if (missing.length > 0) {
    const hint =
      decoded.encoding === "gb18030" ? " (the file was read as GBK/GB18030; if it is UTF-8, pass --encoding utf8)" : "";
    throw new CliError(
      "CSV_MALFORMED",
      `${path}:${header.line}: the header lacks ${missing.map((c) => `${c.name} (${c.titles.join(" / ")})`).join(", ")}${hint}`,
      { file: path, line: header.line, missing: missing.map((c) => c.name), header: header.fields },
    );
  }
  const rows = records.slice(1).map((record) => {
    if (
      record.fields.length > header.fields.length &&
      record.fields.slice(header.fields.length).some((f) => f.trim() !== "")
    ) {
      throw new CliError(
        "CSV_MALFORMED",
        `${path}:${record.line}: ${record.fields.length} fields, but the header has ${header.fields.length}`,
        {
          file: path,
          line: record.line,
        },
      );
    }
    const cells: Record<string, string> = {};
    for (const [name, i] of index) cells[name] = (record.fields[i] ?? "").trim();
    return { line: record.line, cells };
  });
  return { file: path, encoding: decoded.encoding, rows };
}
