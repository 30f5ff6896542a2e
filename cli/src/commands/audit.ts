/**
 * `fundtrace audit trace | reconcile | household | anomalies | report`:
 * inspectors' reads of funds from the chain alone (any JSON-RPC node or the
 * local log cache; no indexer): a fund's trace, its reconciliation with the
 * contracts and with a bank results file, one household's history, the
 * anomaly rules, and the self-contained report.
 */
import type { Hex } from "viem";

import {
  type BankRecord,
  collectAuditData,
  DEFAULT_RULES,
  findAnomalies,
  formatYuan,
  fundPayments,
  householdHistory,
  maskResidentId,
  parseResidentId,
  type PseudonymKey,
  pseudonymsInFunds,
  read,
  reconcileWithBank,
  type ResidentId,
  reconcileWithChain,
  traceFund,
  unitsInOrder,
} from "@fundtrace/sdk";
import { householdOf, readBankFile, readLine, rulesOf } from "../audit/inputs.ts";
import {
  anomalyCount,
  renderAnomalies,
  renderPayments,
  renderTrace,
  renderUnit,
  SEVERITY_ORDER,
  unitMovements,
} from "../audit/render.ts";
import { auditSource } from "../audit/source.ts";
import type { Program, Run } from "../context.ts";
import { editionOption, encodingOption, keyOptions, readOptions } from "../options.ts";
import { CliError } from "../errors.ts";
import { idOf, unitOf } from "../inputs.ts";
import { unitRow } from "../report/data.ts";
import { writeReport } from "../report/write.ts";
import { readUnitNames } from "./funds.ts";
import { pseudonymKey } from "./rosters.ts";

