/**
 * `fundtrace audit trace | reconcile | household | anomalies | report`:
 * inspectors' reads of funds from the chain alone (any JSON-RPC node or the
 * local log cache; no indexer): a fund's trace, its reconciliation with the
 * contracts and with a bank results file, one household's history, the
 * anomaly rules, and the self-contained report.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import type { Command } from "commander";
import { type Hex, isHex } from "viem";

import {
  type AnomalyRules,
  BANK_RESULT_AUDIT_COLUMNS,
  bankOutcome,
  type BankRecord,
  collectAuditData,
  DEFAULT_RULES,
  type Finding,
  findAnomalies,
  fundPayments,
  formatYuan,
  householdHistory,
  type HouseholdPayment,
  type LogSource,
  parseResidentId,
  parseYuan,
  reconcileWithBank,
  reconcileWithChain,
  rpcSource,
  traceFund,
  type FundTrace,
  type UnitTrace,
  householdsAddress,
  unitsInOrder,
} from "@fundtrace/sdk";
import { type LogCache, openLogCache } from "@fundtrace/sdk/node";
import type { Context, Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { idOf, unitOf } from "../inputs.ts";
import { type Encoding, Problems, readTable } from "../spreadsheet.ts";
import { reportCsvFiles } from "../report/csv.ts";
import { dateOf, labelOf, LEVEL_NAMES, unitLabel } from "../labels.ts";
import { fundReport, type ReportData, toJson, unitRow } from "../report/data.ts";
import { renderReportHtml } from "../report/html.ts";
import { readUnitNames } from "./funds.ts";
import { type KeyOptions, keyOptions, pseudonymKey } from "./rosters.ts";

const DAY = 86_400;

export interface ReadOptions {
  cache?: string;
  fromBlock?: string;
  toBlock?: string;
  chunkSize: string;
  concurrency: string;
  explorerUrl?: string;
}

/** Options every audit read takes: the block range and how to read it. */
export const readOptions = (command: Command): Command =>
  command
    .option("--cache <file>", "keep the deployment's logs in this SQLite file, so that the next audit reads only new blocks (or FUNDTRACE_AUDIT_CACHE)")
    .option("--from-block <n>", "first block to read (default: the deployment block)")
    .option("--to-block <n>", "last block to read (default: the latest); every figure is as of this block")
    .option("--chunk-size <blocks>", "blocks per eth_getLogs request (halved automatically when the node refuses a range)", "50000")
    .option("--concurrency <n>", "eth_getLogs requests in flight", "4")
    .option("--explorer-url <template>", "block-explorer link for each transaction, e.g. https://scan.example/tx/{tx} (or FUNDTRACE_EXPLORER_URL)");

const blockOf = (value: string | undefined, what: string): bigint | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d{1,20}$/.test(value.trim())) throw new CliError("USAGE", `${what} must be a block number, not "${value}"`);
  return BigInt(value.trim());
};

/** The log source and block range of an audit command, with progress on stderr for long reads. */
export async function auditSource(ctx: Context, o: ReadOptions): Promise<{ source: LogSource; fromBlock: bigint; toBlock: bigint; explorerTxUrl?: string }> {
  const client = await ctx.connectedClient();
  const deployment = ctx.deployment();
  const chunkSize = blockOf(o.chunkSize, "--chunk-size")!;
  const concurrency = Number(o.concurrency);
  if (chunkSize === 0n) throw new CliError("USAGE", "--chunk-size must be at least 1");
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new CliError("USAGE", `--concurrency must be a positive whole number, not "${o.concurrency}"`);
  let lastReport = 0;
  const read = {
    chunkSize,
    concurrency,
    onProgress: (what: string, done: bigint, total: bigint) => {
      if (done < total && Date.now() - lastReport < 1000) return;
      lastReport = Date.now();
      ctx.out.log(`  reading ${what}: ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} blocks`);
    },
  };
  const cacheFile = o.cache ?? (process.env.FUNDTRACE_AUDIT_CACHE || undefined);
  let source: LogSource = rpcSource(client, read);
  const head = await source.head();
  if (cacheFile !== undefined) {
    let cache: LogCache;
    try {
      cache = await openLogCache(client, deployment, cacheFile, read);
    } catch (error) {
      throw new CliError("INPUT_FILE_UNREADABLE", `cannot open the audit cache ${cacheFile}: ${(error as Error).message}`, { file: cacheFile });
    }
    const before = cache.syncedTo();
    const synced = await cache.sync(head);
    ctx.out.log(
      synced.toBlock < synced.fromBlock
        ? `  cache ${cacheFile}: up to date at block ${before}`
        : `  cache ${cacheFile}: ${synced.reset ? "emptied (the chain differs from the one cached) and " : ""}read blocks ${synced.fromBlock}-${synced.toBlock}, ${synced.logs} log(s)`,
    );
    source = cache;
  }
  const fromBlock = blockOf(o.fromBlock, "--from-block") ?? deployment.deploymentBlock;
  const toBlock = blockOf(o.toBlock, "--to-block") ?? head;
  if (toBlock > head) throw new CliError("USAGE", `--to-block ${toBlock} is past the node's latest block ${head}`);
  if (fromBlock > toBlock) throw new CliError("USAGE", `--from-block ${fromBlock} is after --to-block ${toBlock}`);
  const explorer = o.explorerUrl ?? process.env.FUNDTRACE_EXPLORER_URL;
  if (explorer !== undefined && !explorer.includes("{tx}")) throw new CliError("USAGE", `--explorer-url must contain {tx} where the transaction hash goes, as in https://scan.example/tx/{tx}`);
  return { source, fromBlock, toBlock, explorerTxUrl: explorer };
}

