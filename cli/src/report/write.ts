/**
 * `audit report`: reads what the report shows (traces, household records,
 * both reconciliations, the anomaly rules' anomalies) and writes report.html,
 * report.json and the CSV exports into one folder.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import {
  type AnomalyRules,
  type BankRecord,
  collectAuditData,
  findAnomalies,
  type LogSource,
  reconcileWithBank,
  reconcileWithChain,
} from "@fundtrace/sdk";
import { SEVERITY_ORDER } from "../audit/render.ts";
import type { Context } from "../context.ts";
import { reportCsvFiles } from "./csv.ts";
import { fundReport, type ReportData, toJson } from "./data.ts";
import { renderReportHtml } from "./html.ts";

export interface ReportRequest {
  source: LogSource;
  fromBlock: bigint;
  toBlock: bigint;
  explorerTxUrl?: string;
  /** The funds to report; every fund when undefined. */
  funds: bigint[] | undefined;
  rules: AnomalyRules;
  /** Bank results files to match, by fund. */
  banks: ReadonlyMap<bigint, { file: string; records: BankRecord[] }>;
  names: ReadonlyMap<string, string>;
  title: string;
  out: string;
}

export interface ReportSummary {
  out: string;
  html: string;
  files: string[];
  funds: bigint[];
  balanced: boolean;
  anomalies: number;
}

/** Builds the report's data from the chain and writes its files (see the file comment). */
export async function writeReport(ctx: Context, r: ReportRequest): Promise<ReportSummary> {
  const deployment = ctx.deployment();
  const { source, fromBlock, toBlock } = r;
  const audit = await collectAuditData(source, deployment, { funds: r.funds, fromBlock, toBlock });
  const anomalies = findAnomalies(audit, r.rules).sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  const reports = await Promise.all(
    audit.traces.map(async (trace) => {
      const payments = audit.payments.filter((p) => p.fund === trace.fund);
      const chain = await reconcileWithChain(source, deployment, trace, payments);
      const bank = r.banks.get(trace.fund);
      return fundReport(
        trace,
        payments,
        chain,
        bank === undefined ? null : { file: bank.file, ...reconcileWithBank(payments, bank.records) },
      );
    }),
  );
  const data: ReportData = {
    title: r.title,
    generatedAt: new Date().toISOString(),
    network: { name: ctx.network.name, chainId: ctx.network.chainId, rpcUrl: ctx.network.rpcUrl },
    deployment: {
      registry: deployment.registry,
      ledger: deployment.ledger,
      rosterBook: deployment.rosterBook,
      deploymentBlock: deployment.deploymentBlock,
    },
    fromBlock,
    toBlock,
    asOf: audit.asOf,
    explorerTxUrl: r.explorerTxUrl ?? null,
    names: Object.fromEntries(r.names),
    funds: reports,
    rules: r.rules,
    anomalies,
  };
  const out = resolve(r.out);
  mkdirSync(out, { recursive: true });
  const files: Record<string, string> = {
    "report.html": renderReportHtml(data),
    "report.json": `${toJson(data)}\n`,
    ...reportCsvFiles(data),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  return {
    out,
    html: join(out, "report.html"),
    files: Object.keys(files),
    funds: reports.map((x) => x.fund),
    balanced: reports.every((x) => x.chain.balanced && (x.bank?.balanced ?? true)),
    anomalies: anomalies.length,
  };
}
