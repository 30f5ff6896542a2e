/**
 * Enrolling a published roster's pages (`RosterBook.enrolPages`): the step
 * between publication and approval that puts every entry on chain, checked
 * against the root, and claims each household for the fund. Pages already
 * enrolled are read back from the chain and skipped, so an interrupted run
 * is finished by running it again.
 */
import { enrolPages, planEnrolment, read, type RosterCommitment } from "@fundtrace/sdk";
import { zeroHash } from "viem";

import type { Context } from "./context.ts";
import { CliError } from "./errors.ts";
import type { RosterSheet } from "./roster-file.ts";
import { type SignerOptions, type Submitted, submitAll } from "./transactions.ts";

/**
 * Refuses, before anything is written or sent, a sheet with households that
 * a live roster of `fund` holds already (the contract would refuse their
 * enrolment): each is named by file, line and the other roster.
 */
export async function checkNotClaimed(ctx: Context, fund: bigint, sheet: RosterSheet): Promise<void> {
  const client = await ctx.connectedClient();
  const d = ctx.deployment();
  const claimed: { line: number; rosterId: bigint }[] = [];
  for (let i = 0; i < sheet.rows.length; i += 200) {
    const chunk = sheet.rows.slice(i, i + 200);
    const owners = await Promise.all(chunk.map((r) => read(client, d, "rosterBook", "claimOf", [fund, r.household])));
    owners.forEach((rosterId, j) => {
      if (rosterId !== 0n) claimed.push({ line: chunk[j]!.line, rosterId });
    });
  }
  if (claimed.length === 0) return;
  const shown = claimed
    .slice(0, 20)
    .map((c) => `  ${sheet.file}:${c.line}: the household is on roster ${c.rosterId} of fund ${fund} already`);
  throw new CliError(
    "HOUSEHOLD_ON_ANOTHER_ROSTER",
    [
      `${claimed.length} household(s) of ${sheet.file} are on another live roster of fund ${fund}: a household is paid at most once per fund`,
      ...shown,
      ...(claimed.length > 20 ? [`  ... and ${claimed.length - 20} more`] : []),
      "  remove them from this sheet, or withdraw the other roster first; nothing was written or sent",
    ].join("\n"),
    { rows: claimed.map((c) => ({ line: c.line, rosterId: c.rosterId })) },
  );
}

/** The pages of `roster` not yet enrolled on chain under `rosterId`. */
export async function pagesToEnrol(ctx: Context, rosterId: bigint, roster: RosterCommitment) {
  const client = await ctx.connectedClient();
  const d = ctx.deployment();
  const hashes = await Promise.all(
    roster.pages.map((p) => read(client, d, "rosterBook", "pageHashOf", [rosterId, BigInt(p.page)])),
  );
  return roster.pages.filter((_, i) => hashes[i] === zeroHash);
}

/**
 * Enrols the remaining pages of roster `rosterId`, in transactions within
 * half a block's gas. `confirmed`: the user already agreed (right after
 * publication), so no second question is asked.
 */
export async function enrolRemaining(
  ctx: Context,
  options: SignerOptions,
  rosterId: bigint,
  roster: RosterCommitment,
  confirmed: boolean,
): Promise<Submitted[]> {
  const pages = await pagesToEnrol(ctx, rosterId, roster);
  if (pages.length === 0) return [];
  const block = await (await ctx.connectedClient()).getBlock();
  const groups = planEnrolment(pages, block.gasLimit / 2n);
  const households = pages.reduce((n, p) => n + p.entries.length, 0);
  return submitAll(
    ctx,
    options,
    groups.map((group) => enrolPages(ctx.deployment(), { rosterId, pages: group })),
    [
      `enrol ${pages.length} page(s), ${households} households, of roster ${rosterId}: each is checked against the root and claimed for the fund`,
    ],
    { confirmed },
  );
}
