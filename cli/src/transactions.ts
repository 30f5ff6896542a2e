/**
 * Every write goes through {@link submit}: unlock the signing account,
 * print what will happen (stderr), simulate (a refusal stops here, nothing
 * is sent), then either stop (--dry-run), or ask for confirmation (unless
 * --yes) and send, waiting for the receipt.
 */
import { createInterface } from "node:readline";

import { createWalletClient, http } from "viem";

import { type ContractCall, type DecodedEvent, sendCall, simulateCall } from "../../sdk/src/index.ts";
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
  events: { name: string; args: Record<string, unknown> }[];
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((done) => rl.question(`${question} [y/N] `, done));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export async function submit(ctx: Context, signer: SignerOptions, call: ContractCall, review: string[]): Promise<Submitted> {
  if (signer.from === undefined) throw new CliError("USAGE", "this command sends a transaction: name the signing account with --from <account>");
  const client = await ctx.connectedClient();
  const deployment = ctx.deployment();
  const password = await readPassword(signer, `account "${signer.from}"`);
  const account = await unlockAccount(ctx.config, signer.from, password);
  for (const line of [`network ${ctx.network.name}, from ${signer.from} (${account.address})`, ...review]) ctx.out.log(`  ${line}`);

  await simulateCall(client, call, { account });
  const base = { from: account.address, to: call.to, function: call.functionName, events: [] };
  if (ctx.options.dryRun === true) {
    ctx.out.log("  dry run: the contracts accept this call; nothing was sent");
    return { ...base, dryRun: true };
  }
  if (ctx.options.yes !== true) {
    if (!process.stdin.isTTY) {
      throw new CliError("CONFIRMATION_REQUIRED", "not a terminal: review the lines above and pass --yes to send");
    }
    if (!(await confirm("Send this transaction?"))) throw new CliError("CONFIRMATION_REQUIRED", "not confirmed: nothing was sent");
  }
  const wallet = createWalletClient({ account, chain: ctx.chain, transport: http(ctx.network.rpcUrl) });
  const sent = await sendCall(wallet, call, { publicClient: client, deployment });
  ctx.out.log(`  sent ${sent.hash} (block ${sent.receipt?.blockNumber})`);
  return {
    ...base,
    dryRun: false,
    hash: sent.hash,
    block: sent.receipt?.blockNumber,
    events: sent.events.map((e: DecodedEvent) => ({ name: e.eventName, args: e.args })),
  };
}

/** One line per event for human output. */
export function describeEvents(result: Submitted): string {
  if (result.dryRun) return `dry run: ${result.function} would succeed`;
  const shown = result.events.map((e) => {
    const args = Object.entries(e.args)
      .filter(([, v]) => typeof v !== "object")
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(" ");
    return `  ${e.name} ${args}`;
  });
  return [`${result.function} sent in ${result.hash} (block ${result.block})`, ...shown].join("\n");
}
