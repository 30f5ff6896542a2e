/** What inspectors give an audit besides the chain: a bank results file, a household, rule parameters. */
import { readFileSync } from "node:fs";

import { type Hex, isHex } from "viem";

import {
  type AnomalyRules,
  BANK_RESULT_AUDIT_COLUMNS,
  bankOutcome,
  type BankRecord,
  DEFAULT_RULES,
  parseResidentId,
  parseYuan,
} from "@fundtrace/sdk";
import { type KeyOptions, pseudonymKey } from "../commands/rosters.ts";
import type { Context } from "../context.ts";
import { CliError } from "../errors.ts";
import { type Encoding, Problems, readTable } from "../spreadsheet.ts";

/** Reads a bank results file of `fund` into pseudonymised records; refuses the whole file on any bad row. */
export async function readBankFile(
  ctx: Context,
  fund: bigint,
  file: string,
  o: KeyOptions & { encoding: Encoding },
): Promise<BankRecord[]> {
  // A household is given by resident ID (with the key) or by its pseudonym.
  const table = readTable(file, BANK_RESULT_AUDIT_COLUMNS, o.encoding);
  const problems = new Problems(file);
  const needsKey = table.rows.some((r) => (r.cells.household ?? "") === "");
  const key = needsKey ? await pseudonymKey(ctx, o) : undefined;
  const records: BankRecord[] = [];
  for (const row of table.rows) {
    const c = row.cells;
    let household: Hex | undefined;
    if ((c.household ?? "") !== "") {
      if (isHex(c.household) && c.household.length === 66) household = c.household.toLowerCase() as Hex;
      else problems.add(row.line, "household", "PSEUDONYM_INVALID", `"${c.household}" is not a 32-byte hex pseudonym`);
    } else if ((c.residentId ?? "") !== "") {
      try {
        household = key!.pseudonym(parseResidentId(c.residentId!), fund);
      } catch (error) {
        problems.add(row.line, "residentId", "RESIDENT_ID_INVALID", (error as Error).message);
      }
    } else problems.add(row.line, "residentId", "HOUSEHOLD_MISSING", "neither a resident ID nor a pseudonym");
    let amount: bigint | undefined;
    try {
      amount = parseYuan(c.amount ?? "");
    } catch (error) {
      problems.add(row.line, "amount", "AMOUNT_INVALID", (error as Error).message);
    }
    const status = bankOutcome(c.status);
    if (status === undefined)
      problems.add(row.line, "status", "STATUS_INVALID", `"${c.status}" is neither 成功/success nor 失败/failed`);
    if (household !== undefined && amount !== undefined && status !== undefined)
      records.push({ line: row.line, household, amount, status });
  }
  problems.throwIfAny();
  return records;
}

export function householdOf(value: string | undefined, what: string): Hex {
  if (value === undefined || !isHex(value) || value.length !== 66)
    throw new CliError("USAGE", `${what} must be a 32-byte hex pseudonym (0x and 64 hex digits), not "${value}"`);
  return value.toLowerCase() as Hex;
}

export async function readLine(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0]!.trim();
}

/** Rule parameters: the defaults, then a JSON file, then `name=value` pairs. */
export function rulesOf(file: string | undefined, pairs: readonly string[]): AnomalyRules {
  const rules: AnomalyRules = { ...DEFAULT_RULES };
  const set = (name: string, value: unknown, where: string) => {
    if (!(name in DEFAULT_RULES))
      throw new CliError(
        "USAGE",
        `${where}: unknown rule parameter "${name}" (known: ${Object.keys(DEFAULT_RULES).join(", ")})`,
      );
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0)
      throw new CliError("USAGE", `${where}: ${name} must be a number of at least 0, not "${String(value)}"`);
    rules[name as keyof AnomalyRules] = n;
  };
  if (file !== undefined) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (error) {
      throw new CliError("INPUT_FILE_UNREADABLE", `cannot read rules from ${file}: ${(error as Error).message}`, {
        file,
      });
    }
    for (const [name, value] of Object.entries(parsed)) set(name, value, file);
  }
  for (const pair of pairs) {
    const [name, value] = pair.split("=");
    set(name ?? "", value, `--rule ${pair}`);
  }
  return rules;
}
