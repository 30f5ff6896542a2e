/** `fundtrace freeze | unfreeze` and `fundtrace finding`: inspectors' actions (inspector role). */
import { isHex } from "viem";

import {
  FINDING_CATEGORIES,
  type FindingTarget,
  freezeFund,
  freezeUnit,
  isFindingCategoryName,
  recordFinding,
  unfreezeFund,
  unfreezeUnit,
} from "@fundtrace/sdk";
import type { Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { documentHash, idOf, unitOf } from "../inputs.ts";
import { describeEvents, submit } from "../transactions.ts";
import { editionOption, signerOptions } from "../options.ts";

export function registerSupervision(program: Program, run: Run): void {
  for (const verb of ["freeze", "unfreeze"] as const) {
    const group = program
      .command(verb)
      .description(
        `${verb} a unit or a fund (inspector role)${verb === "freeze" ? ": nothing leaves it, money still arrives" : ""}`,
      );
    signerOptions(
      group
        .command("unit <code>")
        .description(`${verb} the unit with this division code`)
        .requiredOption("--document <file>", "the supervision decision (its hash goes on chain)")
        .addOption(editionOption()),
    ).action(
      run(async (ctx, code, o) => {
        const unit = unitOf(code, o.edition);
        const build = verb === "freeze" ? freezeUnit : unfreezeUnit;
        const result = await submit(ctx, o, build(ctx.deployment(), { unit, documentHash: documentHash(o.document) }), [
          `${verb} unit ${code} (${unit})`,
        ]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
    signerOptions(
      group
        .command("fund <id>")
        .description(`${verb} a whole fund`)
        .requiredOption("--document <file>", "the supervision decision (its hash goes on chain)"),
    ).action(
      run(async (ctx, id, o) => {
        const fund = idOf(id, "fund");
        const build = verb === "freeze" ? freezeFund : unfreezeFund;
        const result = await submit(ctx, o, build(ctx.deployment(), { fund, documentHash: documentHash(o.document) }), [
          `${verb} fund ${fund}`,
        ]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
  }

  signerOptions(
    program
      .command("finding <kind> <record>")
      .description(
        "record an audit finding (inspector role) against a unit (code), fund, proposal or roster (id), roster entry (roster:entry) or transaction (hash)",
      )
      .requiredOption(
        "--category <name|n>",
        `finding category: ${Object.keys(FINDING_CATEGORIES).join(", ")}, or a number`,
      )
      .requiredOption("--document <file>", "the finding document (its hash goes on chain)")
      .addOption(editionOption("a unit")),
  ).action(
    run(async (ctx, kind, record, o) => {
      const text = record;
      let target: FindingTarget;
      switch (kind) {
        case "unit":
          target = { kind: "unit", unit: unitOf(text, o.edition) };
          break;
        case "fund":
          target = { kind: "fund", fund: idOf(text, "fund") };
          break;
        case "proposal":
          target = { kind: "proposal", proposalId: idOf(text, "proposal") };
          break;
        case "roster":
          target = { kind: "roster", rosterId: idOf(text, "roster") };
          break;
        case "entry": {
          const [roster, entry] = text.split(":");
          if (entry === undefined || !/^\d+$/.test(entry))
            throw new CliError("USAGE", `an entry is <roster>:<entry index>, not "${text}"`);
          target = { kind: "entry", rosterId: idOf(roster, "roster"), entry: BigInt(entry) };
          break;
        }
        case "transaction":
          if (!isHex(text) || text.length !== 66)
            throw new CliError("USAGE", `a transaction is a 32-byte hash, not "${text}"`);
          target = { kind: "transaction", hash: text };
          break;
        default:
          throw new CliError("USAGE", `kind must be unit, fund, proposal, roster, entry or transaction, not "${kind}"`);
      }
      const category = isFindingCategoryName(o.category) ? FINDING_CATEGORIES[o.category] : Number(o.category);
      if (!Number.isInteger(category) || category < 1 || category > 65_535) {
        throw new CliError(
          "USAGE",
          `--category must be one of ${Object.keys(FINDING_CATEGORIES).join(", ")} or a number 1-65535`,
        );
      }
      const call = recordFinding(ctx.deployment(), { target, category, documentHash: documentHash(o.document) });
      const result = await submit(ctx, o, call, [`record a finding (category ${category}) against ${kind} ${text}`]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
}
