/**
 * CSV exports of a report, one file per table, as spreadsheets read them:
 * UTF-8 with a BOM (so Excel shows Chinese text), CRLF, amounts in yuan
 * with two decimals and no grouping, exact.
 */
import { formatYuan } from "@fundtrace/sdk";
import type { ReportData } from "./data.ts";

type Cell = string | number | bigint | boolean | null | undefined;

const cell = (value: Cell): string => {
  let text = value === null || value === undefined ? "" : String(value);
  // A leading =, +, @ would make a spreadsheet evaluate the cell.
  if (/^[=+@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const yuan = (fen: bigint) => formatYuan(fen, { grouping: false });
const date = (seconds: bigint | null) => (seconds === null ? "" : new Date(Number(seconds) * 1000).toISOString());

function csv(head: string[], rows: Cell[][]): string {
  return `\ufeff${[head, ...rows].map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

/** The report's tables by file name. */
export function reportCsvFiles(data: ReportData): Record<string, string> {
  const funds = data.funds;
  return {
    "units.csv": csv(
      [
        "fund",
        "code",
        "name",
        "level",
        "parent",
        "received",
        "allocated",
        "paid_gross",
        "failed",
        "reissued",
        "paid_net",
        "returned",
        "reclaimed",
        "balance",
        "average_dwell_days",
        "max_dwell_days",
        "held_since",
      ],
      funds.flatMap((f) =>
        f.units.map((u) => [
          f.fund,
          u.code,
          data.names[u.code] ?? "",
          u.level,
          u.parent ?? "",
          yuan(u.received),
          yuan(u.allocated),
          yuan(u.paid),
          yuan(u.failed),
          yuan(u.reissued),
          yuan(u.paidNet),
          yuan(u.returned),
          yuan(u.reclaimed),
          yuan(u.balance),
          u.averageDwellDays ?? "",
          u.maxDwellDays,
          date(u.heldSince),
        ]),
      ),
    ),
    "movements.csv": csv(
      ["fund", "time", "kind", "from", "to", "amount", "origin_id", "operator", "block", "transaction"],
      funds.flatMap((f) =>
        f.movements.map((m) => [
          f.fund,
          date(m.timestamp),
          m.kind,
          m.from,
          m.to,
          yuan(m.amount),
          m.originId,
          m.operator,
          m.blockNumber,
          m.transactionHash,
        ]),
      ),
    ),
    "payments.csv": csv(
      [
        "fund",
        "time",
        "village",
        "payer",
        "roster",
        "entry",
        "household_pseudonym",
        "kind",
        "amount",
        "reference",
        "block",
        "transaction",
      ],
      funds.flatMap((f) =>
        f.payments.map((p) => [
          f.fund,
          date(p.timestamp),
          p.village,
          p.payer,
          p.rosterId,
          p.entry,
          p.household,
          p.kind,
          yuan(p.amount),
          p.reference,
          p.blockNumber,
          p.transactionHash,
        ]),
      ),
    ),
    "reconciliation.csv": csv(
      ["fund", "block", "figure", "contracts", "from_events", "equal"],
      funds.flatMap((f) =>
        f.chain.checks.map((c) => [
          f.fund,
          f.chain.block,
          c.what,
          yuan(c.expected),
          yuan(c.actual),
          c.ok ? "yes" : "NO",
        ]),
      ),
    ),
    "bank-differences.csv": csv(
      [
        "fund",
        "bank_file",
        "difference",
        "household_pseudonym",
        "bank_line",
        "bank_amount",
        "bank_status",
        "chain_amount",
        "chain_failed",
        "roster",
        "entry",
        "transaction",
      ],
      funds.flatMap((f) =>
        (f.bank?.differences ?? []).map((d) => [
          f.fund,
          f.bank!.file,
          d.kind,
          d.household,
          d.bank?.line ?? "",
          d.bank === undefined ? "" : yuan(d.bank.amount),
          d.bank?.status ?? "",
          d.chain === undefined ? "" : yuan(d.chain.amount),
          d.chain === undefined ? "" : d.chain.failed,
          d.chain?.rosterId ?? "",
          d.chain?.entry ?? "",
          d.chain?.transactionHash ?? "",
        ]),
      ),
    ),
    "anomalies.csv": csv(
      ["severity", "rule", "fund", "units", "amount", "summary", "evidence"],
      data.anomalies.map((x) => [
        x.severity,
        x.rule,
        x.fund ?? "",
        x.units.join(" "),
        yuan(x.amount),
        x.summary,
        x.evidence.map((e) => `${e.note}${e.transactionHash === undefined ? "" : ` ${e.transactionHash}`}`).join(" | "),
      ]),
    ),
  };
}
