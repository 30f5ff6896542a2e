/**
 * Paying a roster in batches that cannot pay anyone twice.
 *
 * Each run: (1) settles the journal left by earlier runs (see journal.ts);
 * (2) reads from the chain which entries are still due, page by page;
 * (3) plans transactions within the gas budget (and an optional cap of
 * households per transaction); (4) for each, signs it, writes it to the
 * journal, then sends it. Killing the process at any point and running the
 * same command again finishes the job: what was sent is found or re-sent
 * byte for byte, and what is still due is planned afresh from the chain.
 */
import { dirname, join } from "node:path";

import { type Hash, type Hex, keccak256, type LocalAccount, type PublicClient } from "viem";

import {
  type BatchKind,
  type ContractCall,
  type Deployment,
  estimateBatchGas,
  feeFields,
  formatYuan,
  getRoster,
  type PagePart,
  payBatch,
  planBatches,
  readDueParts,
  type RosterCommitment,
  simulateCall,
} from "@fundtrace/sdk";
import type { Context } from "./context.ts";
import { CliError } from "./errors.ts";
import { Journal, type Settled, settleJournal, type StartLine } from "./journal.ts";
import { Progress } from "./progress.ts";

/** The journal file of one roster's payments on one chain. */
export function journalPath(configPath: string, chainId: number, rosterId: bigint, kind: BatchKind): string {
  return join(dirname(configPath), "journal", `chain${chainId}-roster${rosterId}-${kind}.jsonl`);
}

export interface PaymentRun {
  kind: BatchKind;
  rosterId: bigint;
  roster: RosterCommitment;
  bankBatchRef: Hex;
  account: LocalAccount;
  journalFile: string;
  gasBudget?: bigint;
  maxHouseholds?: number;
  /** Transactions sent before waiting for the oldest receipt. */
  inFlight: number;
}

export interface PaymentResult {
  kind: BatchKind;
  rosterId: bigint;
  dryRun: boolean;
  recovered: Settled;
  households: number;
  amount: bigint;
  transactions: Hash[];
  remaining: number;
  journal: string;
}

async function receiptOf(client: PublicClient, hash: Hash, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 25; ; wait = Math.min(wait * 2, 1000)) {
    const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined);
    if (receipt !== undefined) return receipt;
    if (Date.now() > deadline)
      throw new CliError(
        "TRANSACTION_FAILED",
        `no receipt for ${hash} after ${timeoutMs / 1000} s; run the command again to resume`,
        { hash },
      );
    await new Promise((r) => setTimeout(r, wait));
  }
}

const callOf = (d: Deployment, run: PaymentRun, batch: readonly PagePart[]): ContractCall =>
  payBatch(d, { kind: run.kind, rosterId: run.rosterId, batch, bankBatchRef: run.bankBatchRef });

/**
 * Pays what is due (see the file comment). `review` receives the summary
 * lines before anything is sent; `confirm` may stop the run.
 */
