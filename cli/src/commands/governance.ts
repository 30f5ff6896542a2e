/**
 * `fundtrace roles grant | revoke` and `fundtrace governance ...`: who
 * administers the deployment. During the bootstrap the deploying account
 * does, directly; `governance hand-over` gives it to a council (m of n
 * approve, then a delay, then anyone executes; guardians veto and pause),
 * after which every administrative command becomes a council proposal.
 */
import { basename } from "node:path";

import type { Hex } from "viem";

import {
  addCouncilMember,
  approveGovernance,
  cancelGovernance,
  type ContractCall,
  DEFAULT_GOVERNANCE_DELAY,
  type Deployment,
  executeGovernance,
  GOVERNANCE_MIN_DELAY,
  type GovernanceProposalView,
  grantRole,
  isRoleName,
  listGovernanceProposals,
  pause,
  readGovernance,
  readGovernanceState,
  readGovernanceProposal,
  removeCouncilMember,
  revokeRole,
  ROLES,
  setCouncilThreshold,
  setGovernanceDelay,
  unpause,
  withdrawGovernance,
  withGovernance,
} from "@fundtrace/sdk";
import { addressOf, unlockSecret } from "../accounts.ts";
import type { Context, Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { runIgnition } from "../ignition.ts";
import { idOf } from "../inputs.ts";
import { dateOf } from "../labels.ts";
import { signerOptions } from "../options.ts";
import { readPassword } from "../secrets.ts";
import { confirmOrStop, describeEvents, submit } from "../transactions.ts";

export function roleOf(name: string): Hex {
  if (!isRoleName(name))
    throw new CliError("USAGE", `unknown role "${name}" (known: ${Object.keys(ROLES).join(", ")})`);
  return ROLES[name];
}

const daysOf = (seconds: bigint) => Number(seconds) / 86_400;

function wholeDays(text: string, option: string): bigint {
  const days = Number(text);
  if (!Number.isInteger(days) || BigInt(days) * 86_400n < GOVERNANCE_MIN_DELAY)
    throw new CliError(
      "USAGE",
      `${option} must be a whole number of days, at least ${daysOf(GOVERNANCE_MIN_DELAY)}, not "${text}"`,
    );
  return BigInt(days) * 86_400n;
}

function describeCall(c: GovernanceProposalView["calls"][number]): string {
  if (c.functionName === undefined) return `call ${c.to} ${c.data.slice(0, 10)}`;
  return `${c.contract}.${c.functionName}(${(c.args ?? []).map(String).join(", ")})`;
}

function describeProposal(p: GovernanceProposalView, threshold: number): string[] {
  const when =
    p.readyAt !== undefined
      ? `executable from ${dateOf(p.readyAt)}`
      : p.statusName === "Pending"
        ? `${p.approvals.length} of ${threshold} approvals, expires ${dateOf(p.expiresAt)}`
        : "";
  return [
    `proposal ${p.id}: ${p.statusName.toLowerCase()}${when === "" ? "" : ` (${when})`}, by ${p.proposer}`,
    ...p.calls.map((c) => `  ${describeCall(c)}`),
    `  approved by: ${p.approvals.length === 0 ? "-" : p.approvals.join(", ")}`,
  ];
}

export function registerGovernance(program: Program, run: Run): void {
  const roles = program.command("roles").description("deployment roles: admin, registrar, inspector, pauser");
  for (const [verb, build] of [
    ["grant", grantRole],
    ["revoke", revokeRole],
  ] as const) {
    signerOptions(
      roles
        .command(`${verb} <role> <account>`)
        .description(`${verb} a role to an address or an account name (the administrator; once governed, a proposal)`),
    ).action(
      run(async (ctx, role, address, options) => {
        const account = addressOf(ctx.config, address);
        const call = build(ctx.deployment(), { role: roleOf(role), account });
        const result = await submit(ctx, options, call, [`${verb} role ${role} to ${account}`]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
  }

  const gov = program
    .command("governance")
    .description("the council that administers the deployment after the bootstrap: proposals, delay, guardians");

  signerOptions(
    gov
      .command("hand-over")
      .description("end the bootstrap: deploy the council and timelock and give them the registry (deploying account)")
      .requiredOption("--council <accounts...>", "council members (addresses or account names)")
      .requiredOption("--threshold <n>", "approvals a proposal needs, the proposer's included (at least 2)")
      .requiredOption("--guardians <accounts...>", "accounts that may veto proposals and pause the deployment")
      .option("--delay-days <days>", "days between approval and execution", String(daysOf(DEFAULT_GOVERNANCE_DELAY))),
  ).action(
    run(async (ctx, o) => {
      const council = o.council.map((a: string) => addressOf(ctx.config, a));
      const guardians = o.guardians.map((a: string) => addressOf(ctx.config, a));
      const threshold = Number(o.threshold);
      if (!Number.isInteger(threshold) || threshold < 2 || threshold > council.length)
        throw new CliError(
          "USAGE",
          `--threshold must be 2 to ${council.length} (the council's size), not "${o.threshold}"`,
        );
      const delay = wholeDays(o.delayDays, "--delay-days");
      const spec = ctx.network.deployment;
      if (spec === undefined || !("ignition" in spec))
        throw new CliError(
          "CONFIG_INVALID",
          `hand-over needs the Ignition deployment that \`fundtrace deploy\` recorded`,
        );
      if (o.from === undefined)
        throw new CliError("USAGE", "hand-over sends transactions: name the account with --from");
      const d = await withGovernance(await ctx.connectedClient(), ctx.deployment());
      if (d.governance !== undefined)
        throw new CliError("USAGE", `the deployment is governed already, by ${d.governance}`);
      const key = await unlockSecret(ctx.config, o.from, await readPassword(o, `account "${o.from}"`), "account");
      for (const line of [
        `network ${ctx.network.name}, from ${o.from} (the bootstrap account, which keeps no role afterwards)`,
        `council of ${council.length}, ${threshold} approve: ${council.join(", ")}`,
        `guardians (veto, pause): ${guardians.join(", ")}`,
        `delay ${daysOf(delay)} days between approval and execution`,
      ])
        ctx.out.log(`  ${line}`);
      if (ctx.options.dryRun === true) {
        ctx.out.result({ dryRun: true }, () => "dry run: nothing was deployed");
        return;
      }
      await confirmOrStop(ctx, "Hand over for good?");
      await runIgnition(ctx, {
        module: "Governance",
        deploymentId: basename(spec.ignition),
        parameters: {
          Governance: {
            registry: d.registry,
            council,
            councilThreshold: threshold,
            guardians,
            governanceDelay: String(delay),
          },
        },
        key,
      });
      const state = (await readGovernance(await ctx.connectedClient(), ctx.deployment()))!;
      ctx.out.result(state, () => `handed over: governance ${state.address} administers the deployment`);
    }),
  );

  gov
    .command("show")
    .description("who administers the deployment: council, threshold, guardians, delay")
    .action(
      run(async (ctx) => {
        const client = await ctx.connectedClient();
        const state = await readGovernance(client, ctx.deployment());
        if (state === undefined) {
          ctx.out.result({ governed: false }, () => "bootstrap: the deploying account administers the deployment");
          return;
        }
        ctx.out.result({ governed: true, ...state }, () =>
          [
            `governance ${state.address}`,
            `council (${state.threshold} of ${state.members.length} approve): ${state.members.join(", ")}`,
            `guardians (veto, pause): ${state.guardians.join(", ") || "-"}`,
            `delay ${daysOf(state.delay)} days; ${state.proposalCount} proposal(s)`,
          ].join("\n"),
        );
      }),
    );

  gov
    .command("list")
    .description("council proposals, oldest first, with their calls, approvals and status")
    .action(
      run(async (ctx) => {
        const client = await ctx.connectedClient();
        const d = await ctx.councilDeployment();
        const [state, proposals] = await Promise.all([
          readGovernanceState(client, d),
          listGovernanceProposals(client, d),
        ]);
        ctx.out.result(proposals, () =>
          proposals.length === 0
            ? "no proposals"
            : proposals.flatMap((p) => describeProposal(p, state.threshold)).join("\n"),
        );
      }),
    );

  const step = (
    verb: string,
    description: string,
    build: (d: Deployment, p: { proposalId: bigint }) => ContractCall,
    question: string,
  ) =>
    signerOptions(gov.command(`${verb} <id>`).description(description)).action(
      run(async (ctx, id, options) => {
        const proposalId = idOf(id, "governance proposal");
        const d = await ctx.councilDeployment();
        const client = await ctx.connectedClient();
        const [p, state] = await Promise.all([
          readGovernanceProposal(client, d, proposalId),
          readGovernanceState(client, d),
        ]);
        const result = await submit(ctx, options, build(d, { proposalId }), [
          `${question} governance proposal ${proposalId}`,
          ...describeProposal(p, state.threshold),
        ]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
  step(
    "approve",
    "approve a council proposal (a member); the approval that meets the threshold schedules it",
    approveGovernance,
    "approve",
  );
  step("execute", "execute a proposal whose delay has passed (anyone)", executeGovernance, "execute");
  step("withdraw", "withdraw your own proposal before it is scheduled", withdrawGovernance, "withdraw");
  step("cancel", "veto a proposal before it is executed (a guardian)", cancelGovernance, "cancel (veto)");

  signerOptions(
    gov.command("pause").description("stop every write of the deployment at once (a guardian or pauser)"),
  ).action(
    run(async (ctx, options) => {
      const result = await submit(ctx, options, pause(ctx.deployment()), [
        "pause the deployment: every write stops until the council resumes it (`fundtrace governance resume`)",
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  /** Sends `call` (an administrative call of the governance or registry) as a council proposal. */
  const propose = async (ctx: Context, options: object, line: string, build: (d: Deployment) => ContractCall) => {
    const d = await ctx.councilDeployment();
    const result = await submit(ctx, options, build(d), [line]);
    ctx.out.result(result, () => describeEvents(result));
  };

  const council = gov.command("council").description("council changes (each is a proposal)");
  for (const [verb, build] of [
    ["add", addCouncilMember],
    ["remove", removeCouncilMember],
  ] as const) {
    signerOptions(council.command(`${verb} <account>`).description(`propose to ${verb} a council member`)).action(
      run(async (ctx, account, options) => {
        const member = addressOf(ctx.config, account);
        await propose(ctx, options, `${verb} council member ${member}`, (d) => build(d, { account: member }));
      }),
    );
  }
  signerOptions(gov.command("threshold <n>").description("propose a new council threshold (at least 2)")).action(
    run(async (ctx, n, options) => {
      const threshold = Number(n);
      if (!Number.isInteger(threshold) || threshold < 2 || threshold > 255)
        throw new CliError("USAGE", `the threshold must be 2 to 255, not "${n}"`);
      await propose(ctx, options, `council threshold ${threshold}`, (d) => setCouncilThreshold(d, { threshold }));
    }),
  );
  signerOptions(gov.command("delay <days>").description("propose a new delay between approval and execution")).action(
    run(async (ctx, days, options) => {
      const seconds = wholeDays(days, "<days>");
      await propose(ctx, options, `governance delay ${daysOf(seconds)} days`, (d) =>
        setGovernanceDelay(d, { seconds }),
      );
    }),
  );
  signerOptions(gov.command("resume").description("propose to resume a paused deployment")).action(
    run(async (ctx, options) => {
      await propose(ctx, options, "resume the deployment (unpause)", (d) => unpause(d));
    }),
  );
}
