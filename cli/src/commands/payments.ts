/**
 * `fundtrace disburse` (and re-issue) and `fundtrace bank import`: paying rosters and recording the bank's failures.
 */
import type { Hex } from "viem";

import {
  BANK_RESULT_COLUMNS,
  bankOutcome,
  type BatchKind,
  entryIndex,
  EntryStatus,
  formatYuan,
  parseResidentId,
  parseYuan,
  read,
  recordFailedPayments,
  type RosterPage,
  textToBytes32,
} from "@fundtrace/sdk";
import type { Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { journalPath, payRoster } from "../disbursement.ts";
import { ENTRY_STATUS, labelOf } from "../labels.ts";
import { idOf } from "../inputs.ts";
import { loadRosterRecord } from "../roster-file.ts";
import { Problems, readTable } from "../spreadsheet.ts";
import { confirmOrStop, signer, submitAll } from "../transactions.ts";
import { encodingOption, keyOptions, signerOptions } from "../options.ts";
import { pseudonymKey } from "./rosters.ts";

/** The roster id: --roster, or the one the record noted when it was published. */
function rosterIdOf(option: string | undefined, recorded: string | null): bigint {
  if (option !== undefined) return idOf(option, "roster");
  if (recorded === null)
    throw new CliError("USAGE", "the roster record has no roster id (was it published?): pass --roster <id>");
  return BigInt(recorded);
}

export function registerPayments(program: Program, run: Run): void {
  signerOptions(
    program
      .command("disburse")
      .description(
        "pay an approved roster in batches (a preparer of its payer: the village, or its township or county); re-running, or --resume, finishes an interrupted run without paying anyone twice",
      )
      .requiredOption("--roster-file <file>", "the roster record written by `roster publish`")
      .requiredOption("--bank-ref <ref>", "the bank's batch reference (recorded on chain, at most 32 bytes or hashed)")
      .option("--roster <id>", "roster id (default: the one in the record)")
      .option("--reissue", "pay again the entries the bank reported failed (once each)")
      .option("--resume", "finish an interrupted run (the default behaviour: the journal is always checked first)")
      .option("--households-per-tx <n>", "at most this many households per transaction (e.g. the bank's file limit)")
      .option("--gas-budget <gas>", "gas per transaction (default: half the block gas limit)")
      .option("--in-flight <n>", "transactions sent before waiting for a receipt", "4")
      .option("--journal <file>", "the journal file (default: journal/ beside the config)"),
  ).action(
    run(async (ctx, o) => {
      const { record, roster } = loadRosterRecord(o.rosterFile);
      if (record.chainId !== ctx.network.chainId) {
        throw new CliError(
          "ROSTER_MISMATCH",
          `${o.rosterFile} is for chain ${record.chainId}, network "${ctx.network.name}" is chain ${ctx.network.chainId}`,
        );
      }
      const rosterId = rosterIdOf(o.roster, record.rosterId);
      const kind: BatchKind = o.reissue === true ? "reissue" : "disburse";
      const positive = (value: string | undefined, what: string) => {
        if (value === undefined) return undefined;
        const n = Number(value);
        if (!Number.isSafeInteger(n) || n < 1)
          throw new CliError("USAGE", `${what} must be a positive whole number, not "${value}"`);
        return n;
      };
      const maxHouseholds = positive(o.householdsPerTx, "--households-per-tx");
      const gasBudget = positive(o.gasBudget, "--gas-budget");
      const inFlight = positive(o.inFlight, "--in-flight")!;
      const account = await signer(ctx, o);
      const result = await payRoster(
        ctx,
        {
          kind,
          rosterId,
          roster,
          bankBatchRef: textToBytes32(o.bankRef),
          account,
          journalFile: o.journal ?? journalPath(ctx.config.path, ctx.network.chainId, rosterId, kind),
          gasBudget: gasBudget === undefined ? undefined : BigInt(gasBudget),
          maxHouseholds,
          inFlight,
        },
        {
          review: (lines) => {
            for (const line of [`network ${ctx.network.name}, from ${o.from} (${account.address})`, ...lines])
              ctx.out.log(`  ${line}`);
          },
          confirm: () => confirmOrStop(ctx, "Send these payments?"),
        },
      );
      ctx.out.result(result, () =>
        result.dryRun
          ? `dry run: ${result.remaining} household(s) due; the first transaction would succeed`
          : result.remaining === 0 && result.transactions.length === 0
            ? `nothing due: every household of roster ${rosterId} is ${kind === "disburse" ? "paid" : "re-issued"}`
            : `${kind === "disburse" ? "paid" : "re-issued"} ${result.households} household(s), ${formatYuan(result.amount)} yuan, in ${result.transactions.length} transaction(s); journal ${result.journal}`,
      );
    }),
  );

  const bank = program.command("bank").description("the bank's payment results");
  keyOptions(
    signerOptions(
      bank
        .command("import")
        .description(
          "record the payments the bank reports failed, so their money returns to the roster's payer and can be re-issued (a preparer of the payer)",
        )
        .requiredOption("--roster-file <file>", "the roster record written by `roster publish`")
        .requiredOption(
          "--results <file>",
          "the bank's results CSV: resident ID, amount, status (成功/失败 or success/failed), reason",
        )
        .option("--roster <id>", "roster id (default: the one in the record)")
        .addOption(encodingOption()),
    ),
  ).action(
    run(async (ctx, o) => {
      const { record, roster } = loadRosterRecord(o.rosterFile);
      const rosterId = rosterIdOf(o.roster, record.rosterId);
      const key = await pseudonymKey(ctx, o);
      const table = readTable(o.results, BANK_RESULT_COLUMNS, o.encoding);
      const index = new Map(
        roster.pages.flatMap((p) =>
          p.entries.map((e, slot) => [e.household, { page: p, slot, amount: e.amount }] as const),
        ),
      );
      const problems = new Problems(o.results);
      const seen = new Map<string, number>();
      const failed: { page: RosterPage; slot: number; reason: Hex; line: number }[] = [];
      let succeeded = 0;
      for (const row of table.rows) {
        const c = row.cells;
        let household: Hex;
        try {
          household = key.pseudonym(parseResidentId(c.residentId ?? ""), BigInt(record.fund));
        } catch (error) {
          problems.add(row.line, "residentId", "RESIDENT_ID_INVALID", (error as Error).message);
          continue;
        }
        const entry = index.get(household);
        if (entry === undefined) {
          problems.add(row.line, "residentId", "NOT_ON_ROSTER", "this household is not on the roster");
          continue;
        }
        const first = seen.get(household);
        if (first !== undefined)
          problems.add(row.line, "residentId", "DUPLICATE_HOUSEHOLD", `already on line ${first}`);
        seen.set(household, row.line);
        try {
          const amount = parseYuan(c.amount ?? "");
          if (amount !== entry.amount)
            problems.add(
              row.line,
              "amount",
              "AMOUNT_MISMATCH",
              `${formatYuan(amount)} yuan, the roster says ${formatYuan(entry.amount)}`,
            );
        } catch (error) {
          problems.add(row.line, "amount", "AMOUNT_INVALID", (error as Error).message);
        }
        const status = bankOutcome(c.status);
        if (status === "success") succeeded++;
        else if (status === "failed")
          failed.push({ page: entry.page, slot: entry.slot, reason: textToBytes32(c.reason ?? ""), line: row.line });
        else
          problems.add(row.line, "status", "STATUS_INVALID", `"${c.status}" is neither 成功/success nor 失败/failed`);
      }
      problems.throwIfAny();

      // Only entries the chain shows as paid now can fail; ones already recorded are skipped (the import can be
      // repeated).
      const client = await ctx.connectedClient();
      const d = ctx.deployment();
      const statuses = await Promise.all(
        failed.map((f) => read(client, d, "rosterBook", "entryStatus", [rosterId, entryIndex(f.page.page, f.slot)])),
      );
      const notPaid = new Problems(o.results);
      const toRecord = failed.filter((f, i) => {
        const status = statuses[i]!;
        if (status === EntryStatus.Unpaid)
          notPaid.add(
            f.line,
            "status",
            "ENTRY_NOT_PAID",
            "the bank reports a failure for a household the chain shows unpaid",
          );
        return status === EntryStatus.Paid || status === EntryStatus.Reissued;
      });
      notPaid.throwIfAny();
      const byPage = new Map<number, { page: RosterPage; slots: number[]; reasons: Hex[] }>();
      for (const f of toRecord) {
        const group = byPage.get(f.page.page) ?? { page: f.page, slots: [], reasons: [] };
        group.slots.push(f.slot);
        group.reasons.push(f.reason);
        byPage.set(f.page.page, group);
      }
      const groups = [...byPage.values()];
      // A few pages per transaction keeps each well inside the block.
      const calls = [];
      for (let i = 0; i < groups.length; i += 8)
        calls.push(recordFailedPayments(d, { rosterId, failures: groups.slice(i, i + 8) }));
      const failedAmount = toRecord.reduce((n, f) => n + f.page.entries[f.slot]!.amount, 0n);
      const results = await submitAll(ctx, o, calls, [
        `bank results for roster ${rosterId}: ${succeeded} succeeded, ${failed.length} failed (${failed.length - toRecord.length} recorded before)`,
        `record ${toRecord.length} failure(s), ${formatYuan(failedAmount)} yuan back to the roster's payer`,
      ]);
      const data = {
        rosterId,
        succeeded,
        failed: failed.length,
        recorded: toRecord.length,
        alreadyRecorded: failed.length - toRecord.length,
        amount: failedAmount,
        dryRun: ctx.options.dryRun === true,
        transactions: results.map((r) => r.hash),
        entries: toRecord.map((f) => ({
          entry: entryIndex(f.page.page, f.slot),
          status: labelOf(ENTRY_STATUS, EntryStatus.Failed),
        })),
      };
      ctx.out.result(
        data,
        () =>
          `${data.dryRun ? "would record" : "recorded"} ${data.recorded} failed payment(s), ${formatYuan(failedAmount)} yuan; ${data.alreadyRecorded} recorded before; re-issue with \`fundtrace disburse --reissue\``,
      );
    }),
  );
}