const days = (seconds: number | null): string => (seconds === null ? "-" : (seconds / DAY).toFixed(1));

export function renderTrace(trace: FundTrace): string {
  const t = trace.terms;
  const lines = [
    `fund ${trace.fund}: ${t === null ? "unknown" : `${formatYuan(t.amount)} yuan, ${t.fiscalYear}, category ${t.category}, ${t.source} ${t.transferType} transfer`}`,
    `blocks ${trace.fromBlock}-${trace.toBlock}, as of ${new Date(Number(trace.asOf) * 1000).toISOString()}; ${trace.movements.length} movement(s)`,
    "",
    `${"unit".padEnd(26)}${"received".padStart(15)}${"allocated".padStart(15)}${"paid (net)".padStart(15)}${"failed".padStart(11)}${"returned".padStart(13)}${"balance".padStart(15)}${"avg days".padStart(9)}${"held since".padStart(12)}`,
  ];
  const depth = new Map<string, number>();
  for (const u of unitsInOrder(trace)) {
    const d = u.parent === null ? 0 : (depth.get(u.parent.toLowerCase()) ?? 0) + 1;
    depth.set(u.unit.toLowerCase(), d);
    const label = `${"  ".repeat(d)}${u.code} ${labelOf(LEVEL_NAMES, u.level)}`;
    lines.push(
      `${label.padEnd(26)}${formatYuan(u.received).padStart(15)}${formatYuan(u.allocated).padStart(15)}${formatYuan(u.paid - u.failed).padStart(15)}${formatYuan(u.failed).padStart(11)}${formatYuan(u.returned + u.reclaimed).padStart(13)}${formatYuan(u.balance).padStart(15)}${days(u.averageDwellSeconds).padStart(9)}${dateOf(u.heldSince).padStart(12)}`,
    );
  }
  const x = trace.totals;
  lines.push("", `paid to households ${formatYuan(x.paidNet)} yuan (gross ${formatYuan(x.paid)}, failed ${formatYuan(x.failed)}, re-issued ${formatYuan(x.reissued)}); held by units ${formatYuan(x.held)} yuan`);
  return lines.join("\n");
}

function renderUnit(trace: FundTrace, u: UnitTrace): string {
  const row = unitRow(u, trace.asOf);
  const lines = [
    `unit ${u.code} (${row.level}) in fund ${trace.fund}${u.parent === null ? "" : `, parent ${unitLabel(u.parent)}`}`,
    `  received ${formatYuan(u.received)}, allocated ${formatYuan(u.allocated)}, paid ${formatYuan(u.paid)} (failed ${formatYuan(u.failed)}, re-issued ${formatYuan(u.reissued)}), returned ${formatYuan(u.returned)}, reclaimed ${formatYuan(u.reclaimed)}; balance ${formatYuan(u.balance)} yuan`,
    `  money stayed ${days(u.averageDwellSeconds)} days on average, ${days(u.maxDwellSeconds)} at most; ${u.heldSince === null ? "nothing held" : `held since ${dateOf(u.heldSince)} (${row.heldDays} days)`}`,
    "",
    `  ${"date".padEnd(10)}  ${"kind".padEnd(12)}  ${"from".padEnd(23)}  ${"to".padEnd(23)}  ${"amount (yuan)".padStart(16)}  transaction`,
  ];
  for (const m of unitMovements(trace, u)) {
    lines.push(
      `  ${dateOf(m.timestamp)}  ${m.kind.padEnd(12)}  ${unitLabel(m.from).padEnd(23)}  ${unitLabel(m.to).padEnd(23)}  ${formatYuan(m.amount).padStart(16)}  ${m.link ?? m.transactionHash}`,
    );
  }
  return lines.join("\n");
}

