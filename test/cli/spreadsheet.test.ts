/**
 * Roster spreadsheets as bureaus export them, read from real files: UTF-8
 * with and without BOM, GBK/GB18030, CRLF, quoted fields, grouped amounts;
 * and every kind of bad row, each named by file, line and field.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import iconv from "iconv-lite";

import { CliError } from "../../cli/src/errors.ts";
import { readRosterSheet, renderNotice } from "../../cli/src/roster-file.ts";
import { parseCsv } from "../../cli/src/spreadsheet.ts";
import { checkCharacter, PseudonymKey } from "@fundtrace/sdk";
import { households, random, rosterCsv } from "../../scripts/demo/households.ts";

const VILLAGE = 520121101200n;
const key = PseudonymKey.fromHex(`0x${"42".repeat(32)}`);
const FUND = 1n;
const dir = mkdtempSync(join(tmpdir(), "fundtrace-sheet-"));
let fileNo = 0;

function write(content: string | Uint8Array): string {
  const path = join(dir, `sheet-${++fileNo}.csv`);
  writeFileSync(path, content);
  return path;
}

function refusal(path: string, options: Partial<Parameters<typeof readRosterSheet>[1]> = {}): CliError {
  try {
    readRosterSheet(path, { village: VILLAGE, fund: FUND, key, ...options });
  } catch (error) {
    expect(error).to.be.instanceOf(CliError);
    return error as CliError;
  }
  throw new Error("the sheet was accepted");
}

const id = (first17: string) => `${first17}${checkCharacter(first17)}`;
const A = id("52012119800101001");
const B = id("52012119900202002");
const C = id("52012120000303003");
const HEADER = "姓名,身份证号,村代码,银行卡号,金额(元)";

describe("roster spreadsheets", function () {
  it("reads UTF-8 with and without BOM, GBK, CRLF, quoted fields and grouped amounts alike", function () {
    const text = `${HEADER}\r\n张三,${A},520121101200,6217000011112222333,"1,234.50"\r\n"李,四",${B},520121101200,,800\r\n合计,,,,"2,034.50"\r\n`;
    const sheets = [
      write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
      write(text.replaceAll("\r\n", "\n")),
      write(iconv.encode(text, "gbk")),
      write(iconv.encode(text, "gb18030")),
    ].map((path) => readRosterSheet(path, { village: VILLAGE, fund: FUND, key }));
    expect(sheets.map((s) => s.encoding)).to.deep.equal(["utf8-bom", "utf8", "gb18030", "gb18030"]);
    for (const sheet of sheets) {
      expect(sheet.total).to.equal(203_450n);
      expect(sheet.rows.map((r) => [r.line, r.name, r.maskedId, r.cardTail, r.amount])).to.deep.equal([
        [2, "张三", `**************${A.slice(-4)}`, "2333", 123_450n],
        [3, "李,四", `**************${B.slice(-4)}`, "", 80_000n],
      ]);
      expect(sheet.rows[0]!.household).to.equal(key.pseudonym({ id: A } as never, FUND));
    }
  });

  it("keeps line numbers right across quoted line breaks, and skips blank and comma-only lines", function () {
    const records = parseCsv("x.csv", `a,b\r\n"multi\r\nline",2\r\n\r\n,,\r\nlast,3`);
    expect(records.map((r) => r.line)).to.deep.equal([1, 2, 6]);
    expect(records[1]!.fields).to.deep.equal(["multi\r\nline", "2"]);
  });

  it("lists every bad row with file, line, field and code, and accepts none of them", function () {
    const rows = [
      HEADER,
      `张三,${A},520121101200,,1200.00`, // line 2: fine
      `李四,${B.slice(0, 17)}${B[17] === "0" ? "1" : "0"},520121101200,,1200.00`, // wrong check digit
      `王五,${A},520121101200,,1200.00`, // duplicate of line 2
      `赵六,${C},520121101200,,1200.005`, // three decimals
      `孙七,${id("52012119700404004")},520121101200,,-5.00`, // negative
      `周八,${id("52012119700505005")},520121101200,,1.2e3`, // a float
      `吴九,${id("52012119700606006")},520121101201,,100`, // another village
      `,${id("52012119700707007")},520121101200,,100`, // no name
      `郑十,${id("52012119700808008")},520121101200,12AB,100`, // card
    ];
    const path = write(`${rows.join("\r\n")}\r\n`);
    const error = refusal(path);
    expect(error.code).to.equal("ROWS_INVALID");
    expect(error.exitCode).to.equal(3);
    const problems = (error.details.problems as { file: string; line: number; field: string; code: string }[]).map(
      (p) => [p.line, p.field, p.code],
    );
    expect(problems).to.deep.equal([
      [3, "residentId", "RESIDENT_ID_INVALID"],
      [4, "residentId", "DUPLICATE_HOUSEHOLD"],
      [5, "amount", "AMOUNT_INVALID"],
      [6, "amount", "AMOUNT_INVALID"],
      [7, "amount", "AMOUNT_INVALID"],
      [8, "village", "VILLAGE_MISMATCH"],
      [9, "name", "FIELD_MISSING"],
      [10, "card", "CARD_INVALID"],
    ]);
    expect(error.message).to.include(`sheet-${fileNo}.csv:3: residentId:`);
    expect(error.message).to.include("check digit");
    // No full ID in any message: only the last four characters.
    expect(JSON.stringify(error.details) + error.message).to.not.include(B.slice(0, 14));
  });

  it("checks the total row and --expect-total", function () {
    const path = write(`${HEADER}\n张三,${A},,,100.00\n李四,${B},,,50.00\n合计,,,,150.01\n`);
    const error = refusal(path);
    expect((error.details.problems as { code: string; line: number }[]).map((p) => [p.code, p.line])).to.deep.equal([
      ["TOTAL_MISMATCH", 4],
    ]);
    const good = write(`${HEADER}\n张三,${A},,,100.00\n李四,${B},,,50.00\n`);
    expect(refusal(good, { expectTotal: 15_001n }).details.problems).to.have.length(1);
    expect(readRosterSheet(good, { village: VILLAGE, fund: FUND, key, expectTotal: 15_000n }).total).to.equal(15_000n);
  });

  it("refuses wrong encodings and broken CSV with the line at fault", function () {
    const utf8 = `${HEADER}\n张三,${A},,,100\n`;
    const cases: [string, string | Uint8Array, string, RegExp][] = [
      ["xlsx", Buffer.from("PK\x03\x04rest-of-zip"), "FILE_ENCODING_INVALID", /Excel workbook/],
      [
        "utf-16",
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8, "utf16le")]),
        "FILE_ENCODING_INVALID",
        /UTF-16/,
      ],
      [
        "invalid in both",
        Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0x81, 0x20, 0x0a])]),
        "FILE_ENCODING_INVALID",
        /line 2 is neither/,
      ],
      ["unclosed quote", `${HEADER}\n张三,${A},,,"100\n`, "CSV_MALFORMED", /:2: a quoted field is never closed/],
      ["stray quote", `${HEADER}\n张"三,${A},,,100\n`, "CSV_MALFORMED", /:2: a quote inside/],
      ["extra fields", `${HEADER}\n张三,${A},,,100,extra\n`, "CSV_MALFORMED", /:2: 6 fields/],
      ["missing column", `姓名,金额\n张三,100\n`, "CSV_MALFORMED", /lacks residentId/],
      ["empty", "", "CSV_MALFORMED", /empty/],
    ];
    for (const [label, content, code, message] of cases) {
      const error = refusal(write(content));
      expect(error.code, label).to.equal(code);
      expect(error.message, label).to.match(message);
    }
    // A GBK file read as UTF-8 on request names the first line that is not UTF-8.
    const gbk = write(iconv.encode(`${HEADER}\n张三,${A},,,100\n`, "gbk"));
    const forced = refusal(gbk, { encoding: "utf8" });
    expect([forced.code, forced.details.line]).to.deep.equal(["FILE_ENCODING_INVALID", 1]);
    // A UTF-8 file forced through GB18030 is refused with the option to use.
    const misread = refusal(write(`${HEADER}\n张三,${A},,,100\n`), { encoding: "gb18030" });
    expect(misread.code).to.equal("FILE_ENCODING_INVALID");
    expect(misread.message).to.include("--encoding utf8");
  });

  it("writes the public notice with names, masked IDs, card tails and amounts only", function () {
    const rows = households(300, "520121", random(7));
    const path = write(rosterCsv("520121101200", rows, "0.00").replace(/合计.*\r\n$/, ""));
    const sheet = readRosterSheet(path, { village: VILLAGE, fund: FUND, key });
    const notice = renderNotice(sheet).toString("utf8");
    expect(notice.startsWith("\ufeff序号,姓名,身份证号,银行卡尾号,金额(元)\r\n")).to.equal(true);
    expect(notice.trim().split("\r\n")).to.have.length(302);
    for (const h of rows) {
      expect(notice).to.not.include(h.residentId);
      expect(notice).to.not.include(h.card);
      expect(notice).to.include(h.name);
    }
  });
});
