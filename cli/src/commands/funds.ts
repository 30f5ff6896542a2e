/** `fundtrace fund propose | show` and `fundtrace proposals approve | show`. */
import type { Command } from "commander";
import {
  approveProposal,
  budgetLineHash,
  cancelProposal,
  FundSource,
  type FundTree,
  type FundTreeNode,
  ProposalStatus,
  readFundTree,
  TransferType,
  formatDivisionCode,
  formatYuan,
  getAccount,
  getFund,
  getProposal,
  parseDivisionCode,
  parseYuan,
  proposeAllocation,
  proposeFund,
  proposeReclaim,
  proposeReturn,
  read,
  rejectProposal,
} from "@fundtrace/sdk";
import type { Run } from "../context.ts";
import { FUND_STATUS, labelOf, LEVEL_NAMES, PROPOSAL_KIND, PROPOSAL_STATUS, unitLabel } from "../labels.ts";
import { CliError } from "../errors.ts";
import { describeEvents, type SignerOptions, submit } from "../transactions.ts";
import { signerOptions } from "./governance.ts";
import { documentHash, idOf, unitOf } from "../inputs.ts";
import { readTable } from "../spreadsheet.ts";
import { UNIT_CODE_TITLES, UNIT_NAME_TITLES } from "./registry.ts";

export function renderTree(tree: FundTree, names?: ReadonlyMap<string, string>): string {
  const lines = [`fund ${tree.fund}: ${formatYuan(tree.amount)} yuan`, ""];
  const header = `${"unit".padEnd(38)}${"received".padStart(16)} ${"allocated".padStart(16)} ${"paid (net)".padStart(16)} ${"returned".padStart(14)} ${"balance".padStart(14)}`;
  lines.push(header);
  const walk = (node: FundTreeNode, depth: number) => {
    const name = names?.get(node.code);
    const label = `${"  ".repeat(depth)}${node.code} ${name ?? labelOf(LEVEL_NAMES, node.level)}`;
    // CJK characters take two columns in a terminal.
    const width = [...label].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
    lines.push(
      `${label}${" ".repeat(Math.max(1, 38 - width))}${formatYuan(node.received).padStart(16)} ${formatYuan(node.allocated).padStart(16)} ${formatYuan(node.paidNet).padStart(16)} ${formatYuan(node.returned + node.reclaimed).padStart(14)} ${formatYuan(node.balance).padStart(14)}${node.frozen ? "  FROZEN" : ""}`,
    );
    for (const child of node.children) walk(child, depth + 1);
  };
  if (tree.root !== null) walk(tree.root, 0);
  const r = tree.reconciliation;
  lines.push(
    "",
    `reconciliation: balances ${formatYuan(r.balances)} + paid to households ${formatYuan(r.paidToHouseholds)} = ${formatYuan(r.sum)} yuan; fund amount ${formatYuan(r.amount)}; token supply ${formatYuan(r.tokenSupply)}`,
    `every account balances: ${r.accountsBalance ? "yes" : "NO"}; ${r.balanced ? "balanced to the fen" : "NOT BALANCED"}`,
  );
  return lines.join("\n");
}

