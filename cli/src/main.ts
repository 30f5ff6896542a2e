/**
 * fundtrace: the finance-bureau command line. One file per command group
 * under commands/; errors become stable codes in errors.ts; output rules in
 * output.ts.
 */
import { readFileSync } from "node:fs";

import { Command, CommanderError } from "@commander-js/extra-typings";

import { registerAccounts } from "./commands/accounts.ts";
import { registerAudit } from "./commands/audit.ts";
import { registerDeploy } from "./commands/deploy.ts";
import { registerMigration } from "./commands/migration.ts";
import { registerFunds } from "./commands/funds.ts";
import { registerGovernance } from "./commands/governance.ts";
import { registerPayments } from "./commands/payments.ts";
import { registerProposals } from "./commands/proposals.ts";
import { registerRegistry } from "./commands/registry.ts";
import { registerRosters } from "./commands/rosters.ts";
import { registerSupervision } from "./commands/supervision.ts";
import { registerInit } from "./commands/init.ts";
import { registerNetwork } from "./commands/network.ts";
import { registerUnits } from "./commands/units.ts";
import { Context, type Run } from "./context.ts";
import { CliError, EXIT, toCliError } from "./errors.ts";
import { createOutput } from "./output.ts";

const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
  .version;

/** Where a run writes: the process's own streams unless given (the demo captures them). */
export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Runs the CLI on `argv` (as process.argv); returns the exit code. */
export async function main(
  argv: string[],
  streams: Streams = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const json = argv.includes("--json");
  const out = createOutput(json, streams.stdout, streams.stderr);
  let exitCode: number = EXIT.ok;

  const program = new Command("fundtrace")
    .description("FundTrace: record, approve, publish, pay and audit poverty-relief funds on a consortium chain")
    .version(VERSION)
    .option("--json", "print one JSON envelope on stdout")
    .option(
      "--network <name>",
      "network profile from the config (default: the config's defaultNetwork, or FUNDTRACE_NETWORK)",
    )
    .option("--config <file>", "config file (default: ./fundtrace.config.json, or FUNDTRACE_CONFIG)")
    .option("-y, --yes", "do not ask for confirmation before sending")
    .option("--dry-run", "simulate writes without sending them")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => streams.stdout.write(s),
      // Usage errors are reported once, through the error path below.
      writeErr: () => undefined,
    })
    .showHelpAfterError(false);

  const run: Run =
    (action) =>
    async (...args) => {
      const ctx = new Context(program.opts(), out);
      await action(ctx, ...args);
    };

  registerInit(program, run);
  registerAccounts(program, run);
  registerNetwork(program, run);
  registerDeploy(program, run);
  registerUnits(program, run);
  registerRegistry(program, run);
  registerGovernance(program, run);
  registerFunds(program, run);
  registerProposals(program, run);
  registerRosters(program, run);
  registerPayments(program, run);
  registerSupervision(program, run);
  registerMigration(program, run);
  registerAudit(program, run);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok; // --help, --version
      const failure = new CliError("USAGE", error.message.replace(/^error: /, ""), { commanderCode: error.code });
      out.failure(failure);
      return failure.exitCode;
    }
    const failure = toCliError(error);
    out.failure(failure);
    exitCode = failure.exitCode;
  }
  return exitCode;
}
