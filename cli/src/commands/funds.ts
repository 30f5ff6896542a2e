/** `fundtrace fund propose | show` and `fundtrace proposals approve | show`. */
import { readFileSync } from "node:fs";

import type { Command } from "commander";
import { type Hex, keccak256, toHex } from "viem";

import { approveProposal, formatYuan, getFund, getProposal, parseYuan, proposeFund } from "../../../sdk/src/index.ts";
import type { Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { describeEvents, type SignerOptions, submit } from "../transactions.ts";
import { signerOptions } from "./governance.ts";
import { unitOf } from "./registry.ts";

const FUND_STATUS = ["none", "proposed", "active", "cancelled"];
const PROPOSAL_STATUS = ["none", "pending", "executed", "rejected", "cancelled"];
const PROPOSAL_KIND = ["create fund", "allocation", "return", "reclaim"];

/** The hash of a document: keccak-256 of the file's bytes. */
function documentHash(path: string): Hex {
  try {
    return keccak256(readFileSync(path));
  } catch {
    throw new CliError("USAGE", `cannot read document ${path}`, { path });
  }
}

export function registerFunds(program: Command, run: Run): void {
  const fund = program.command("fund").description("funds from provincial budget lines");
  signerOptions(
    fund
      .command("propose")
      .description("propose a fund at the province (a province preparer); approvers then approve the proposal")
      .requiredOption("--province <code>", "the province's division code")
      .requiredOption("--budget-line <id>", "budget-line identifier (unique)")
      .requiredOption("--year <year>", "fiscal year")
      .requiredOption("--category <n>", "purpose category: 1 industry, 2 education, 3 medical aid, 4 housing, 5 living subsidy, 9 other")
      .requiredOption("--amount <yuan>", "amount in yuan, e.g. 1,000,000.00")
      .requiredOption("--document <file>", "the approving budget document (its hash goes on chain)")
      .option("--source <source>", "central or local", "central")
      .option("--type <type>", "general or special transfer", "general")
      .option("--edition <year>", "division-code edition", "2023"),
  ).action(
    run(async (ctx, options) => {
      const o = options as SignerOptions & Record<string, string>;
      const amount = parseYuan(o.amount!);
      if (!["central", "local"].includes(o.source!)) throw new CliError("USAGE", `--source must be central or local, not ${o.source}`);
      if (!["general", "special"].includes(o.type!)) throw new CliError("USAGE", `--type must be general or special, not ${o.type}`);
      const terms = {
        province: unitOf(o.province!, o.edition!),
        budgetLine: keccak256(toHex(o.budgetLine!)),
        fiscalYear: Number(o.year),
        category: Number(o.category),
        source: o.source === "central" ? 0 : 1,
        transferType: o.type === "general" ? 0 : 1,
        amount,
        documentHash: documentHash(o.document!),
      };
      const result = await submit(ctx, o, proposeFund(ctx.deployment(), terms), [
        `propose fund "${o.budgetLine}" (${o.year}, category ${o.category}, ${o.source}, ${o.type}) of ${formatYuan(amount)} yuan at province ${o.province}`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  fund
    .command("show <id>")
    .description("a fund's terms, status and totals")
    .action(
      run(async (ctx, id) => {
        const client = await ctx.connectedClient();
        const f = await getFund(client, ctx.deployment(), BigInt(String(id)));
        const data = { id: BigInt(String(id)), status: FUND_STATUS[f.status], ...f.terms, paid: f.paid, failed: f.failed, createdAt: f.createdAt };
        ctx.out.result(data, () =>
          [
            `fund      ${data.id} (${data.status})`,
            `amount    ${formatYuan(f.terms.amount)} yuan, year ${f.terms.fiscalYear}, category ${f.terms.category}`,
            `province  ${f.terms.province}`,
            `paid      ${formatYuan(f.paid)} yuan (failed ${formatYuan(f.failed)})`,
          ].join("\n"),
        );
      }),
    );

  const proposals = program.command("proposals").description("maker-checker proposals");
  signerOptions(proposals.command("approve <id>").description("approve a proposal (an approver of its unit, never its proposer)")).action(
    run(async (ctx, id, options) => {
      const proposalId = BigInt(String(id));
      const client = await ctx.connectedClient();
      const p = await getProposal(client, ctx.deployment(), proposalId);
      const result = await submit(ctx, options as SignerOptions, approveProposal(ctx.deployment(), { proposalId }), [
        `approve proposal ${proposalId}: ${PROPOSAL_KIND[p.kind]} of ${formatYuan(p.amount)} yuan of fund ${p.fund} (${p.approvals.length + 1} of ${p.requiredApprovals} approvals)`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
  proposals
    .command("show <id>")
    .description("a proposal: kind, fund, from, to, amount, proposer, approvals, status")
    .action(
      run(async (ctx, id) => {
        const client = await ctx.connectedClient();
        const p = await getProposal(client, ctx.deployment(), BigInt(String(id)));
        const data = { id: BigInt(String(id)), ...p, kind: PROPOSAL_KIND[p.kind], status: PROPOSAL_STATUS[p.status] };
        ctx.out.result(data, () =>
          [
            `proposal  ${data.id} (${data.status}): ${data.kind} of ${formatYuan(p.amount)} yuan of fund ${p.fund}`,
            `from      ${p.from}`,
            `to        ${p.to}`,
            `proposer  ${p.proposer}`,
            `approvals ${p.approvals.length} of ${p.requiredApprovals}: ${p.approvals.join(", ") || "none"}`,
          ].join("\n"),
        );
      }),
    );
}