/** Unit names by 12-digit code, from a CSV of codes and names (as `units register --csv` reads). */
export function readUnitNames(file: string): Map<string, string> {
  return new Map(
    readTable(file, [
      { name: "code", titles: UNIT_CODE_TITLES, required: true },
      { name: "name", titles: UNIT_NAME_TITLES, required: true },
    ]).rows.map((r) => [(r.cells.code ?? "").replace(/\s/g, ""), r.cells.name ?? ""]),
  );
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
        budgetLine: budgetLineHash(o.budgetLine!),
        fiscalYear: Number(o.year),
        category: Number(o.category),
        source: o.source === "central" ? FundSource.Central : FundSource.Local,
        transferType: o.type === "general" ? TransferType.General : TransferType.Special,
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
        const fundId = idOf(id, "fund");
        const f = await getFund(client, ctx.deployment(), fundId);
        const data = { id: fundId, status: labelOf(FUND_STATUS, f.status), ...f.terms, paid: f.paid, failed: f.failed, createdAt: f.createdAt };
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

  const moves = [
    {
      verb: "allocate",
      description: "propose to allocate money of a fund from a unit to one of its direct children (a preparer of the unit)",
      args: "<fund> <from-code> <to-code> <amount>",
    },
    { verb: "return", description: "propose to return unspent money of a fund from a unit to its parent (a preparer of the unit)", args: "<fund> <from-code> <amount>" },
    { verb: "reclaim", description: "propose that a unit takes money of a fund back from a child (a preparer of the parent)", args: "<fund> <child-code> <amount>" },
  ] as const;
  for (const move of moves) {
    signerOptions(
      program
        .command(`${move.verb} ${move.args}`)
        .description(move.description)
        .requiredOption("--document <file>", "the approving document (its hash goes on chain)")
        .option("--edition <year>", "division-code edition", "2023"),
    ).action(
      run(async (ctx, ...args) => {
        const o = args[args.length - 2] as SignerOptions & { document: string; edition: string };
        const fund = idOf(args[0], "fund");
        const amount = parseYuan(String(args[move.verb === "allocate" ? 3 : 2]));
        const hash = documentHash(o.document);
        const unit = unitOf(String(args[1]), o.edition);
        const d = ctx.deployment();
        const client = await ctx.connectedClient();
        const balance = (await getAccount(client, d, fund, unit)).balance;
        let call;
        let line: string;
        if (move.verb === "allocate") {
          const to = unitOf(String(args[2]), o.edition);
          call = proposeAllocation(d, { fund, from: unit, to, amount, documentHash: hash });
          line = `allocate ${formatYuan(amount)} yuan of fund ${fund} from ${unitLabel(unit)} to ${unitLabel(to)}`;
        } else if (move.verb === "return") {
          const parent = parseDivisionCode(String(args[1])).parent;
          call = proposeReturn(d, { fund, from: unit, amount, documentHash: hash });
          line = `return ${formatYuan(amount)} yuan of fund ${fund} from ${unitLabel(unit)} to ${formatDivisionCode(parent)}`;
        } else {
          const parent = parseDivisionCode(String(args[1])).parent;
          call = proposeReclaim(d, { fund, child: unit, amount, documentHash: hash });
          line = `reclaim ${formatYuan(amount)} yuan of fund ${fund} from ${unitLabel(unit)} to ${formatDivisionCode(parent)}`;
        }
        const source = move.verb === "reclaim" ? "the child" : "the unit";
        const result = await submit(ctx, o, call, [line, `${source} holds ${formatYuan(balance)} yuan of this fund; approvers then approve the proposal`]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
  }

  fund
    .command("tree <id>")
    .description("where a fund's money is: every unit that received any, province to villages, and a reconciliation to the fen")
    .option("--names <csv>", "label units with names from a CSV of codes and names (as `units register --csv` reads)")
    .action(
      run(async (ctx, id, options) => {
        const fundId = idOf(id, "fund");
        const o = options as { names?: string };
        const names = o.names === undefined ? undefined : readUnitNames(o.names);
        const client = await ctx.connectedClient();
        const tree = await readFundTree(client, ctx.deployment(), fundId);
        ctx.out.result(tree, () => renderTree(tree, names));
      }),
    );

  const proposals = program.command("proposals").description("maker-checker proposals");
  signerOptions(proposals.command("approve <id>").description("approve a proposal (an approver of its unit, never its proposer)")).action(
    run(async (ctx, id, options) => {
      const proposalId = idOf(id, "proposal");
      const client = await ctx.connectedClient();
      const p = await getProposal(client, ctx.deployment(), proposalId);
      const result = await submit(ctx, options as SignerOptions, approveProposal(ctx.deployment(), { proposalId }), [
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
    run(async (ctx, id, options) => {
      const o = options as SignerOptions & { reason: string };
      const proposalId = idOf(id, "proposal");
      const call = rejectProposal(ctx.deployment(), { proposalId, reasonHash: documentHash(o.reason) });
      const result = await submit(ctx, o, call, [`reject proposal ${proposalId}`]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
  signerOptions(proposals.command("cancel <id>").description("withdraw your own pending proposal")).action(
    run(async (ctx, id, options) => {
      const proposalId = idOf(id, "proposal");
      const result = await submit(ctx, options as SignerOptions, cancelProposal(ctx.deployment(), { proposalId }), [`cancel proposal ${proposalId}`]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
  proposals
    .command("list")
    .description("proposals, newest first: pending ones unless --all")
    .option("--all", "every status, not only pending")
    .option("--fund <id>", "only this fund")
    .option("--unit <code>", "only proposals acted on by this unit")
    .option("--edition <year>", "division-code edition of --unit", "2023")
    .option("--limit <n>", "at most this many", "100")
    .action(
      run(async (ctx, options) => {
        const o = options as { all?: boolean; fund?: string; unit?: string; edition: string; limit: string };
        const client = await ctx.connectedClient();
        const d = ctx.deployment();
        const count = await read(client, d, "ledger", "proposalCount", []);
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
            if (o.all !== true && p.status !== ProposalStatus.Pending) return;
            if (fund !== undefined && p.fund !== fund) return;
            if (unit !== undefined && p.unit.toLowerCase() !== unit) return;
            found.push({ id: ids[i], kind: labelOf(PROPOSAL_KIND, p.kind), status: labelOf(PROPOSAL_STATUS, p.status), fund: p.fund, from: p.from, to: p.to, amount: p.amount, proposer: p.proposer, approvals: p.approvals.length, requiredApprovals: p.requiredApprovals });
          });
        }
        ctx.out.result(found, () =>
          found.length === 0
            ? "no proposals"
            : found
                .map((p) =>
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
        const p = await getProposal(client, ctx.deployment(), proposalId);
        const data = { id: proposalId, ...p, kind: labelOf(PROPOSAL_KIND, p.kind), status: labelOf(PROPOSAL_STATUS, p.status) };
        ctx.out.result(data, () =>
          [
            `proposal  ${data.id} (${data.status}): ${data.kind} of ${formatYuan(p.amount)} yuan of fund ${p.fund}`,
            `from      ${unitLabel(p.from)}`,
            `to        ${unitLabel(p.to)}`,
            `proposer  ${p.proposer}`,
            `approvals ${p.approvals.length} of ${p.requiredApprovals}: ${p.approvals.join(", ") || "none"}`,
          ].join("\n"),
        );
      }),
    );
}
