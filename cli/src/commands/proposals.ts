/** `fundtrace proposals approve | reject | cancel | list | show`: maker-checker proposals. */

import {
  approveProposal,
  cancelProposal,
  formatYuan,
  getProposal,
  isProposalExpired,
  proposalExpiresAt,
  ProposalStatus,
  read,
  rejectProposal,
} from "@fundtrace/sdk";
import type { Program, Run } from "../context.ts";
import { documentHash, idOf, unitOf } from "../inputs.ts";
import { dateOf, labelOf, PROPOSAL_KIND, PROPOSAL_STATUS, unitLabel } from "../labels.ts";
import { describeEvents, submit } from "../transactions.ts";
import { editionOption, signerOptions } from "../options.ts";

export function registerProposals(program: Program, run: Run): void {
  const proposals = program.command("proposals").description("maker-checker proposals");
  signerOptions(
    proposals.command("approve <id>").description("approve a proposal (an approver of its unit, never its proposer)"),
  ).action(
    run(async (ctx, id, options) => {
      const proposalId = idOf(id, "proposal");
      const client = await ctx.connectedClient();
      const p = await getProposal(client, ctx.deployment(), proposalId);
      const result = await submit(ctx, options, approveProposal(ctx.deployment(), { proposalId }), [
        `approve proposal ${proposalId}: ${labelOf(PROPOSAL_KIND, p.kind)} of ${formatYuan(p.amount)} yuan of fund ${p.fund}, from ${unitLabel(p.from)} to ${unitLabel(p.to)}`,
        `approval ${p.approvals.length + 1} of ${p.requiredApprovals}${p.approvals.length + 1 >= p.requiredApprovals ? ": this approval executes the movement" : ""}`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
  signerOptions(
    proposals
      .command("reject <id>")
      .description("reject a pending proposal for good (an approver of its unit, not its proposer)")
      .requiredOption("--reason <file>", "the document giving the reason (its hash goes on chain)"),
  ).action(
    run(async (ctx, id, o) => {
      const proposalId = idOf(id, "proposal");
      const call = rejectProposal(ctx.deployment(), { proposalId, reasonHash: documentHash(o.reason) });
      const result = await submit(ctx, o, call, [`reject proposal ${proposalId}`]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
  signerOptions(proposals.command("cancel <id>").description("withdraw your own pending proposal")).action(
    run(async (ctx, id, options) => {
      const proposalId = idOf(id, "proposal");
      const result = await submit(ctx, options, cancelProposal(ctx.deployment(), { proposalId }), [
        `cancel proposal ${proposalId}`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
  proposals
    .command("list")
    .description("proposals, newest first: pending ones unless --all")
    .option("--all", "every status, not only pending")
    .option("--fund <id>", "only this fund")
    .option("--unit <code>", "only proposals acted on by this unit")
    .addOption(editionOption("--unit"))
    .option("--limit <n>", "at most this many", "100")
    .action(
      run(async (ctx, o) => {
        const client = await ctx.connectedClient();
        const d = ctx.deployment();
        const [count, now] = await Promise.all([
          read(client, d, "ledger", "proposalCount", []),
          client.getBlock().then((b) => b.timestamp),
        ]);
        const unit = o.unit === undefined ? undefined : unitOf(o.unit, o.edition).toLowerCase();
        const fund = o.fund === undefined ? undefined : idOf(o.fund, "fund");
        const limit = Number(o.limit);
        const found: Record<string, unknown>[] = [];
        // Newest first, read in parallel chunks.
        for (let high = count; high >= 1n && found.length < limit; high -= 32n) {
          const ids = Array.from({ length: Number(high >= 32n ? 32n : high) }, (_, i) => high - BigInt(i));
          const chunk = await Promise.all(ids.map((pid) => getProposal(client, d, pid)));
          chunk.forEach((p, i) => {
            if (found.length >= limit) return;
            const expired = isProposalExpired(p, now);
            if (o.all !== true && (p.status !== ProposalStatus.Pending || expired)) return;
            if (fund !== undefined && p.fund !== fund) return;
            if (unit !== undefined && p.unit.toLowerCase() !== unit) return;
            found.push({
              id: ids[i],
              kind: labelOf(PROPOSAL_KIND, p.kind),
              status: expired ? "expired" : labelOf(PROPOSAL_STATUS, p.status),
              fund: p.fund,
              from: p.from,
              to: p.to,
              amount: p.amount,
              proposer: p.proposer,
              approvals: p.approvals.length,
              requiredApprovals: p.requiredApprovals,
            });
          });
        }
        ctx.out.result(found, () =>
          found.length === 0
            ? "no proposals"
            : found
                .map(
                  (p) =>
                    `${String(p.id).padStart(5)}  ${String(p.status).padEnd(9)} ${String(p.kind).padEnd(11)} fund ${String(p.fund).padEnd(4)} ${unitLabel(String(p.from)).padEnd(16)} -> ${unitLabel(String(p.to)).padEnd(16)} ${formatYuan(p.amount as bigint).padStart(18)}  ${String(p.approvals)}/${String(p.requiredApprovals)}`,
                )
                .join("\n"),
        );
      }),
    );
  proposals
    .command("show <id>")
    .description("a proposal: kind, fund, from, to, amount, proposer, approvals, status")
    .action(
      run(async (ctx, id) => {
        const client = await ctx.connectedClient();
        const proposalId = idOf(id, "proposal");
        const [p, now] = await Promise.all([
          getProposal(client, ctx.deployment(), proposalId),
          client.getBlock().then((b) => b.timestamp),
        ]);
        const expired = isProposalExpired(p, now);
        const data = {
          id: proposalId,
          ...p,
          kind: labelOf(PROPOSAL_KIND, p.kind),
          status: expired ? "expired" : labelOf(PROPOSAL_STATUS, p.status),
          expiresAt: proposalExpiresAt(p),
        };
        ctx.out.result(data, () =>
          [
            `proposal  ${data.id} (${data.status}): ${data.kind} of ${formatYuan(p.amount)} yuan of fund ${p.fund}`,
            `from      ${unitLabel(p.from)}`,
            `to        ${unitLabel(p.to)}`,
            `proposer  ${p.proposer}`,
            `approvals ${p.approvals.length} of ${p.requiredApprovals}: ${p.approvals.join(", ") || "none"}`,
            ...(p.status === ProposalStatus.Pending
              ? [`${expired ? "expired" : "expires"}   ${dateOf(data.expiresAt)}`]
              : []),
          ].join("\n"),
        );
      }),
    );
}
