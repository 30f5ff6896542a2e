/**
 * The audit report as one self-contained HTML file: no script, no font, no
 * request of any kind, so it opens offline and can be forwarded as it is.
 * Per fund: a flow diagram from province to villages (inline SVG), the
 * trace tables and the reconciliation; then the anomalies.
 */
import { formatYuan } from "@fundtrace/sdk";
import { anomalyCount } from "../audit/render.ts";
import { dateOf, unitLabel } from "../labels.ts";
import type { FundReport, ReportData } from "./data.ts";

const esc = (value: unknown): string =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
const yuan = (fen: bigint) => esc(formatYuan(fen));

function txLink(data: ReportData, hash: string | undefined): string {
  if (hash === undefined) return "";
  const short = `${hash.slice(0, 10)}…${hash.slice(-6)}`;
  return data.explorerTxUrl === null
    ? `<code title="${esc(hash)}">${esc(short)}</code>`
    : `<a href="${esc(data.explorerTxUrl.replaceAll("{tx}", hash))}" title="${esc(hash)}"><code>${esc(short)}</code></a>`;
}

const NODE_W = 230;
const NODE_H = 72;
const COL = 300;
const ROW = 84;

/** The flow diagram: units left to right by level, each box with its figures, each edge with the amount allocated. */
export function flowDiagram(data: ReportData, fund: FundReport, flagged: ReadonlySet<string>): string {
  const byUnit = new Map(fund.units.map((u) => [u.unit.toLowerCase(), u]));
  const children = new Map<string, string[]>();
  for (const u of fund.units) {
    if (u.parent === null) continue;
    const list = children.get(u.parent.toLowerCase());
    if (list === undefined) children.set(u.parent.toLowerCase(), [u.unit.toLowerCase()]);
    else list.push(u.unit.toLowerCase());
  }
  const roots = fund.units
    .filter((u) => u.parent === null || !byUnit.has(u.parent.toLowerCase()))
    .map((u) => u.unit.toLowerCase());
  const place = new Map<string, { x: number; y: number }>();
  let row = 0;
  let depthMax = 0;
  const layout = (key: string, depth: number): number => {
    depthMax = Math.max(depthMax, depth);
    const kids = children.get(key) ?? [];
    const y =
      kids.length === 0 ? row++ * ROW : kids.map((k) => layout(k, depth + 1)).reduce((a, b) => a + b, 0) / kids.length;
    place.set(key, { x: depth * COL, y });
    return y;
  };
  for (const r of roots) layout(r, 0);
  const width = depthMax * COL + NODE_W + 20;
  const height = Math.max(row, 1) * ROW + 20;
  const parts: string[] = [];
  for (const flow of fund.flows) {
    const a = place.get(flow.from.toLowerCase());
    const b = place.get(flow.to.toLowerCase());
    if (a === undefined || b === undefined) continue;
    const x1 = a.x + NODE_W + 10;
    const y1 = a.y + NODE_H / 2 + 10;
    const x2 = b.x + 10;
    const y2 = b.y + NODE_H / 2 + 10;
    const mid = (x1 + x2) / 2;
    parts.push(
      `<g class="flow"><path d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" /><text x="${x2 - 6}" y="${y2 - 5}" text-anchor="end">${yuan(flow.amount)}</text></g>`,
    );
  }
  for (const u of fund.units) {
    const p = place.get(u.unit.toLowerCase());
    if (p === undefined) continue;
    const name = data.names[u.code];
    const third = u.paid > 0n ? `paid ${yuan(u.paidNet)}` : `passed down ${yuan(u.allocated)}`;
    const label = `${u.code} ${name ?? u.level}`;
    parts.push(
      `<g class="unit${flagged.has(u.unit.toLowerCase()) ? " flagged" : ""}" data-code="${esc(u.code)}" transform="translate(${p.x + 10},${p.y + 10})"><rect width="${NODE_W}" height="${NODE_H}" rx="6" /><text x="8" y="16" class="label">${esc(label)}</text><text x="8" y="32">received ${yuan(u.received)}</text><text x="8" y="48">${third}</text><text x="8" y="64">held <tspan class="balance">${yuan(u.balance)}</tspan></text></g>`,
    );
  }
  return `<svg class="diagram" role="img" aria-label="flow of fund ${esc(fund.fund)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join("")}</svg>`;
}