const unitMovements = (trace: FundTrace, u: UnitTrace) => {
  const mine = [u.unit.toLowerCase(), householdsAddress(u.unit).toLowerCase()];
  return trace.movements.filter((m) => mine.includes(m.from.toLowerCase()) || mine.includes(m.to.toLowerCase()));
};

/** Reads a bank results file into pseudonymised records; refuses the whole file on any bad row. */
export async function readBankFile(ctx: Context, file: string, o: KeyOptions & { encoding: string }): Promise<BankRecord[]> {
  // A household is given by resident ID (with the key) or by its pseudonym.
  const table = readTable(file, BANK_RESULT_AUDIT_COLUMNS, o.encoding as Encoding);
  const problems = new Problems(file);
  const needsKey = table.rows.some((r) => (r.cells.household ?? "") === "");
  const key = needsKey ? await pseudonymKey(ctx, o) : undefined;
  const records: BankRecord[] = [];
  for (const row of table.rows) {
    const c = row.cells;
    let household: Hex | undefined;
    if ((c.household ?? "") !== "") {
      if (isHex(c.household) && c.household!.length === 66) household = c.household!.toLowerCase() as Hex;
      else problems.add(row.line, "household", "PSEUDONYM_INVALID", `"${c.household}" is not a 32-byte hex pseudonym`);
    } else if ((c.residentId ?? "") !== "") {
      try {
        household = key!.pseudonym(parseResidentId(c.residentId!));
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
    if (status === undefined) problems.add(row.line, "status", "STATUS_INVALID", `"${c.status}" is neither 成功/success nor 失败/failed`);
    if (household !== undefined && amount !== undefined && status !== undefined) records.push({ line: row.line, household, amount, status });
  }
  problems.throwIfAny();
  return records;
}

function householdOf(value: string | undefined, what: string): Hex {
  if (value === undefined || !isHex(value) || value.length !== 66) throw new CliError("USAGE", `${what} must be a 32-byte hex pseudonym (0x and 64 hex digits), not "${value}"`);
  return value.toLowerCase() as Hex;
}

async function readLine(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0]!.trim();
}

function renderPayments(payments: readonly HouseholdPayment[], explorer?: string): string[] {
  return payments.map(
    (p) =>
      `  ${dateOf(p.timestamp)}  fund ${String(p.fund).padEnd(4)} ${unitLabel(p.village)}  roster ${String(p.rosterId).padEnd(4)} entry ${String(p.entry).padEnd(6)} ${p.kind.padEnd(9)} ${formatYuan(p.amount).padStart(14)}  ${explorer === undefined ? p.transactionHash : explorer.replaceAll("{tx}", p.transactionHash)}`,
  );
}

/** Rule parameters: the defaults, then a JSON file, then `name=value` pairs. */
export function rulesOf(file: string | undefined, pairs: readonly string[]): AnomalyRules {
  const rules: AnomalyRules = { ...DEFAULT_RULES };
  const set = (name: string, value: unknown, where: string) => {
    if (!(name in DEFAULT_RULES)) throw new CliError("USAGE", `${where}: unknown rule parameter "${name}" (known: ${Object.keys(DEFAULT_RULES).join(", ")})`);
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new CliError("USAGE", `${where}: ${name} must be a number of at least 0, not "${String(value)}"`);
    rules[name as keyof AnomalyRules] = n;
  };
  if (file !== undefined) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (error) {
      throw new CliError("INPUT_FILE_UNREADABLE", `cannot read rules from ${file}: ${(error as Error).message}`, { file });
    }
    for (const [name, value] of Object.entries(parsed)) set(name, value, file);
  }
  for (const pair of pairs) {
    const [name, value] = pair.split("=");
    set(name ?? "", value, `--rule ${pair}`);
  }
  return rules;
}

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

