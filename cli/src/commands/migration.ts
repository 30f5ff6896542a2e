/**
 * `fundtrace migrate status | seal | import`: moving a deployment to fixed
 * contracts. `deploy --successor <profile>` deploys the fixed ledger on the
 * same registry; `migrate seal <profile>` proposes to the council to seal the
 * current deployment in its favour (public for the whole governance delay, a
 * guardian can veto); once executed, `migrate import` on the successor's
 * profile copies everything, in as many transactions as it takes. Running it
 * again after an interruption carries on where the chain says it stopped.
 */
import { type Address, isAddress } from "viem";

import {
  assertReadyToImport,
  assertSuccessorOf,
  type Deployment,
  importFinished,
  importStep,
  IMPORT_ITEMS_PER_STEP,
  type MigrationState,
  readMigration,
  sealLedger,
} from "@fundtrace/sdk";
import { deploymentOf, selectNetwork } from "../config.ts";
import type { Context, Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { documentHash } from "../inputs.ts";
import { signerOptions } from "../options.ts";
import { confirmOrStop, describeEvents, submit, submitAll } from "../transactions.ts";

function describeState(d: Deployment, s: MigrationState): string[] {
  const importing = s.importing.ledger || s.importing.rosterBook;
  return [
    `ledger ${d.ledger}`,
    s.predecessor === undefined ? "a first deployment (no predecessor)" : `successor of ledger ${s.predecessor}`,
    s.successor !== undefined
      ? `SEALED in favour of ledger ${s.successor}: nothing here changes again; use the successor`
      : importing
        ? `importing (ledger ${s.importing.ledger ? "not done" : "done"}, roster book ${s.importing.rosterBook ? "not done" : "done"}): run \`fundtrace migrate import\``
        : "in use",
  ];
}

/** The successor's ledger: a network profile's deployment, or an address. */
function successorLedger(ctx: Context, target: string): Address {
  if (isAddress(target)) return target;
  const d = deploymentOf(ctx.config, selectNetwork(ctx.config, target));
  if (d === undefined) throw new CliError("CONFIG_INVALID", `network profile "${target}" has no deployment`);
  return d.ledger;
}

export function registerMigration(program: Program, run: Run): void {
  const migrate = program
    .command("migrate")
    .description("move the deployment to fixed contracts: deploy --successor, then migrate seal and migrate import");

  migrate
    .command("status")
    .description("whether this deployment is a first one, a successor still importing, in use, or sealed")
    .action(
      run(async (ctx) => {
        const d = ctx.deployment();
        const state = await readMigration(await ctx.connectedClient(), d);
        ctx.out.result(state, () => describeState(d, state).join("\n"));
      }),
    );

  signerOptions(
    migrate
      .command("seal <successor>")
      .description(
        "propose to the council to seal this deployment in favour of <successor> (a network profile from deploy --successor, or its ledger address)",
      )
      .requiredOption("--document <file>", "the decision to migrate (its hash goes on chain)"),
  ).action(
    run(async (ctx, target, o) => {
      const successor = successorLedger(ctx, target);
      const d = await ctx.councilDeployment();
      await assertSuccessorOf(await ctx.connectedClient(), d, successor);
      const call = sealLedger(d, { successor, documentHash: documentHash(o.document) });
      const result = await submit(ctx, o, call, [
        `seal ledger ${d.ledger} and its roster book for good, in favour of ${successor}`,
        "from the execution on, every write here is refused; the successor imports everything",
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  signerOptions(
    migrate
      .command("import")
      .description(
        "on the successor's profile: copy the sealed predecessor's state, step by step, until the successor takes writes (anyone may run it; run it again after an interruption)",
      )
      .option("--items <n>", "records per transaction", String(IMPORT_ITEMS_PER_STEP)),
  ).action(
    run(async (ctx, o) => {
      const items = Number(o.items);
      if (!Number.isInteger(items) || items < 1 || items > 1000)
        throw new CliError("USAGE", `--items must be a whole number from 1 to 1000, not "${o.items}"`);
      const d = ctx.deployment();
      const client = await ctx.connectedClient();
      const before = await assertReadyToImport(client, d);
      ctx.out.log(`  import from ${before.predecessor}, ${items} records per transaction`);
      if (ctx.options.dryRun !== true) await confirmOrStop(ctx, "Send the import transactions?");
      let sent = 0;
      // The chain says where an interrupted import stopped; each step's events say when a contract is done.
      steps: for (const contract of ["ledger", "rosterBook"] as const) {
        for (let done = !before.importing[contract]; !done;) {
          const call = importStep(d, { contract, maxItems: BigInt(items) });
          const [step] = await submitAll(ctx, o, [call], [`import step ${sent + 1} (${contract})`], {
            confirmed: true,
          });
          // A dry run sends nothing: one simulated step shows that the contracts accept it.
          if (step!.dryRun) break steps;
          sent++;
          done = importFinished(contract, step!.events);
        }
      }
      const after = await readMigration(client, d);
      ctx.out.result({ ...after, transactions: sent }, () =>
        [`${sent} import transaction(s) sent`, ...describeState(d, after)].join("\n"),
      );
    }),
  );
}
