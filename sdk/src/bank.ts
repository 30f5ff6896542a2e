/**
 * The bank's payment results file (回盘文件) as FundTrace reads it: the
 * header titles that name each column, and the words banks use for a
 * payment's outcome. The bureau's import and the inspector's
 * reconciliation read the same file with these same definitions.
 */
import { type Hex, keccak256, stringToHex, toBytes } from "viem";

/** A column of a spreadsheet: its canonical name, the header titles that mean it, and whether it must be present. */
export interface TableColumn {
  readonly name: string;
  readonly titles: readonly string[];
  readonly required: boolean;
}

/** Titles of a resident ID column, in bank and bureau exports alike. */
export const RESIDENT_ID_TITLES: readonly string[] = [
  "身份证号",
  "身份证号码",
  "公民身份号码",
  "resident_id",
  "id_number",
];

/** The columns of a results file: resident ID, amount, outcome and the failure reason. */
export const BANK_RESULT_COLUMNS: readonly TableColumn[] = [
  { name: "residentId", titles: RESIDENT_ID_TITLES, required: true },
  { name: "amount", titles: ["金额", "发放金额", "amount"], required: true },
  { name: "status", titles: ["状态", "结果", "处理结果", "status", "result"], required: true },
  { name: "reason", titles: ["失败原因", "原因", "reason"], required: false },
];

/**
 * The columns of a results file as an inspector may hold it: a household
 * named by resident ID (with the bureau key) or already by its pseudonym.
 */
export const BANK_RESULT_AUDIT_COLUMNS: readonly TableColumn[] = [
  ...BANK_RESULT_COLUMNS.map((c) => (c.name === "residentId" ? { ...c, required: false } : c)),
  { name: "household", titles: ["住户假名", "假名", "pseudonym", "household"], required: false },
];

/** A payment's outcome as the bank reports it. */
export type BankOutcome = "success" | "failed";

const OUTCOME_WORDS: Readonly<Record<BankOutcome, readonly string[]>> = {
  success: ["成功", "success", "ok", "paid"],
  // 退回/returned is some banks' word for a failed payment; FundTrace itself says "failed" (README, Concepts).
  failed: ["失败", "failed", "fail", "returned", "退回"],
};

/** The outcome a bank's word means (成功/success: paid; 失败/failed: came back), or undefined for any other word. */
export function bankOutcome(text: string | undefined): BankOutcome | undefined {
  const word = (text ?? "").trim().toLowerCase();
  if (OUTCOME_WORDS.success.includes(word)) return "success";
  if (OUTCOME_WORDS.failed.includes(word)) return "failed";
  return undefined;
}

/**
 * A bank's batch reference or failure reason as the contracts record it
 * (bytes32): the text itself in UTF-8, zero-padded, when it fits in 32
 * bytes; its keccak-256 when longer.
 */
export function textToBytes32(text: string): Hex {
  return toBytes(text).length <= 32 ? stringToHex(text, { size: 32 }) : keccak256(toBytes(text));
}