export function renderFindings(findings: readonly Finding[], explorer?: string): string {
  if (findings.length === 0) return "no findings";
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${f.severity.toUpperCase().padEnd(6)} ${f.rule}: ${f.summary}`);
    for (const e of f.evidence) {
      const tx = e.transactionHash === undefined ? "" : `  ${explorer === undefined ? e.transactionHash : explorer.replaceAll("{tx}", e.transactionHash)}`;
      lines.push(`         ${e.at === undefined ? "" : `${dateOf(e.at)} `}${e.unit === undefined ? "" : `${unitLabel(e.unit)} `}${e.note}${tx}`);
    }
  }
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  lines.push("", `${findings.length} finding(s): ${count("high")} high, ${count("medium")} medium, ${count("low")} low`);
  return lines.join("\n");
}

export function registerAudit(program: Command, run: Run): void {
  const audit = program.command("audit").description("inspectors' reads of funds from the chain alone: trace, reconcile, household history");

  readOptions(
    audit
      .command("trace <fund>")
      .description("where a fund's money went and where it is: every unit from province to villages with received, allocated, paid, failed, re-issued, returned, reclaimed, balance and dwell time")
      .option("--unit <code>", "drill into one unit: its figures and every movement in or out, with its transaction")
      .option("--edition <year>", "division-code edition of --unit", "2023"),
  ).action(
    run(async (ctx, id, options) => {
      const o = options as ReadOptions & { unit?: string; edition: string };
      const fund = idOf(id, "fund");
      const { source, fromBlock, toBlock, explorerTxUrl } = await auditSource(ctx, o);
      const trace = await traceFund(source, ctx.deployment(), fund, { fromBlock, toBlock, explorerTxUrl });
      if (trace.terms === null) throw new CliError("USAGE", `fund ${fund} does not exist at block ${toBlock}`);
      if (o.unit !== undefined) {
        const address = unitOf(o.unit, o.edition);
        const u = trace.units.get(address.toLowerCase());
        if (u === undefined) throw new CliError("USAGE", `unit ${o.unit} never held money of fund ${fund} up to block ${toBlock}`);
        const movements = unitMovements(trace, u);
        ctx.out.result({ fund, fromBlock, toBlock, asOf: trace.asOf, unit: unitRow(u, trace.asOf), children: u.children, movements }, () => renderUnit(trace, u));
        return;
      }
      const data = {
        fund,
        fromBlock,
        toBlock,
        asOf: trace.asOf,
        terms: trace.terms,
        totals: trace.totals,
        units: unitsInOrder(trace).map((u) => unitRow(u, trace.asOf)),
        movements: trace.movements,
      };
      ctx.out.result(data, () => renderTrace(trace));
    }),
  );

  readOptions(
    keyOptions(
      audit
        .command("reconcile <fund>")
        .description("recompute every balance from events and compare it, to the fen, with the contracts and the fund totals; with --bank, match on-chain payments with the bank's results")
        .option("--bank <file>", "the bank's results CSV: resident ID (with --key) or pseudonym, amount, status")
        .option("--encoding <encoding>", "of the bank file: auto, utf8 or gb18030", "auto"),
    ),
  ).action(
    run(async (ctx, id, options) => {
      const o = options as ReadOptions & KeyOptions & { bank?: string; encoding: string };
      const fund = idOf(id, "fund");
      // Read the bank file first: a bad file is refused before anything is read from the chain.
      const records = o.bank === undefined ? undefined : await readBankFile(ctx, o.bank, o);
      const { source, fromBlock, toBlock } = await auditSource(ctx, o);
      const deployment = ctx.deployment();
      const [trace, payments] = await Promise.all([
        traceFund(source, deployment, fund, { fromBlock, toBlock }),
        fundPayments(source, deployment, fund, { fromBlock, toBlock }),
      ]);
      if (trace.terms === null) throw new CliError("USAGE", `fund ${fund} does not exist at block ${toBlock}`);
      const chain = await reconcileWithChain(source, deployment, trace, payments);
      const bank = records === undefined ? undefined : reconcileWithBank(payments, records);
      const data = { fund, fromBlock, toBlock, balanced: chain.balanced && (bank?.balanced ?? true), chain, bank: bank ?? null };
      ctx.out.result(data, () => {
        const lines = [
          `fund ${fund}, blocks ${fromBlock}-${toBlock}: ${trace.units.size} unit(s), ${payments.length} household record(s)`,
          `with the contracts: ${chain.checks.length} figure(s) compared, ${chain.differences.length} difference(s)${chain.balanced ? ", balanced to the fen" : ""}`,
          ...chain.differences.map((d) => `  DIFFERENCE ${d.what}: the contracts say ${formatYuan(d.expected)}, the events give ${formatYuan(d.actual)}`),
        ];
        if (bank !== undefined) {
          lines.push(
            `with the bank (${o.bank}): ${bank.records} record(s), ${bank.attempts} on-chain payment(s), ${bank.matched} matched; paid on chain ${formatYuan(bank.chainAmount)}, bank reports ${formatYuan(bank.bankAmount)} yuan paid`,
          );
          const what = { "no-bank-record": "paid on chain, no bank record", "no-chain-payment": "bank record, no on-chain payment", "amount-mismatch": "amounts differ", "status-mismatch": "outcomes differ" };
          for (const d of bank.differences) {
            const chainPart = d.chain === undefined ? "" : ` chain: ${formatYuan(d.chain.amount)} ${d.chain.failed ? "failed" : "paid"} (roster ${d.chain.rosterId} entry ${d.chain.entry}, ${d.chain.transactionHash})`;
            const bankPart = d.bank === undefined ? "" : ` bank line ${d.bank.line}: ${formatYuan(d.bank.amount)} ${d.bank.status}`;
            lines.push(`  ${what[d.kind]}: household ${d.household}${bankPart}${chainPart}`);
          }
        }
        lines.push(data.balanced ? "RECONCILED" : "NOT RECONCILED");
        return lines.join("\n");
      });
    }),
  );

  readOptions(
    keyOptions(
      audit
        .command("household [pseudonym]")
        .description("every payment, failure and re-issue to one household, across funds and villages: by pseudonym, or by resident ID with the bureau key")
        .option("--resident-id <id>", "the resident ID (\"-\" reads it from stdin, keeping it out of shell history); needs --key"),
    ),
  ).action(
    run(async (ctx, pseudonym, options) => {
      const o = options as ReadOptions & KeyOptions & { residentId?: string };
      let household: Hex;
      if (o.residentId !== undefined) {
        if (pseudonym !== undefined) throw new CliError("USAGE", "give a pseudonym or --resident-id, not both");
        const text = o.residentId === "-" ? await readLine() : o.residentId;
        let id;
        try {
          id = parseResidentId(text);
        } catch (error) {
          throw new CliError("RESIDENT_ID_INVALID", (error as Error).message);
        }
        household = (await pseudonymKey(ctx, o)).pseudonym(id);
      } else household = householdOf(pseudonym as string | undefined, "the household");
      const { source, fromBlock, toBlock, explorerTxUrl } = await auditSource(ctx, o);
      const payments = await householdHistory(source, ctx.deployment(), household, { fromBlock, toBlock });
      const net = payments.reduce((n, p) => n + (p.kind === "failed" ? -p.amount : p.amount), 0n);
      const funds = new Set(payments.map((p) => p.fund));
      const villages = new Set(payments.map((p) => p.village));
      const data = { household, fromBlock, toBlock, net, funds: [...funds], villages: [...villages], payments };
      ctx.out.result(data, () =>
        [
          `household ${household}: ${payments.length} record(s), ${formatYuan(net)} yuan received in all, from ${funds.size} fund(s) in ${villages.size} village(s)`,
          ...renderPayments(payments, explorerTxUrl),
        ].join("\n"),
      );
    }),
  );

  readOptions(
    audit
      .command("anomalies")
      .description("check funds against the audit rules (deadlines, idle balances, duplicate or outlying payments, concentration, preparer/approver conflicts, unresolved failures, frozen units with pending work); each finding with its rule, severity and evidence")
      .option("--fund <ids...>", "the funds to check (default: every fund)")
      .option("--rules <file>", "rule parameters as JSON, e.g. {\"idleDays\": 60}")
      .option("--rule <name=value...>", `set one rule parameter (defaults: ${Object.entries(DEFAULT_RULES).map(([k, v]) => `${k}=${v}`).join(", ")})`),
  ).action(
    run(async (ctx, options) => {
      const o = options as ReadOptions & { fund?: string[]; rules?: string; rule?: string[] };
      const rules = rulesOf(o.rules, o.rule ?? []);
      const funds = o.fund?.map((f) => idOf(f, "fund"));
      const { source, fromBlock, toBlock, explorerTxUrl } = await auditSource(ctx, o);
      const data = await collectAuditData(source, ctx.deployment(), { funds, fromBlock, toBlock });
      const findings = findAnomalies(data, rules).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
      ctx.out.result(
        { fromBlock, toBlock, asOf: data.asOf, funds: data.traces.map((t) => t.fund), rules, findings },
        () => `checked ${data.traces.length} fund(s), ${data.payments.length} household record(s), blocks ${fromBlock}-${toBlock}\n${renderFindings(findings, explorerTxUrl)}`,
      );
    }),
  );

  readOptions(
    keyOptions(
      audit
        .command("report")
        .description("write an audit report an inspector can open offline and forward: report.html (flow diagram, trace tables, reconciliation, findings) with report.json and CSV exports of the same data")
        .requiredOption("--out <dir>", "folder to write the report into (created if missing)")
        .option("--fund <ids...>", "the funds to report (default: every fund)")
        .option("--bank <fund=file...>", "match a fund's payments with the bank's results CSV, e.g. 1=bank-results.csv")
        .option("--encoding <encoding>", "of the bank files: auto, utf8 or gb18030", "auto")
        .option("--names <csv>", "label units with names from a CSV of codes and names")
        .option("--title <text>", "the report's title", "FundTrace audit report")
        .option("--rules <file>", "anomaly rule parameters as JSON")
        .option("--rule <name=value...>", "set one anomaly rule parameter (see `audit anomalies --help`)"),
    ),
  ).action(
    run(async (ctx, options) => {
      const o = options as ReadOptions &
        KeyOptions & { out: string; fund?: string[]; bank?: string[]; encoding: string; names?: string; title: string; rules?: string; rule?: string[] };
      const rules = rulesOf(o.rules, o.rule ?? []);
      const names = o.names === undefined ? new Map<string, string>() : readUnitNames(o.names);
      // Every input file is read and checked before anything is read from the chain.
      const banks = new Map<bigint, { file: string; records: BankRecord[] }>();
      for (const spec of o.bank ?? []) {
        const at = spec.indexOf("=");
        if (at < 1) throw new CliError("USAGE", `--bank takes fund=file, e.g. 1=bank-results.csv, not "${spec}"`);
        const fund = idOf(spec.slice(0, at), "--bank fund");
        const file = spec.slice(at + 1);
        banks.set(fund, { file, records: await readBankFile(ctx, file, o) });
      }
      const funds = o.fund?.map((f) => idOf(f, "fund"));
      for (const fund of banks.keys()) if (funds !== undefined && !funds.includes(fund)) throw new CliError("USAGE", `--bank names fund ${fund}, which is not among --fund ${funds.join(" ")}`);
      const { source, fromBlock, toBlock, explorerTxUrl } = await auditSource(ctx, o);
      const deployment = ctx.deployment();
      const audit = await collectAuditData(source, deployment, { funds, fromBlock, toBlock });
      const findings = findAnomalies(audit, rules).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
      const reports = [];
      for (const trace of audit.traces) {
        const payments = audit.payments.filter((p) => p.fund === trace.fund);
        const chain = await reconcileWithChain(source, deployment, trace, payments);
        const bank = banks.get(trace.fund);
        reports.push(fundReport(trace, payments, chain, bank === undefined ? null : { file: bank.file, ...reconcileWithBank(payments, bank.records) }));
      }
      const data: ReportData = {
        title: o.title,
        generatedAt: new Date().toISOString(),
        network: { name: ctx.network.name, chainId: ctx.network.chainId, rpcUrl: ctx.network.rpcUrl },
        deployment: { registry: deployment.registry, ledger: deployment.ledger, rosterBook: deployment.rosterBook, deploymentBlock: deployment.deploymentBlock },
        fromBlock,
        toBlock,
        asOf: audit.asOf,
        explorerTxUrl: explorerTxUrl ?? null,
        names: Object.fromEntries(names),
        funds: reports,
        rules,
        findings,
      };
      const out = resolve(o.out);
      mkdirSync(out, { recursive: true });
      const files: Record<string, string> = { "report.html": renderReportHtml(data), "report.json": `${toJson(data)}\n`, ...reportCsvFiles(data) };
      for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
      const summary = {
        out,
        files: Object.keys(files),
        funds: reports.map((r) => r.fund),
        balanced: reports.every((r) => r.chain.balanced && (r.bank?.balanced ?? true)),
        findings: findings.length,
      };
      ctx.out.result(
        summary,
        () =>
          `wrote ${join(out, "report.html")} (and ${Object.keys(files).length - 1} exports) for fund(s) ${summary.funds.join(", ")}: ${summary.balanced ? "reconciled" : "NOT reconciled"}, ${findings.length} finding(s)`,
      );
    }),
  );
}
