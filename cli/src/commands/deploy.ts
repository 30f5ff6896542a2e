/**
 * `fundtrace deploy`: deploys FundTrace to the selected network through the
 * project's Ignition module (ignition/modules/FundTrace.ts), from a keystore
 * account, and records the deployment in the network profile. With
 * `--successor <profile>` it deploys instead a fixed ledger that will take
 * over the selected deployment (ignition/modules/Successor.ts: same registry,
 * the current ledger as predecessor) and records it as a new network profile.
 *
 * The key reaches Hardhat through the child process's environment only
 * (FUNDTRACE_DEPLOYER_KEY), never its command line.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

import { unlockSecret } from "../accounts.ts";
import { deploymentOf } from "../config.ts";
import type { Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { PROJECT_ROOT, runIgnition } from "../ignition.ts";
import { readPassword } from "../secrets.ts";
import { confirmOrStop } from "../transactions.ts";
import { signerOptions } from "../options.ts";

export function registerDeploy(program: Program, run: Run): void {
  signerOptions(
    program
      .command("deploy")
      .description(
        "deploy FundTrace to the selected network with Ignition and record it in the profile; the deploying account becomes the governor",
      )
      .option("--announcement-days <days>", "roster announcement window in days", "10")
      .option("--deployment-id <id>", "Ignition deployment id (default: fundtrace-<network>-<chain id>)")
      .option(
        "--successor <profile>",
        "deploy a successor of this network's deployment (same registry; it takes over once the council seals this one) and record it as network profile <profile>",
      ),
  ).action(
    run(async (ctx, o) => {
      const days = Number(o.announcementDays);
      if (!Number.isInteger(days) || days < 1)
        throw new CliError("USAGE", `--announcement-days must be a whole number of days, not "${o.announcementDays}"`);
      if (o.from === undefined)
        throw new CliError("USAGE", "deploy sends transactions: name the deploying account with --from <account>");
      const network = ctx.network;
      if (network.feeMode !== "zero")
        throw new CliError(
          "USAGE",
          `deploy supports zero-fee networks; network "${network.name}" has feeMode "${network.feeMode}"`,
        );
      await ctx.connectedClient();
      const key = await unlockSecret(ctx.config, o.from, await readPassword(o, `account "${o.from}"`), "account");
      const successorOf = o.successor === undefined ? undefined : ctx.deployment();
      const profile = o.successor ?? network.name;
      if (o.successor !== undefined && (o.successor in ctx.config.networks || !/^[A-Za-z0-9_-]+$/.test(o.successor)))
        throw new CliError(
          "USAGE",
          `--successor needs a new network profile name (letters, digits, - or _); "${o.successor}" is taken or invalid`,
        );
      const deploymentId = o.deploymentId ?? `fundtrace-${profile}-${network.chainId}`;
      if (!/^[A-Za-z0-9_-]+$/.test(deploymentId))
        throw new CliError("USAGE", `--deployment-id must be letters, digits, - or _`);
      for (const line of [
        `network ${network.name} (${network.rpcUrl}, chain ${network.chainId}), from ${o.from}`,
        successorOf === undefined
          ? `deploy UnitRegistry, FundLedger, RosterBook (announcement window ${days} days); ${o.from} becomes governor`
          : `deploy a successor FundLedger and RosterBook (announcement window ${days} days) on registry ${successorOf.registry}, taking over ledger ${successorOf.ledger} once the council seals it; recorded as network profile ${profile}`,
        `Ignition deployment ${deploymentId}`,
      ])
        ctx.out.log(`  ${line}`);
      if (ctx.options.dryRun === true) {
        ctx.out.result({ dryRun: true, deploymentId }, () => "dry run: nothing was deployed");
        return;
      }
      await confirmOrStop(ctx, "Deploy?");

      const announcementPeriod = String(days * 86_400);
      await runIgnition(
        ctx,
        successorOf === undefined
          ? { module: "FundTrace", deploymentId, parameters: { FundTrace: { announcementPeriod } }, key }
          : {
              module: "Successor",
              deploymentId,
              parameters: {
                FundTraceSuccessor: {
                  announcementPeriod,
                  registry: successorOf.registry,
                  predecessor: successorOf.ledger,
                },
              },
              key,
            },
      );

      const folder = join(PROJECT_ROOT, "ignition", "deployments", deploymentId);
      const raw = JSON.parse(readFileSync(ctx.config.path, "utf8")) as {
        networks: Record<string, { deployment?: unknown }>;
      };
      const ignition = relative(dirname(ctx.config.path), folder) || ".";
      raw.networks[profile] = { ...raw.networks[network.name]!, deployment: { ignition } };
      writeFileSync(ctx.config.path, `${JSON.stringify(raw, null, 2)}\n`);
      const deployment = deploymentOf(
        { ...ctx.config, networks: raw.networks as never },
        { ...network, name: profile, deployment: { ignition } },
      )!;
      const data = {
        profile,
        deploymentId,
        folder,
        registry: deployment.registry,
        ledger: deployment.ledger,
        rosterBook: deployment.rosterBook,
        deploymentBlock: deployment.deploymentBlock,
      };
      ctx.out.result(data, () =>
        [
          `deployed (Ignition ${deploymentId}), recorded as network profile ${profile} in ${ctx.config.path}`,
          `registry  ${data.registry}`,
          `ledger    ${data.ledger}`,
          `rosters   ${data.rosterBook}`,
        ].join("\n"),
      );
    }),
  );
}
