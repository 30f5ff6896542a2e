/** `fundtrace freeze | unfreeze` and `fundtrace finding`: inspectors' actions (inspector role). */
import type { Command } from "commander";
import { type Hex, isHex } from "viem";

import { freezeFund, freezeUnit, RecordKind, recordFinding, unfreezeFund, unfreezeUnit } from "../../../sdk/src/index.ts";
import type { Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { documentHash, idOf, unitOf } from "../inputs.ts";
import { describeEvents, type SignerOptions, submit } from "../transactions.ts";
import { signerOptions } from "./governance.ts";

/** Finding categories the CLI names (docs/contracts.md); any number 1-65535 is accepted too. */
export const FINDING_CATEGORIES: Record<string, number> = {
  withholding: 1,
  diversion: 2,
  "false-claim": 3,
  "idle-funds": 4,
  favouritism: 5,
  "no-announcement": 6,
  other: 99,
};

export function registerSupervision(program: Command, run: Run): void {
  for (const verb of ["freeze", "unfreeze"] as const) {
    const group = program.command(verb).description(`${verb} a unit or a fund (inspector role)${verb === "freeze" ? ": nothing leaves it, money still arrives" : ""}`);
    signerOptions(
      group
        .command("unit <code>")
        .description(`${verb} the unit with this division code`)
        .requiredOption("--document <file>", "the supervision decision (its hash goes on chain)")
        .option("--edition <year>", "division-code edition", "2023"),
    ).action(
      run(async (ctx, code, options) => {
        const o = options as SignerOptions & { document: string; edition: string };
        const unit = unitOf(String(code), o.edition);
        const build = verb === "freeze" ? freezeUnit : unfreezeUnit;
        const result = await submit(ctx, o, build(ctx.deployment(), { unit, documentHash: documentHash(o.document) }), [`${verb} unit ${String(code)} (${unit})`]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
    signerOptions(
      group
        .command("fund <id>")
        .description(`${verb} a whole fund`)
        .requiredOption("--document <file>", "the supervision decision (its hash goes on chain)"),
    ).action(
      run(async (ctx, id, options) => {
        const o = options as SignerOptions & { document: string };
        const fund = idOf(id, "fund");
        const build = verb === "freeze" ? freezeFund : unfreezeFund;
        const result = await submit(ctx, o, build(ctx.deployment(), { fund, documentHash: documentHash(o.document) }), [`${verb} fund ${fund}`]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
  }

  signerOptions(
    program
      .command("finding <kind> <record>")
      .description("record an audit finding (inspector role) against a unit (code), fund, proposal or roster (id), roster entry (roster:entry) or transaction (hash)")
      .requiredOption("--category <name|n>", `finding category: ${Object.keys(FINDING_CATEGORIES).join(", ")}, or a number`)
      .requiredOption("--document <file>", "the finding document (its hash goes on chain)")
      .option("--edition <year>", "division-code edition of a unit", "2023"),
  ).action(
    run(async (ctx, kind, record, options) => {
      const o = options as SignerOptions & { category: string; document: string; edition: string };
      const text = String(record);
      let recordId: bigint;
      let recordKind: number;
      switch (String(kind)) {
        case "unit":
          recordKind = RecordKind.Unit;
          recordId = BigInt(unitOf(text, o.edition));
          break;
        case "fund":
        case "proposal":
        case "roster":
          recordKind = { fund: RecordKind.Fund, proposal: RecordKind.Proposal, roster: RecordKind.Roster }[String(kind) as "fund"];
          recordId = idOf(text, String(kind));
          break;
        case "entry": {
          const [roster, entry] = text.split(":");
          if (entry === undefined || !/^\d+$/.test(entry)) throw new CliError("USAGE", `an entry is <roster>:<entry index>, not "${text}"`);
          recordKind = RecordKind.RosterEntry;
          recordId = (idOf(roster, "roster") << 32n) | BigInt(entry);
          break;
        }
        case "transaction":
          if (!isHex(text) || text.length !== 66) throw new CliError("USAGE", `a transaction is a 32-byte hash, not "${text}"`);
          recordKind = RecordKind.Transaction;
          recordId = BigInt(text as Hex);
          break;
        default:
          throw new CliError("USAGE", `kind must be unit, fund, proposal, roster, entry or transaction, not "${String(kind)}"`);
      }
      const category = FINDING_CATEGORIES[o.category] ?? Number(o.category);
      if (!Number.isInteger(category) || category < 1 || category > 65_535) {
        throw new CliError("USAGE", `--category must be one of ${Object.keys(FINDING_CATEGORIES).join(", ")} or a number 1-65535`);
      }
      const call = recordFinding(ctx.deployment(), { kind: recordKind, recordId, category, documentHash: documentHash(o.document) });
      const result = await submit(ctx, o, call, [`record a finding (category ${category}) against ${String(kind)} ${text}`]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
}
