/**
 * Enrolling a published roster's pages (`RosterBook.enrolPages`): the step
 * between publication and approval that puts every entry on chain, checked
 * against the root, and claims each household for the fund. Pages already
 * enrolled are read back from the chain and skipped, so an interrupted run
 * is finished by running it again.
 */
import { enrolPages, getClaims, planEnrolment, read, type RosterCommitment } from "@fundtrace/sdk";
import { zeroHash } from "viem";

import type { Context } from "./context.ts";
import { CliError } from "./errors.ts";
import { timesText } from "./labels.ts";
import type { RosterSheet } from "./roster-file.ts";
import { type SignerOptions, type Submitted, submitAll } from "./transactions.ts";

/**
 * Refuses, before anything is written or sent, a sheet with households that
 * hold every place the fund allows on live rosters already (as many as its
 * instalments; the contract would refuse their enrolment): each is named by
 * file, line and the rosters holding it.
 */
export async function checkNotClaimed(ctx: Context, fund: bigint, sheet: RosterSheet): Promise<void> {
  const client = await ctx.connectedClient();
  const d = ctx.deployment();
  const claimed: { line: number; rosterIds: bigint[] }[] = [];
  let places = 1;
  for (let i = 0; i < sheet.rows.length; i += 200) {
    const chunk = sheet.rows.slice(i, i + 200);
    const holders = await Promise.all(chunk.map((r) => getClaims(client, d, fund, r.household)));
    holders.forEach((rosterIds, j) => {
      places = rosterIds.length;
      if (rosterIds.every((id) => id !== 0n)) claimed.push({ line: chunk[j]!.line, rosterIds: [...rosterIds] });
    });
  }
  if (claimed.length === 0) return;
  const shown = claimed
    .slice(0, 20)
    .map(
      (c) => `  ${sheet.file}:${c.line}: the household is on roster ${c.rosterIds.join(", ")} of fund ${fund} already`,
    );
  throw new CliError(
    "HOUSEHOLD_ON_ANOTHER_ROSTER",
    [
      `${claimed.length} household(s) of ${sheet.file} are on other live rosters of fund ${fund} as often as the fund pays a household (${timesText(places)})`,
      ...shown,
      ...(claimed.length > 20 ? [`  ... and ${claimed.length - 20} more`] : []),
      "  remove them from this sheet, or withdraw the other roster first; nothing was written or sent",
    ].join("\n"),
    { rows: claimed.map((c) => ({ line: c.line, rosterId: c.rosterIds.at(-1)!, rosterIds: c.rosterIds })) },
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
