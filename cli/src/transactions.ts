/**
 * Every write goes through {@link submit}: unlock the signing account,
 * print what will happen (stderr), simulate (a refusal stops here, nothing
 * is sent), then either stop (--dry-run), or ask for confirmation (unless
 * --yes) and send, waiting for the receipt.
 */
import { createInterface } from "node:readline";

import {
  type Chain,
  createWalletClient,
  http,
  type LocalAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";

import {
  type ContractCall,
  type Deployment,
  type FundTraceEvent,
  isAdministrative,
  proposeGovernance,
  readGovernanceState,
  sendCall,
  simulateCall,
  isGoverned,
} from "@fundtrace/sdk";
import { unlockAccount } from "./accounts.ts";
import type { Context } from "./context.ts";
import { CliError } from "./errors.ts";
import { readPassword } from "./secrets.ts";

export interface SignerOptions {
  from?: string;
  passwordFile?: string;
}

export interface Submitted {
  dryRun: boolean;
  from: string;
  to: string;
  function: string;
  hash?: string;
  block?: bigint;
  /** The FundTrace events the transaction emitted, decoded. */
  events: FundTraceEvent[];
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((done) => {
      rl.question(`${question} [y/N] `, done);
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Unlocks the signing account named by --from (and its password source). */
export async function signer(ctx: Context, options: SignerOptions): Promise<LocalAccount> {
  if (options.from === undefined)
    throw new CliError("USAGE", "this command sends a transaction: name the signing account with --from <account>");
  const password = await readPassword(options, `account "${options.from}"`);
  return unlockAccount(ctx.config, options.from, password);
}

/** Asks to go ahead unless --yes; refuses without a terminal. */
export async function confirmOrStop(ctx: Context, question: string): Promise<void> {
  if (ctx.options.yes === true) return;
  if (!process.stdin.isTTY)
    throw new CliError("CONFIRMATION_REQUIRED", "not a terminal: review the lines above and pass --yes to send");
  if (!(await confirm(question))) throw new CliError("CONFIRMATION_REQUIRED", "not confirmed: nothing was sent");
}

export function walletFor(ctx: Context, account: LocalAccount): WalletClient<Transport, Chain, LocalAccount> {
  return createWalletClient({ account, chain: ctx.chain, transport: http(ctx.network.rpcUrl) });
}

export async function submit(
  ctx: Context,
  options: SignerOptions,
  call: ContractCall,
  review: string[],
): Promise<Submitted> {
  const [result] = await submitAll(ctx, options, [call], review);
  return result!;
}

/**
 * Sends `calls` in order after one review and one confirmation (none when
 * `confirmed`: the user agreed to this step already). The first
 * call is simulated before confirming (later ones may depend on earlier
 * ones, and each is simulated again just before it is sent). A refusal
 * stops the run; calls sent before it stay sent, and are listed.
 */
export async function submitAll(
  ctx: Context,
  options: SignerOptions,
  calls: readonly ContractCall[],
  review: string[],
  { confirmed = false }: { confirmed?: boolean } = {},
): Promise<Submitted[]> {
  const client = await ctx.connectedClient();
  // Governance events are decoded against the governance the registry names.
  const governs = calls.some((c) => c.contract === "governance" || isAdministrative(c));
  const deployment = governs ? await ctx.governedDeployment() : ctx.deployment();
  if (calls.some(isAdministrative)) ({ calls, review } = await asProposal(client, deployment, calls, review));
  const account = await signer(ctx, options);
  const lines = [`network ${ctx.network.name}, from ${options.from} (${account.address})`, ...review];
  if (calls.length > 1) lines.push(`${calls.length} transactions`);
  for (const line of lines) ctx.out.log(`  ${line}`);
  if (calls.length === 0) return [];

  await simulateCall(client, calls[0]!, { account });
  const base = (call: ContractCall) => ({
    from: account.address,
    to: call.to,
    function: call.functionName,
    events: [],
  });
  if (ctx.options.dryRun === true) {
    ctx.out.log(
      `  dry run: the contracts accept ${calls.length > 1 ? "the first call" : "this call"}; nothing was sent`,
    );
    return calls.map((call) => ({ ...base(call), dryRun: true }));
  }
  if (!confirmed) {
    await confirmOrStop(ctx, calls.length > 1 ? `Send these ${calls.length} transactions?` : "Send this transaction?");
  }
  const wallet = walletFor(ctx, account);
  const results: Submitted[] = [];
  for (const call of calls) {
    let sent;
    try {
      sent = await sendCall(wallet, call, { publicClient: client, deployment });
    } catch (error) {
      if (results.length > 0) ctx.out.log(`  stopped after ${results.length} of ${calls.length} transactions`);
      throw error;
    }
    ctx.out.log(`  sent ${sent.hash} (block ${sent.receipt?.blockNumber})`);
    results.push({
      ...base(call),
      dryRun: false,
      hash: sent.hash,
      block: sent.receipt?.blockNumber,
      events: sent.events,
    });
  }
  return results;
}

/** One line per event for human output. */
/**
 * Once the deployment is governed, administrative calls (officers, policies,
 * roles, resuming) become one council proposal of them all, sent by a
 * council member; during the bootstrap they go straight to the registry.
 */
async function asProposal(
  client: PublicClient,
  deployment: Deployment,
  calls: readonly ContractCall[],
  review: string[],
): Promise<{ calls: readonly ContractCall[]; review: string[] }> {
  if (!isGoverned(deployment) || !calls.every(isAdministrative)) {
    return { calls, review };
  }
  const state = await readGovernanceState(client, deployment);
  const days = Number(state.delay) / 86_400;
  return {
    calls: [proposeGovernance(deployment, { calls, description: review.join("; ") })],
    review: [
      ...review.map((line) => `governance proposal: ${line}`),
      `takes effect after ${state.threshold} of ${state.members.length} council members approve (the proposer counts) and ${days} more days; guardians may veto until then`,
    ],
  };
}

export function describeEvents(result: Submitted): string {
  if (result.dryRun) return `dry run: ${result.function} would succeed`;
  const shown = result.events.map((e) => {
    const args = Object.entries(e.args)
      .filter(([, v]) => typeof v !== "object")
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(" ");
    return `  ${e.eventName} ${args}`;
  });
  return [`${result.function} sent in ${result.hash} (block ${result.block})`, ...shown].join("\n");
}
