/** `fundtrace units register | policy` and `fundtrace officers add | remove` (the registrar's commands). */
import { zeroAddress } from "viem";

import {
  addApprover,
  addPreparer,
  checkEdition,
  type DivisionCode,
  formatDivisionCode,
  formatYuan,
  parseDivisionCode,
  parseYuan,
  read,
  registerUnit,
  removeApprover,
  removePreparer,
  setApprovalPolicy,
  setFiscalParent,
  unitAddress,
} from "@fundtrace/sdk";
import type { Program, Run } from "../context.ts";
import { addressOf } from "../accounts.ts";
import { CliError } from "../errors.ts";
import { documentHash, unitOf } from "../inputs.ts";
import { type Encoding, Problems, readTable } from "../spreadsheet.ts";
import { describeEvents, submit, submitAll } from "../transactions.ts";
import { editionOption, encodingOption, signerOptions } from "../options.ts";

export const UNIT_CODE_TITLES = ["代码", "行政区划代码", "统计用区划代码", "code", "division_code"];
export const UNIT_NAME_TITLES = ["名称", "单位名称", "name"];

/** Reads a CSV of division codes, every row validated; returned parents first. */
function readUnitSheet(path: string, encoding: Encoding): { code: DivisionCode; line: number; name: string }[] {
  const table = readTable(
    path,
    [
      { name: "code", titles: UNIT_CODE_TITLES, required: true },
      { name: "name", titles: UNIT_NAME_TITLES, required: false },
    ],
    encoding,
  );
  const problems = new Problems(path);
  const seen = new Map<bigint, number>();
  const out: { code: DivisionCode; line: number; name: string }[] = [];
  for (const row of table.rows) {
    try {
      const code = parseDivisionCode(row.cells.code ?? "");
      const first = seen.get(code.code);
      if (first !== undefined)
        problems.add(
          row.line,
          "code",
          "DUPLICATE_UNIT",
          `${formatDivisionCode(code.code)} is already on line ${first}`,
        );
      else {
        seen.set(code.code, row.line);
        out.push({ code, line: row.line, name: row.cells.name ?? "" });
      }
    } catch (error) {
      problems.add(row.line, "code", "DIVISION_CODE_INVALID", (error as Error).message);
    }
  }
  if (table.rows.length === 0) problems.add(1, "code", "FIELD_MISSING", "the sheet has no units");
  problems.throwIfAny();
  return out.sort((a, b) => a.code.level - b.code.level || (a.code.code < b.code.code ? -1 : 1));
}

