/**
 * `fundtrace fund propose | show | tree` and the proposals that move a
 * fund's money: `fundtrace allocate | return | reclaim`.
 */
import type { Command, OptionValues } from "@commander-js/extra-typings";
import {
  chainTime,
  chinaDate,
  chinaDateText,
  type ContractCall,
  findFundsByDocument,
  type FundTermsInput,
  type FundTree,
  type FundTreeNode,
  readFundTree,
  TransferType,
  formatDivisionCode,
  formatYuan,
  getAccount,
  getFund,
  Level,
  MAX_INSTALMENTS,
  normaliseDocumentNumber,
  parseDivisionCode,
  programmeOf,
  PROGRAMMES,
  SOURCE_LEVELS,
  type SourceLevelName,
  sourceLevelName,
  parseYuan,
  proposeAllocation,
  proposeAmendment,
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
  const header = `${"unit".padEnd(38)}${"received".padStart(16)} ${"allocated".padStart(16)} ${"paid (net)".padStart(16)} ${"returned".padStart(14)} ${"balance".padStart(14)} ${"households".padStart(14)}`;
  lines.push(header);
  const walk = (node: FundTreeNode, depth: number) => {
    const name = names?.get(node.code);
    const label = `${"  ".repeat(depth)}${node.code} ${name ?? labelOf(LEVEL_NAMES, node.level)}`;
    // CJK characters take two columns in a terminal.
    const width = Array.from(label).reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
    lines.push(
      `${label}${" ".repeat(Math.max(1, 38 - width))}${formatYuan(node.received).padStart(16)} ${formatYuan(node.allocated).padStart(16)} ${formatYuan(node.paidNet).padStart(16)} ${formatYuan(node.returned + node.reclaimed).padStart(14)} ${formatYuan(node.balance).padStart(14)} ${(node.level === Level.Village ? formatYuan(node.households) : "").padStart(14)}${node.frozen ? "  FROZEN" : ""}`,
    );
    for (const child of node.children) walk(child, depth + 1);
  };
  if (tree.root !== null) walk(tree.root, 0);
  const r = tree.reconciliation;
  lines.push(
    "",
    `reconciliation: balances ${formatYuan(r.balances)} + paid to households ${formatYuan(r.paidToHouseholds)} = ${formatYuan(r.sum)} yuan; fund amount ${formatYuan(r.amount)}; token supply ${formatYuan(r.tokenSupply)}; villages' households hold ${formatYuan(r.heldByHouseholds)}`,
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
  const fund = program.command("fund").description("funds from budget documents, at the level whose budget they are");
  const sources = Object.keys(SOURCE_LEVELS).join(", ");
  signerOptions(
    fund
      .command("propose")
      .description(
        "propose a fund at the unit that receives it (a preparer of that unit); its approvers then approve the proposal",
      )
      .requiredOption(
        "--unit <code>",
        "division code of the receiving unit: a province (central, provincial), city or county",
      )
      .requiredOption(
        "--document-number <text>",
        "the budget document's number (文号) as printed, e.g. 黔财农〔2026〕12号",
      )
      .requiredOption(
        "--programme <code>",
        `the programme: ${PROGRAMMES.map((p) => `${p.code} (${p.name})`).join(", ")}`,
      )
      .requiredOption("--classification <code>", "7-digit expenditure function classification code, e.g. 2130505")
      .requiredOption("--year <year>", "fiscal year")
      .requiredOption("--amount <yuan>", "amount in yuan, e.g. 1,000,000.00")
      .requiredOption("--document <file>", "the approving budget document (its hash goes on chain)")
      .option("--source <level>", `whose budget: ${sources}`, "central")
      .option("--type <type>", "general or special transfer", "general")
      .option("--received <date>", "YYYY-MM-DD the unit received the transfer document (required for central)")
      .option("--approved <date>", "YYYY-MM-DD the people's congress approved the budget (required unless central)")
      .option(
        "--instalments <n>",
        `how many times the fund may pay one household, each on its own roster (1 to ${MAX_INSTALMENTS})`,
        "1",
      )
      .addOption(editionOption()),
  ).action(
    run(async (ctx, o) => {
      if (!(o.source in SOURCE_LEVELS))
        throw new CliError("USAGE", `--source must be one of ${sources}, not ${o.source}`);
      if (!["general", "special"].includes(o.type))
        throw new CliError("USAGE", `--type must be general or special, not ${o.type}`);
      const source = SOURCE_LEVELS[o.source as SourceLevelName];
      const terms: FundTermsInput = {
        unit: unitOf(o.unit, o.edition),
        documentNumber: normaliseDocumentNumber(o.documentNumber),
        classification: Number(o.classification),
        programme: o.programme,
        fiscalYear: Number(o.year),
        source: source.value,
        transferType: o.type === "general" ? TransferType.General : TransferType.Special,
        amount: parseYuan(o.amount),
        instalments: Number(o.instalments),
        budgetApprovedAt: o.approved === undefined ? 0n : chinaDate(o.approved, "--approved"),
        receivedAt: o.received === undefined ? 0n : chinaDate(o.received, "--received"),
        documentHash: documentHash(o.document),
      };
      const now = await chainTime(await ctx.connectedClient());
      const result = await submit(ctx, o, proposeFund(ctx.deployment(), terms, now), [
        `propose fund ${terms.documentNumber} (${o.year}, ${o.programme} ${o.classification}, ${o.source} ${o.type}) of ${formatYuan(terms.amount)} yuan at ${o.unit}`,
        `each household is paid ${timesText(terms.instalments ?? 1)} at most`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  signerOptions(
    fund
      .command("amend <id>")
      .description(
        "propose a top-up (追加) or a cut (调减) of a fund under its own budget document (a preparer of the fund's receiving unit)",
      )
      .option("--top-up <yuan>", "add this amount at the fund's receiving unit")
      .option("--cut <yuan>", "take this amount back to the budget from what the receiving unit holds")
      .requiredOption("--document-number <text>", "the amending document's number (文号), e.g. 黔财农〔2026〕30号")
      .requiredOption("--document <file>", "the amending document (its hash goes on chain)"),
  ).action(
    run(async (ctx, id, o) => {
      if ((o.topUp === undefined) === (o.cut === undefined))
        throw new CliError("USAGE", "give either --top-up <yuan> or --cut <yuan>");
      const fundId = idOf(id, "fund");
      const kind = o.topUp === undefined ? "cut" : "top-up";
      const amount = parseYuan(o.topUp ?? o.cut ?? "");
      const call = proposeAmendment(ctx.deployment(), {
        fund: fundId,
        kind,
        amount,
        documentNumber: o.documentNumber,
        documentHash: documentHash(o.document),
      });
      const result = await submit(ctx, o, call, [
        `${kind === "cut" ? "cut" : "top up"} fund ${fundId} by ${formatYuan(amount)} yuan under ${normaliseDocumentNumber(o.documentNumber)}`,
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
          source: sourceLevelName(f.terms.source),
          paid: f.paid,
          failed: f.failed,
          createdAt: f.createdAt,
        };
        const t = f.terms;
        const programme = programmeOf(t.programme);
        ctx.out.result(data, () =>
          [
            `fund      ${data.id} (${data.status})`,
            `document  ${t.documentNumber}`,
            `programme ${t.programme}${programme === undefined ? "" : ` ${programme.name}`}, classification ${t.classification}`,
            `amount    ${formatYuan(t.amount)} yuan, year ${t.fiscalYear}, ${data.source} ${t.transferType === TransferType.General ? "general" : "special"} transfer`,
            `unit      ${t.unit}`,
            `dates     budget approved ${chinaDateText(t.budgetApprovedAt)}, received ${chinaDateText(t.receivedAt)}, created ${chinaDateText(f.createdAt)} (China time)`,
            `each household is paid ${timesText(t.instalments)} at most`,
            `paid      ${formatYuan(f.paid)} yuan (failed ${formatYuan(f.failed)})`,
          ].join("\n"),
        );
      }),
    );

  fund
    .command("find <documentNumber>")
    .description("every fund of a budget document (文号), in the order proposed")
    .action(
      run(async (ctx, documentNumber) => {
        const client = await ctx.connectedClient();
        const found = await findFundsByDocument(client, ctx.deployment(), documentNumber);
        ctx.out.result(found, () =>
          found.length === 0
            ? `no fund has document number ${normaliseDocumentNumber(documentNumber)}`
            : found
                .map(
                  (f) =>
                    `fund ${f.id} (${labelOf(FUND_STATUS, f.status)}): ${formatYuan(f.terms.amount)} yuan, ${f.terms.programme} ${f.terms.classification}, ${sourceLevelName(f.terms.source)}, unit ${f.terms.unit}`,
                )
                .join("\n"),
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