export async function payRoster(
  ctx: Context,
  run: PaymentRun,
  hooks: { review: (lines: string[]) => void; confirm: () => Promise<void> },
): Promise<PaymentResult> {
  const client = await ctx.connectedClient();
  const d = ctx.deployment();
  const onChain = await getRoster(client, d, run.rosterId);
  if (onChain.root !== run.roster.root) {
    throw new CliError(
      "ROSTER_MISMATCH",
      `roster ${run.rosterId} on chain has root ${onChain.root}, the roster record has ${run.roster.root}: wrong record or wrong roster id`,
      {
        rosterId: run.rosterId.toString(),
      },
    );
  }

  const journal = new Journal(run.journalFile);
  try {
    const start = journal.lines.find((l): l is StartLine => l.t === "start");
    if (start !== undefined && (start.root !== run.roster.root || start.chainId !== ctx.network.chainId)) {
      throw new CliError("JOURNAL_CONFLICT", `${run.journalFile} belongs to another roster or chain`, {
        file: run.journalFile,
      });
    }
    // (1) Finish what an interrupted run left in flight.
    const recovered = await settleJournal(journal, client);
    if (recovered.mined + recovered.resent + recovered.dropped > 0) {
      ctx.out.log(
        `  resumed from ${run.journalFile}: ${recovered.mined} sent transaction(s) found mined, ${recovered.resent} re-sent, ${recovered.dropped} dropped`,
      );
    }
    // (2) and (3): what the chain says is still due, planned into transactions.
    const parts = await readDueParts(client, d, run.rosterId, run.roster, run.kind);
    const block = await client.getBlock();
    const gasBudget = run.gasBudget ?? block.gasLimit / 2n;
    const plan = { gasBudget, maxHouseholds: run.maxHouseholds };
    const batches = planBatches(parts, plan);
    const households = parts.reduce((n, p) => n + p.households, 0);
    const amount = parts.reduce((n, p) => n + p.amount, 0n);
    const result: PaymentResult = {
      kind: run.kind,
      rosterId: run.rosterId,
      dryRun: ctx.options.dryRun === true,
      recovered,
      households: 0,
      amount: 0n,
      transactions: [],
      remaining: households,
      journal: run.journalFile,
    };
    hooks.review([
      `${run.kind === "disburse" ? "pay" : "re-issue"} roster ${run.rosterId} (fund ${onChain.fund}, village ${onChain.village}${onChain.payer === onChain.village ? "" : `, paid by ${onChain.payer}`})`,
      `${households.toLocaleString("en-US")} household(s) due of ${run.roster.entryCount.toLocaleString("en-US")}: ${formatYuan(amount)} yuan`,
      `${batches.length} transaction(s) within ${gasBudget.toLocaleString("en-US")} gas each${run.maxHouseholds === undefined ? "" : `, at most ${run.maxHouseholds} households each`}`,
      `journal ${run.journalFile}`,
    ]);
    if (batches.length === 0) return result;
    await simulateCall(client, callOf(d, run, batches[0]!), { account: run.account });
    if (result.dryRun) return result;
    await hooks.confirm();

    if (start === undefined) {
      journal.append({
        t: "start",
        kind: run.kind,
        chainId: ctx.network.chainId,
        rosterId: run.rosterId.toString(),
        root: run.roster.root,
        bankBatchRef: run.bankBatchRef,
        at: new Date().toISOString(),
      });
    }
    // (4) Sign, journal, send; at most `inFlight` unconfirmed at a time.
    ctx.out.log(`  sending ${batches.length} transaction(s)`);
    const progress = new Progress(households, "households", ctx.out.stderr);
    let nonce = await client.getTransactionCount({ address: run.account.address, blockTag: "pending" });
    const fees = await feeFields(client, d.feeMode);
    const inFlight: { hash: Hash; batch: PagePart[] }[] = [];
    let failure: Hash | undefined;
    const settleOldest = async () => {
      const { hash, batch } = inFlight.shift()!;
      const receipt = await receiptOf(client, hash);
      journal.append({
        t: "mined",
        hash,
        block: receipt.blockNumber.toString(),
        status: receipt.status,
        at: new Date().toISOString(),
      });
      if (receipt.status !== "success") {
        failure ??= hash;
        return;
      }
      result.households += batch.reduce((n, p) => n + p.households, 0);
      result.amount += batch.reduce((n, p) => n + p.amount, 0n);
      progress.update(result.households, `${result.transactions.length}/${batches.length} tx`);
    };
    for (const [index, batch] of batches.entries()) {
      if (failure !== undefined) break;
      const call = callOf(d, run, batch);
      const count = batch.reduce((n, p) => n + p.households, 0);
      const gas = estimateBatchGas(batch);
      const raw = await run.account.signTransaction({
        chainId: ctx.network.chainId,
        to: call.to,
        data: call.data,
        gas,
        nonce,
        ...fees,
      });
      const hash = keccak256(raw);
      journal.append({
        t: "signed",
        batch: index,
        from: run.account.address,
        nonce,
        hash,
        raw,
        households: count,
        amount: batch.reduce((n, p) => n + p.amount, 0n).toString(),
        pages: batch.map((p) => ({ page: p.page.page, select: `0x${p.select.toString(16)}` })),
        at: new Date().toISOString(),
      });
      await client.sendRawTransaction({ serializedTransaction: raw });
      result.transactions.push(hash);
      inFlight.push({ hash, batch });
      nonce++;
      if (inFlight.length >= run.inFlight) await settleOldest();
    }
    while (inFlight.length > 0) await settleOldest();
    result.remaining = households - result.households;
    if (failure !== undefined) {
      // Find out why from the chain, then stop: the next run plans from what is still due.
      const left = await readDueParts(client, d, run.rosterId, run.roster, run.kind);
      if (left.length > 0)
        await simulateCall(client, callOf(d, run, planBatches(left, plan)[0]!), { account: run.account });
      throw new CliError(
        "TRANSACTION_FAILED",
        `transaction ${failure} reverted; ${result.households} household(s) paid in this run; run the command again to resume`,
        {
          hash: failure,
        },
      );
    }
    return result;
  } finally {
    journal.close();
  }
}