export function registerRegistry(program: Program, run: Run): void {
  const units = program.commands.find((c) => c.name() === "units")!;
  signerOptions(
    units
      .command("register [code]")
      .description("register a unit under its parent, or every unit of a CSV of codes, parents first (registrar only)")
      .option(
        "--csv <file>",
        "a CSV with a code column (代码 / 行政区划代码 / code) and optionally a name column; units already registered are skipped",
      )
      .addOption(encodingOption())
      .addOption(editionOption())
      .option("--parent-edition <year>", "edition of the parent's code (default: the same)"),
  ).action(
    run(async (ctx, code, o) => {
      const edition = checkEdition(Number(o.edition));
      const parentEdition = Number(o.parentEdition ?? edition);
      if ((code === undefined) === (o.csv === undefined))
        throw new CliError("USAGE", "give a division code or --csv <file>, not both");
      // Exactly one of the two is given (checked above).
      const codes =
        o.csv === undefined
          ? [{ code: parseDivisionCode(code ?? ""), line: 0, name: "" }]
          : readUnitSheet(o.csv, o.encoding);
      const client = await ctx.connectedClient();
      const d = ctx.deployment();
      // From a sheet, units already registered are skipped so that a run can be repeated; a single code goes to the
      // contract as given.
      const registered =
        o.csv === undefined
          ? [false]
          : await Promise.all(
              codes.map((c) => read(client, d, "registry", "isUnit", [unitAddress(c.code.code, edition)])),
            );
      const pending = codes.filter((_, i) => !registered[i]);
      if (o.csv !== undefined) {
        // Every new unit's parent must be registered already or come earlier in this run.
        const known = new Set(codes.filter((_, i) => registered[i]).map((c) => c.code.code));
        const problems = new Problems(o.csv);
        for (const c of pending) {
          const parent = c.code.parent;
          if (parent !== 0n && !known.has(parent) && !codes.some((x) => x.code.code === parent)) {
            const onChain = await read(client, d, "registry", "isUnit", [unitAddress(parent, parentEdition)]);
            if (!onChain)
              problems.add(
                c.line,
                "code",
                "PARENT_UNKNOWN",
                `parent ${formatDivisionCode(parent)} is neither registered nor in the file`,
              );
          }
          known.add(c.code.code);
        }
        problems.throwIfAny();
      }
      const calls = pending.map((c) =>
        registerUnit(d, {
          code: c.code.code,
          edition,
          level: c.code.level,
          parent: c.code.parent === 0n ? zeroAddress : unitAddress(c.code.parent, parentEdition),
        }),
      );
      const review = pending.map(
        (c) =>
          `register ${formatDivisionCode(c.code.code)}${c.name === "" ? "" : ` ${c.name}`} (edition ${edition}) at ${unitAddress(c.code.code, edition)}`,
      );
      if (codes.length > pending.length)
        review.push(`${codes.length - pending.length} unit(s) already registered: skipped`);
      const results = await submitAll(
        ctx,
        o,
        calls,
        review.length > 12 ? [...review.slice(0, 10), `... and ${review.length - 10} more`] : review,
      );
      if (o.csv === undefined) {
        const result = results[0]!;
        ctx.out.result(result, () => describeEvents(result));
        return;
      }
      const data = {
        registered: pending.length,
        skipped: codes.length - pending.length,
        dryRun: ctx.options.dryRun === true,
        transactions: results.map((r) => r.hash),
      };
      ctx.out.result(
        data,
        () =>
          `${data.dryRun ? "would register" : "registered"} ${data.registered} unit(s); ${data.skipped} already registered`,
      );
    }),
  );

  signerOptions(
    units
      .command("policy <code>")
      .description("set how many approvals a unit's movements need, by amount (registrar only)")
      .requiredOption("--approvals <n>", "approvals for any amount (at least 1)")
      .option(
        "--tier <above:approvals...>",
        "more approvals above an amount in yuan, e.g. 1,000,000:3 (repeatable, ascending)",
      )
      .addOption(editionOption()),
  ).action(
    run(async (ctx, code, o) => {
      const base = Number(o.approvals);
      if (!Number.isInteger(base) || base < 1 || base > 255)
        throw new CliError("USAGE", `--approvals must be 1 to 255, not "${o.approvals}"`);
      const tiers = (o.tier ?? []).map((t) => {
        const at = t.lastIndexOf(":");
        const approvals = Number(t.slice(at + 1));
        if (at < 1 || !Number.isInteger(approvals) || approvals < 1 || approvals > 255)
          throw new CliError("USAGE", `--tier must look like 1,000,000:3, not "${t}"`);
        return { above: parseYuan(t.slice(0, at)), approvals };
      });
      const unit = unitOf(code, o.edition);
      const call = setApprovalPolicy(ctx.deployment(), { unit, baseApprovals: base, tiers });
      const result = await submit(ctx, o, call, [
        `approval policy of ${code}: ${base} approval(s)${tiers.map((t) => `, ${t.approvals} above ${formatYuan(t.above)} yuan`).join("")}`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  signerOptions(
    units
      .command("fiscal-parent <code> <parentCode>")
      .description(
        "place a unit under one of its ancestors for allocations, returns and reclaims (省直管县: a county under its province); its own parent undoes it (governed)",
      )
      .requiredOption("--document <file>", "the decision that sets the arrangement (its hash goes on chain)")
      .addOption(editionOption()),
  ).action(
    run(async (ctx, code, parentCode, o) => {
      const call = setFiscalParent(ctx.deployment(), {
        unit: unitOf(code, o.edition),
        fiscalParent: unitOf(parentCode, o.edition),
        documentHash: documentHash(o.document),
      });
      const result = await submit(ctx, o, call, [
        `${code} takes its allocations from ${parentCode}, and returns to it, from now on`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  const officers = program.command("officers").description("preparers and approvers of a unit (registrar only)");
  for (const verb of ["add", "remove"] as const) {
    signerOptions(
      officers
        .command(`${verb} <code> <role> <account>`)
        .description(
          `${verb} a preparer or approver (an address, or an account name from \`accounts list\`) of the unit with this division code`,
        )
        .addOption(editionOption()),
    ).action(
      run(async (ctx, code, role, address, o) => {
        const unit = unitOf(code, o.edition);
        const account = addressOf(ctx.config, address);
        const builders = {
          add: { preparer: addPreparer, approver: addApprover },
          remove: { preparer: removePreparer, approver: removeApprover },
        }[verb];
        if (role !== "preparer" && role !== "approver")
          throw new CliError("USAGE", `role must be "preparer" or "approver", not "${role}"`);
        const build = builders[role];
        const result = await submit(ctx, o, build(ctx.deployment(), { unit, account }), [
          `${verb} ${role} ${account} of unit ${code}`,
        ]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
  }
}
