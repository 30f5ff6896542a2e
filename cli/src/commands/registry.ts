/** `fundtrace units register` and `fundtrace officers add | remove`. */
import type { Command } from "commander";
import { getAddress, zeroAddress } from "viem";

import { addApprover, addPreparer, checkEdition, formatDivisionCode, parseDivisionCode, removeApprover, removePreparer, registerUnit, unitAddress } from "../../../sdk/src/index.ts";
import type { Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { describeEvents, type SignerOptions, submit } from "../transactions.ts";
import { signerOptions } from "./governance.ts";

/** A unit given by its division code (and edition) on the command line. */
export function unitOf(code: string, edition: string): `0x${string}` {
  return unitAddress(parseDivisionCode(code, { strict: false }).code, checkEdition(Number(edition)));
}

export function registerRegistry(program: Command, run: Run): void {
  const units = program.commands.find((c) => c.name() === "units")!;
  signerOptions(
    units
      .command("register <code>")
      .description("register a unit under its parent (registrar only)")
      .option("--edition <year>", "division-code edition", "2023")
      .option("--parent-edition <year>", "edition of the parent's code (default: the same)"),
  ).action(
    run(async (ctx, code, options) => {
      const o = options as SignerOptions & { edition: string; parentEdition?: string };
      const parsed = parseDivisionCode(String(code));
      const edition = checkEdition(Number(o.edition));
      const parent = parsed.parent === 0n ? zeroAddress : unitAddress(parsed.parent, Number(o.parentEdition ?? edition));
      const call = registerUnit(ctx.deployment(), { code: parsed.code, edition, level: parsed.level, parent });
      const result = await submit(ctx, o, call, [
        `register unit ${formatDivisionCode(parsed.code)} (edition ${edition}) at ${unitAddress(parsed.code, edition)}`,
        `parent ${parsed.parent === 0n ? "none (province)" : formatDivisionCode(parsed.parent)}`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  const officers = program.command("officers").description("preparers and approvers of a unit (registrar only)");
  for (const verb of ["add", "remove"] as const) {
    signerOptions(
      officers
        .command(`${verb} <code> <role> <address>`)
        .description(`${verb} a preparer or approver of the unit with this division code`)
        .option("--edition <year>", "division-code edition", "2023"),
    ).action(
      run(async (ctx, code, role, address, options) => {
        const o = options as SignerOptions & { edition: string };
        const unit = unitOf(String(code), o.edition);
        const account = getAddress(String(address));
        const builders = {
          add: { preparer: addPreparer, approver: addApprover },
          remove: { preparer: removePreparer, approver: removeApprover },
        }[verb];
        const build = builders[String(role) as "preparer" | "approver"];
        if (build === undefined) throw new CliError("USAGE", `role must be "preparer" or "approver", not "${String(role)}"`);
        const result = await submit(ctx, o, build(ctx.deployment(), { unit, account }), [`${verb} ${String(role)} ${account} of unit ${String(code)}`]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
  }
}
