/**
 * `fundtrace freeze | unfreeze` and `fundtrace finding`: inspectors' actions (inspector role). Each freeze is one
 * office's case; only that office, or the council by proposal, lifts it.
 */
import { isHex } from "viem";

import {
  FINDING_CATEGORIES,
  type FindingTarget,
  freezeFund,
  freezeUnit,
  isFindingCategoryName,
  liftFreeze,
  listFreezes,
  proposeGovernance,
  RecordKind,
  recordFinding,
} from "@fundtrace/sdk";
import type { Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { documentHash, idOf, unitOf } from "../inputs.ts";
import { dateOf, unitLabel } from "../labels.ts";
import { describeEvents, submit } from "../transactions.ts";
import { editionOption, signerOptions } from "../options.ts";

const DECISION = "the supervision decision (its hash goes on chain)";

export function registerSupervision(program: Program, run: Run): void {
  const freeze = program
    .command("freeze")
    .description("freeze a unit or a fund for your office (inspector role): nothing leaves it, money still arrives");
  signerOptions(
    freeze
      .command("unit <code>")
      .description("freeze the unit with this division code; the freeze id is the case's number")
      .requiredOption("--document <file>", DECISION)
      .addOption(editionOption()),
  ).action(
    run(async (ctx, code, o) => {
      const unit = unitOf(code, o.edition);
      const call = freezeUnit(ctx.deployment(), { unit, documentHash: documentHash(o.document) });
      const result = await submit(ctx, o, call, [`freeze unit ${code} (${unit})`]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
  signerOptions(
    freeze
      .command("fund <id>")
      .description("freeze a whole fund; the freeze id is the case's number")
      .requiredOption("--document <file>", DECISION),
  ).action(
    run(async (ctx, id, o) => {
      const fund = idOf(id, "fund");
      const call = freezeFund(ctx.deployment(), { fund, documentHash: documentHash(o.document) });
      const result = await submit(ctx, o, call, [`freeze fund ${fund}`]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
  freeze
    .command("list")
    .description("freezes in force (every freeze with --all): case, what, office, dates")
    .option("--all", "include lifted freezes")
    .action(
      run(async (ctx, o) => {
        const freezes = await listFreezes(await ctx.connectedClient(), ctx.deployment(), {
          inForceOnly: o.all !== true,
        });
        ctx.out.result(freezes, () =>
          freezes.length === 0
            ? "no freezes in force"
            : freezes
                .map((f) => {
                  const what =
                    f.kind === RecordKind.Unit
                      ? `unit ${unitLabel(`0x${f.target.toString(16).padStart(40, "0")}`)}`
                      : `fund ${f.target}`;
                  const state =
                    f.liftedAt === 0n ? "in force" : `lifted ${dateOf(f.liftedAt)} by ${unitLabel(f.liftedBy)}`;
                  return `freeze ${f.id}: ${what}, by office ${f.office} on ${dateOf(f.frozenAt)}, ${state}`;
                })
                .join("\n"),
        );
      }),
    );

  signerOptions(
    program
      .command("unfreeze <freezeId>")
      .description(
        "lift a freeze: the office that froze sends it; --council proposes it to the council instead (for a freeze whose office is gone)",
      )
      .requiredOption("--document <file>", "the decision that lifts it (its hash goes on chain)")
      .option("--council", "send as a council proposal from a council member"),
  ).action(
    run(async (ctx, id, o) => {
      const freezeId = idOf(id, "freeze");
      const lift = liftFreeze(ctx.deployment(), { freezeId, documentHash: documentHash(o.document) });
      const line = `lift freeze ${freezeId}`;
      const call =
        o.council === true
          ? proposeGovernance(await ctx.councilDeployment(), { calls: [lift], description: line })
          : lift;
      const result = await submit(ctx, o, call, [o.council === true ? `governance proposal: ${line}` : line]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

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