export function registerAudit(program: Program, run: Run): void {
  const audit = program
    .command("audit")
    .description("inspectors' reads of funds from the chain alone: trace, reconcile, household history");

  readOptions(
    audit
      .command("trace <fund>")
      .description(
        "where a fund's money went and where it is: every unit from province to villages with received, allocated, paid, failed, re-issued, returned, reclaimed, balance and dwell time",
      )
      .option("--unit <code>", "drill into one unit: its figures and every movement in or out, with its transaction")
      .addOption(editionOption("--unit")),
  ).action(
    run(async (ctx, id, o) => {
      const fund = idOf(id, "fund");
      const { source, fromBlock, toBlock, explorerTxUrl } = await auditSource(ctx, o);
      const trace = await traceFund(source, ctx.deployment(), fund, { fromBlock, toBlock, explorerTxUrl });
      if (trace.terms === null) throw new CliError("USAGE", `fund ${fund} does not exist at block ${toBlock}`);
      if (o.unit !== undefined) {
        const address = unitOf(o.unit, o.edition);
        const u = trace.units.get(address.toLowerCase());
        if (u === undefined)
          throw new CliError("USAGE", `unit ${o.unit} never held money of fund ${fund} up to block ${toBlock}`);
        const movements = unitMovements(trace, u);
        ctx.out.result(
          { fund, fromBlock, toBlock, asOf: trace.asOf, unit: unitRow(u, trace.asOf), children: u.children, movements },
          () => renderUnit(trace, u),
        );
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
        .description(
          "recompute every balance from events and compare it, to the fen, with the contracts and the fund totals; with --bank, match on-chain payments with the bank's results",
        )
        .option("--bank <file>", "the bank's results CSV: resident ID (with --key) or pseudonym, amount, status")
        .addOption(encodingOption("the bank file")),
    ),
  ).action(
    run(async (ctx, id, o) => {
      const fund = idOf(id, "fund");
      // Read the bank file first: a bad file is refused before anything is read from the chain.
      const records = o.bank === undefined ? undefined : await readBankFile(ctx, fund, o.bank, o);
      const { source, fromBlock, toBlock } = await auditSource(ctx, o);
      const deployment = ctx.deployment();
      const [trace, payments] = await Promise.all([
        traceFund(source, deployment, fund, { fromBlock, toBlock }),
        fundPayments(source, deployment, fund, { fromBlock, toBlock }),
      ]);
      if (trace.terms === null) throw new CliError("USAGE", `fund ${fund} does not exist at block ${toBlock}`);
      const chain = await reconcileWithChain(source, deployment, trace, payments);
      const bank = records === undefined ? undefined : reconcileWithBank(payments, records);
      const data = {
        fund,
        fromBlock,
        toBlock,
        balanced: chain.balanced && (bank?.balanced ?? true),
        chain,
        bank: bank ?? null,
      };
      ctx.out.result(data, () => {
        const lines = [
          `fund ${fund}, blocks ${fromBlock}-${toBlock}: ${trace.units.size} unit(s), ${payments.length} household record(s)`,
          `with the contracts: ${chain.checks.length} figure(s) compared, ${chain.differences.length} difference(s)${chain.balanced ? ", balanced to the fen" : ""}`,
          ...chain.differences.map(
            (d) =>
              `  DIFFERENCE ${d.what}: the contracts say ${formatYuan(d.expected)}, the events give ${formatYuan(d.actual)}`,
          ),
        ];
        if (bank !== undefined) {
          lines.push(
            `with the bank (${o.bank}): ${bank.records} record(s), ${bank.attempts} on-chain payment(s), ${bank.matched} matched; paid on chain ${formatYuan(bank.chainAmount)}, bank reports ${formatYuan(bank.bankAmount)} yuan paid`,
          );
          const what = {
            "no-bank-record": "paid on chain, no bank record",
            "no-chain-payment": "bank record, no on-chain payment",
            "amount-mismatch": "amounts differ",
            "status-mismatch": "outcomes differ",
          };
          for (const d of bank.differences) {
            const chainPart =
              d.chain === undefined
                ? ""
                : ` chain: ${formatYuan(d.chain.amount)} ${d.chain.failed ? "failed" : "paid"} (roster ${d.chain.rosterId} entry ${d.chain.entry}, ${d.chain.transactionHash})`;
            const bankPart =
              d.bank === undefined ? "" : ` bank line ${d.bank.line}: ${formatYuan(d.bank.amount)} ${d.bank.status}`;
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
        .description(
          "every payment, failure and re-issue to one household, across funds and villages: by pseudonym, or by resident ID with the bureau key",
        )
        .option(
          "--resident-id <id>",
          'the resident ID ("-" reads it from stdin, keeping it out of shell history); needs --key',
        ),
    ),
  ).action(
    run(async (ctx, pseudonym, o) => {
      // A pseudonym names a household in its own fund; a resident ID with the key names the person in every fund.
      let person: { id: ResidentId; key: PseudonymKey } | undefined;
      let household: Hex | undefined;
      if (o.residentId !== undefined) {
        if (pseudonym !== undefined) throw new CliError("USAGE", "give a pseudonym or --resident-id, not both");
        const text = o.residentId === "-" ? await readLine() : o.residentId;
        let id;
        try {
          id = parseResidentId(text);
        } catch (error) {
          throw new CliError("RESIDENT_ID_INVALID", (error as Error).message);
        }
        person = { id, key: await pseudonymKey(ctx, o) };
      } else household = householdOf(pseudonym, "the household");
      const { source, fromBlock, toBlock, explorerTxUrl } = await auditSource(ctx, o);
      const deployment = ctx.deployment();
      let searched: Hex[];
      if (person === undefined) searched = [household!];
      else {
        const count = await read(source.client, deployment, "ledger", "fundCount", [], toBlock);
        const funds = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
        searched = pseudonymsInFunds(person.key, person.id, funds);
      }
      const payments = await householdHistory(source, deployment, searched, { fromBlock, toBlock });
      const net = payments.reduce((n, p) => n + (p.kind === "failed" ? -p.amount : p.amount), 0n);
      const funds = new Set(payments.map((p) => p.fund));
      const villages = new Set(payments.map((p) => p.village));
      const who = person === undefined ? `household ${household}` : `resident ID ${maskResidentId(person.id.id)}`;
      const data = {
        household: household ?? null,
        pseudonyms: searched,
        fromBlock,
        toBlock,
        net,
        funds: [...funds],
        villages: [...villages],
        payments,
      };
      ctx.out.result(data, () =>
        [
          `${who}: ${payments.length} record(s), ${formatYuan(net)} yuan received in all, from ${funds.size} fund(s) in ${villages.size} village(s)`,
          person === undefined
            ? "  (a pseudonym belongs to one fund; the same person's records in other funds need --resident-id and the key)"
            : `  (searched its pseudonyms in ${searched.length} fund(s))`,
          ...renderPayments(payments, explorerTxUrl),
        ].join("\n"),
      );
    }),
  );

  readOptions(
    audit
      .command("anomalies")
      .description(
        "check funds against the audit rules (deadlines, idle balances, duplicate or outlying payments, concentration, preparer/approver conflicts, unresolved failures, frozen units with pending work); each anomaly with its rule, severity and evidence",
      )
      .option("--fund <ids...>", "the funds to check (default: every fund)")
      .option("--rules <file>", 'rule parameters as JSON, e.g. {"idleDays": 60}')
      .option(
        "--rule <name=value...>",
        `set one rule parameter (defaults: ${Object.entries(DEFAULT_RULES)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")})`,
      ),
  ).action(
    run(async (ctx, o) => {
      const rules = rulesOf(o.rules, o.rule ?? []);
      const funds = o.fund?.map((f) => idOf(f, "fund"));
      const { source, fromBlock, toBlock, explorerTxUrl } = await auditSource(ctx, o);
      const data = await collectAuditData(source, ctx.deployment(), { funds, fromBlock, toBlock });
      const anomalies = findAnomalies(data, rules).sort(
        (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
      );
      ctx.out.result(
        { fromBlock, toBlock, asOf: data.asOf, funds: data.traces.map((t) => t.fund), rules, anomalies },
        () =>
          `checked ${data.traces.length} fund(s), ${data.payments.length} household record(s), blocks ${fromBlock}-${toBlock}\n${renderAnomalies(anomalies, explorerTxUrl)}`,
      );
    }),
  );

  readOptions(
    keyOptions(
      audit
        .command("report")
        .description(
          "write an audit report an inspector can open offline and forward: report.html (flow diagram, trace tables, reconciliation, anomalies) with report.json and CSV exports of the same data",
        )
        .requiredOption("--out <dir>", "folder to write the report into (created if missing)")
        .option("--fund <ids...>", "the funds to report (default: every fund)")
        .option("--bank <fund=file...>", "match a fund's payments with the bank's results CSV, e.g. 1=bank-results.csv")
        .addOption(encodingOption("the bank files"))
        .option("--names <csv>", "label units with names from a CSV of codes and names")
        .option("--title <text>", "the report's title", "FundTrace audit report")
        .option("--rules <file>", "anomaly rule parameters as JSON")
        .option("--rule <name=value...>", "set one anomaly rule parameter (see `audit anomalies --help`)"),
    ),
  ).action(
    run(async (ctx, o) => {
      const rules = rulesOf(o.rules, o.rule ?? []);
      const names = o.names === undefined ? new Map<string, string>() : readUnitNames(o.names);
      // Every input file is read and checked before anything is read from the chain.
      const banks = new Map<bigint, { file: string; records: BankRecord[] }>();
      for (const spec of o.bank ?? []) {
        const at = spec.indexOf("=");
        if (at < 1) throw new CliError("USAGE", `--bank takes fund=file, e.g. 1=bank-results.csv, not "${spec}"`);
        const fund = idOf(spec.slice(0, at), "--bank fund");
        const file = spec.slice(at + 1);
        banks.set(fund, { file, records: await readBankFile(ctx, fund, file, o) });
      }
      const funds = o.fund?.map((f) => idOf(f, "fund"));
      for (const fund of banks.keys())
        if (funds !== undefined && !funds.includes(fund))
          throw new CliError("USAGE", `--bank names fund ${fund}, which is not among --fund ${funds.join(" ")}`);
      const read = await auditSource(ctx, o);
      const summary = await writeReport(ctx, { ...read, funds, rules, banks, names, title: o.title, out: o.out });
      ctx.out.result(
        summary,
        () =>
          `wrote ${summary.html} (and ${summary.files.length - 1} exports) for fund(s) ${summary.funds.join(", ")}: ${summary.balanced ? "reconciled" : "NOT reconciled"}, ${anomalyCount(summary.anomalies)}`,
      );
    }),
  );
}
