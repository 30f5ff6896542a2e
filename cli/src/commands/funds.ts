/**
 * `fundtrace fund propose | show | tree` and the proposals that move a
 * fund's money: `fundtrace allocate | return | reclaim`.
 */
import type { Command, OptionValues } from "@commander-js/extra-typings";
import {
  budgetLineHash,
  type ContractCall,
  FundSource,
  type FundTree,
  type FundTreeNode,
  readFundTree,
  TransferType,
  formatDivisionCode,
  formatYuan,
  getAccount,
  getFund,
  MAX_INSTALMENTS,
  parseDivisionCode,
  parseYuan,
  proposeAllocation,
  proposeFund,
  proposeReclaim,
  proposeReturn,
} from "@fundtrace/sdk";
import type { Context, Program, Run } from "../context.ts";
import { FUND_STATUS, labelOf, LEVEL_NAMES, timesText, unitLabel } from "../labels.ts";
import { CliError } from "../errors.ts";
import { describeEvents, type SignerOptions, submit } from "../transactions.ts";
import { editionOption, signerOptions } from "../options.ts";
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
    const width = Array.from(label).reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
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

export function registerFunds(program: Program, run: Run): void {
  const fund = program.command("fund").description("funds from provincial budget lines");
  signerOptions(
    fund
      .command("propose")
      .description("propose a fund at the province (a province preparer); approvers then approve the proposal")
      .requiredOption("--province <code>", "the province's division code")
      .requiredOption("--budget-line <id>", "budget-line identifier (unique)")
      .requiredOption("--year <year>", "fiscal year")
      .requiredOption(
        "--category <n>",
        "purpose category: 1 industry, 2 education, 3 medical aid, 4 housing, 5 living subsidy, 9 other",
      )
      .requiredOption("--amount <yuan>", "amount in yuan, e.g. 1,000,000.00")
      .requiredOption("--document <file>", "the approving budget document (its hash goes on chain)")
      .option("--source <source>", "central or local", "central")
      .option("--type <type>", "general or special transfer", "general")
      .option(
        "--instalments <n>",
        `how many times the fund may pay one household, each on its own roster (1 to ${MAX_INSTALMENTS})`,
        "1",
      )
      .addOption(editionOption()),
  ).action(
    run(async (ctx, o) => {
      const amount = parseYuan(o.amount);
      if (!["central", "local"].includes(o.source))
        throw new CliError("USAGE", `--source must be central or local, not ${o.source}`);
      if (!["general", "special"].includes(o.type))
        throw new CliError("USAGE", `--type must be general or special, not ${o.type}`);
      const instalments = Number(o.instalments);
      if (!Number.isInteger(instalments) || instalments < 1 || instalments > MAX_INSTALMENTS)
        throw new CliError(
          "USAGE",
          `--instalments must be a whole number from 1 to ${MAX_INSTALMENTS}, not "${o.instalments}"`,
        );
      const terms = {
        province: unitOf(o.province, o.edition),
        budgetLine: budgetLineHash(o.budgetLine),
        fiscalYear: Number(o.year),
        category: Number(o.category),
        source: o.source === "central" ? FundSource.Central : FundSource.Local,
        transferType: o.type === "general" ? TransferType.General : TransferType.Special,
        amount,
        documentHash: documentHash(o.document),
        instalments,
      };
      const result = await submit(ctx, o, proposeFund(ctx.deployment(), terms), [
        `propose fund "${o.budgetLine}" (${o.year}, category ${o.category}, ${o.source}, ${o.type}) of ${formatYuan(amount)} yuan at province ${o.province}`,
        `each household is paid ${timesText(instalments)} at most`,
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
        const data = {
          id: fundId,
          status: labelOf(FUND_STATUS, f.status),
          ...f.terms,
          paid: f.paid,
          failed: f.failed,
          createdAt: f.createdAt,
        };
        ctx.out.result(data, () =>
          [
            `fund      ${data.id} (${data.status})`,
            `amount    ${formatYuan(f.terms.amount)} yuan, year ${f.terms.fiscalYear}, category ${f.terms.category}`,
            `province  ${f.terms.province}`,
            `each household is paid ${timesText(f.terms.instalments)} at most`,
            `paid      ${formatYuan(f.paid)} yuan (failed ${formatYuan(f.failed)})`,
          ].join("\n"),
        );
      }),
    );

  /** The options of a proposal that moves money: the approving document, the signer, the edition of the codes. */
  const moveOptions = <A extends unknown[], O extends OptionValues, G extends OptionValues>(
    command: Command<A, O, G>,
  ) =>
    signerOptions(
      command
        .requiredOption("--document <file>", "the approving document (its hash goes on chain)")
        .addOption(editionOption()),
    );

  /** The fund, the amount and the moving unit of a proposal, checked; and what the unit holds of the fund. */
  const moveOf = async (
    ctx: Context,
    fundText: string,
    unitCode: string,
    amountText: string,
    o: { document: string; edition: string },
  ) => {
    const fund = idOf(fundText, "fund");
    const amount = parseYuan(amountText);
    const documentHashOf = documentHash(o.document);
    const unit = unitOf(unitCode, o.edition);
    const d = ctx.deployment();
    const balance = (await getAccount(await ctx.connectedClient(), d, fund, unit)).balance;
    return { fund, amount, documentHash: documentHashOf, unit, d, balance };
  };

  const propose = async (
    ctx: Context,
    o: SignerOptions,
    call: ContractCall,
    line: string,
    holder: string,
    balance: bigint,
  ) => {
    const result = await submit(ctx, o, call, [
      line,
      `${holder} holds ${formatYuan(balance)} yuan of this fund; approvers then approve the proposal`,
    ]);
    ctx.out.result(result, () => describeEvents(result));
  };

  moveOptions(
    program
      .command("allocate <fund> <from-code> <to-code> <amount>")
      .description(
        "propose to allocate money of a fund from a unit to one of its direct children (a preparer of the unit)",
      ),
  ).action(
    run(async (ctx, fundText, fromCode, toCode, amountText, o) => {
      const m = await moveOf(ctx, fundText, fromCode, amountText, o);
      const to = unitOf(toCode, o.edition);
      const call = proposeAllocation(m.d, {
        fund: m.fund,
        from: m.unit,
        to,
        amount: m.amount,
        documentHash: m.documentHash,
      });
      await propose(
        ctx,
        o,
        call,
        `allocate ${formatYuan(m.amount)} yuan of fund ${m.fund} from ${unitLabel(m.unit)} to ${unitLabel(to)}`,
        "the unit",
        m.balance,
      );
    }),
  );

  moveOptions(
    program
      .command("return <fund> <from-code> <amount>")
      .description("propose to return unspent money of a fund from a unit to its parent (a preparer of the unit)"),
  ).action(
    run(async (ctx, fundText, fromCode, amountText, o) => {
      const m = await moveOf(ctx, fundText, fromCode, amountText, o);
      const parent = parseDivisionCode(fromCode).parent;
      const call = proposeReturn(m.d, { fund: m.fund, from: m.unit, amount: m.amount, documentHash: m.documentHash });
      await propose(
        ctx,
        o,
        call,
        `return ${formatYuan(m.amount)} yuan of fund ${m.fund} from ${unitLabel(m.unit)} to ${formatDivisionCode(parent)}`,
        "the unit",
        m.balance,
      );
    }),
  );

  moveOptions(
    program
      .command("reclaim <fund> <child-code> <amount>")
      .description("propose that a unit takes money of a fund back from a child (a preparer of the parent)"),
  ).action(
    run(async (ctx, fundText, childCode, amountText, o) => {
      const m = await moveOf(ctx, fundText, childCode, amountText, o);
      const parent = parseDivisionCode(childCode).parent;
      const call = proposeReclaim(m.d, { fund: m.fund, child: m.unit, amount: m.amount, documentHash: m.documentHash });
      await propose(
        ctx,
        o,
        call,
        `reclaim ${formatYuan(m.amount)} yuan of fund ${m.fund} from ${unitLabel(m.unit)} to ${formatDivisionCode(parent)}`,
        "the child",
        m.balance,
      );
    }),
  );

  fund
    .command("tree <id>")
    .description(
      "where a fund's money is: every unit that received any, province to villages, and a reconciliation to the fen",
    )
    .option("--names <csv>", "label units with names from a CSV of codes and names (as `units register --csv` reads)")
    .action(
      run(async (ctx, id, o) => {
        const fundId = idOf(id, "fund");
        const names = o.names === undefined ? undefined : readUnitNames(o.names);
        const client = await ctx.connectedClient();
        const tree = await readFundTree(client, ctx.deployment(), fundId);
        ctx.out.result(tree, () => renderTree(tree, names));
      }),
    );
}