function table(head: string[], rows: string[][], className = ""): string {
  return `<table class="${className}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

function fundSection(data: ReportData, fund: FundReport, flagged: ReadonlySet<string>): string {
  const t = fund.terms;
  const x = fund.totals;
  const units = table(
    [
      "unit",
      "level",
      "received",
      "allocated",
      "paid (net)",
      "failed",
      "re-issued",
      "returned",
      "reclaimed",
      "balance",
      "avg days held",
      "held since",
    ],
    fund.units.map((u) => [
      `<code>${esc(u.code)}</code> ${esc(data.names[u.code] ?? "")}`,
      esc(u.level),
      yuan(u.received),
      yuan(u.allocated),
      yuan(u.paidNet),
      yuan(u.failed),
      yuan(u.reissued),
      yuan(u.returned),
      yuan(u.reclaimed),
      yuan(u.balance),
      u.averageDwellDays === null ? "-" : esc(u.averageDwellDays.toFixed(1)),
      esc(dateOf(u.heldSince)),
    ]),
    "units num",
  );
  const movements = table(
    ["date", "kind", "from", "to", "amount", "transaction"],
    fund.movements.map((m) => [
      esc(dateOf(m.timestamp)),
      esc(m.kind),
      `<code>${esc(unitLabel(m.from))}</code>`,
      `<code>${esc(unitLabel(m.to))}</code>`,
      yuan(m.amount),
      txLink(data, m.transactionHash),
    ]),
    "movements num",
  );
  const c = fund.chain;
  const differences =
    c.differences.length === 0
      ? ""
      : table(
          ["figure", "contracts", "from events"],
          c.differences.map((d) => [esc(d.what), yuan(d.expected), yuan(d.actual)]),
          "differences num",
        );
  const allChecks = table(
    ["figure", "contracts", "from events", ""],
    c.checks.map((d) => [esc(d.what), yuan(d.expected), yuan(d.actual), d.ok ? "=" : "≠"]),
    "checks num",
  );
  let bank = "";
  if (fund.bank !== null) {
    const b = fund.bank;
    const what = {
      "no-bank-record": "paid on chain, no bank record",
      "no-chain-payment": "bank record, no on-chain payment",
      "amount-mismatch": "amounts differ",
      "status-mismatch": "outcomes differ",
    };
    bank = `<h4>With the bank: <span class="${b.balanced ? "ok" : "bad"}">${b.balanced ? "matched" : `${b.differences.length} difference(s)`}</span></h4>
<p>${esc(b.file)}: ${b.records} record(s); ${b.attempts} on-chain payment(s), ${b.matched} matched; paid on chain ${yuan(b.chainAmount)} yuan, the bank reports ${yuan(b.bankAmount)} yuan paid.</p>
${
  b.differences.length === 0
    ? ""
    : table(
        ["difference", "household", "bank line", "bank", "chain", "transaction"],
        b.differences.map((d) => [
          esc(what[d.kind]),
          `<code>${esc(d.household.slice(0, 12))}…</code>`,
          esc(d.bank?.line ?? "-"),
          d.bank === undefined ? "-" : `${yuan(d.bank.amount)} ${esc(d.bank.status)}`,
          d.chain === undefined ? "-" : `${yuan(d.chain.amount)} ${d.chain.failed ? "failed" : "paid"}`,
          txLink(data, d.chain?.transactionHash),
        ]),
        "bank num",
      )
}`;
  }
  return `<section class="fund" id="fund-${esc(fund.fund)}">
<h2>Fund ${esc(fund.fund)}${t === null ? "" : `: ${esc(t.documentNumber)}, ${yuan(t.amount)} yuan, ${esc(t.fiscalYear)}, ${esc(t.programme)} ${esc(t.classification)}, ${esc(t.source)} ${esc(t.transferType)} transfer`}</h2>
<p class="totals">Paid to households <b>${yuan(x.paidNet)}</b> yuan (gross ${yuan(x.paid)}, failed ${yuan(x.failed)}, re-issued ${yuan(x.reissued)}); held by units <b>${yuan(x.held)}</b> yuan; ${fund.payments.length} household record(s).</p>
<h3>Flow, province to villages</h3>
<div class="scroll">${flowDiagram(data, fund, flagged)}</div>
<h3>Units</h3>
<div class="scroll">${units}</div>
<h3>Reconciliation</h3>
<h4>With the contracts: <span class="${c.balanced ? "ok" : "bad"}">${c.balanced ? "balanced to the fen" : `${c.differences.length} difference(s)`}</span></h4>
<p>${c.checks.length} figure(s) recomputed from events and compared with the contracts' views at block ${esc(c.block)}.</p>
${differences}
<details><summary>every figure compared</summary>${allChecks}</details>
${bank}
<h3>Movements</h3>
<details><summary>${fund.movements.length} movement(s), each with its transaction</summary><div class="scroll">${movements}</div></details>
</section>`;
}

function anomaliesSection(data: ReportData): string {
  const rows = data.anomalies.map((f) => [
    `<span class="sev ${esc(f.severity)}">${esc(f.severity)}</span>`,
    `<code>${esc(f.rule)}</code>`,
    esc(f.fund ?? "-"),
    f.units.map((u) => `<code>${esc(unitLabel(u))}</code>`).join(" "),
    yuan(f.amount),
    esc(f.summary),
    `<ul>${f.evidence.map((e) => `<li>${esc(dateOf(e.at))} ${esc(e.note)} ${txLink(data, e.transactionHash)}</li>`).join("")}</ul>`,
  ]);
  const count = (s: string) => data.anomalies.filter((f) => f.severity === s).length;
  return `<section id="anomalies"><h2>Anomalies</h2>
<p>${anomalyCount(data.anomalies.length)}: ${count("high")} high, ${count("medium")} medium, ${count("low")} low. Rule parameters: ${Object.entries(
    data.rules,
  )
    .map(([k, v]) => `${esc(k)} ${esc(v)}`)
    .join(", ")}.</p>
${data.anomalies.length === 0 ? "<p>No anomaly.</p>" : table(["severity", "rule", "fund", "units", "amount", "what", "evidence"], rows, "anomalies")}
</section>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#1b1f24;max-width:1500px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px;border-bottom:2px solid #d0d7de;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}h4{font-size:14px;margin:12px 0 4px}
.meta{color:#57606a}code{font:12px ui-monospace,Menlo,Consolas,monospace}
table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid #d0d7de;padding:3px 7px;vertical-align:top}th{background:#f6f8fa;text-align:left}
table.num td{text-align:right}table.num td:first-child,table.num td:nth-child(2){text-align:left}
.scroll{overflow:auto}.ok{color:#1a7f37}.bad{color:#cf222e}
.diagram rect{fill:#f6f8fa;stroke:#57606a;stroke-width:1}.diagram .flagged rect{fill:#fff1f0;stroke:#cf222e;stroke-width:2}
.diagram text{font:12px ui-monospace,Menlo,Consolas,monospace;fill:#1b1f24}.diagram .label{font-weight:600}
.diagram .flow path{fill:none;stroke:#0969da;stroke-width:1.5}.diagram .flow text{fill:#0969da;font-size:11px}
.sev{padding:0 6px;border-radius:8px;color:#fff}.sev.high{background:#cf222e}.sev.medium{background:#bc4c00}.sev.low{background:#57606a}
table.anomalies ul{margin:0;padding-left:16px}
@media print{details{display:block}.scroll{overflow:visible}}
`;

/** The whole report as one HTML document. */
export function renderReportHtml(data: ReportData): string {
  const flagged = new Set(data.anomalies.flatMap((f) => f.units.map((u) => u.toLowerCase())));
  const d = data.deployment;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(data.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(data.title)}</h1>
<p class="meta">Chain ${esc(data.network.chainId)} (${esc(data.network.name)}), blocks ${esc(data.fromBlock)}-${esc(data.toBlock)}, as of ${esc(new Date(Number(data.asOf) * 1000).toISOString())}; generated ${esc(data.generatedAt)}.<br>
Contracts: registry <code>${esc(d.registry)}</code>, ledger <code>${esc(d.ledger)}</code>, roster book <code>${esc(d.rosterBook)}</code>.
Every figure is derived from the contracts' events as described in FundTrace's docs/audit.md, and can be re-derived on a block explorer.
Amounts in yuan.</p>
<p>Funds: ${data.funds.map((f) => `<a href="#fund-${esc(f.fund)}">${esc(f.fund)}</a>`).join(", ")} · <a href="#anomalies">anomalies (${data.anomalies.length})</a></p>
${data.funds.map((f) => fundSection(data, f, flagged)).join("\n")}
${anomaliesSection(data)}
</body></html>
`;
}
