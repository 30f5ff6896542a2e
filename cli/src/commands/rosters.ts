/**
 * `fundtrace roster publish | show | object | resolve | approve | withdraw`
 * and `fundtrace pseudonym-key create | import | list`.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

import { type Hex, keccak256, zeroAddress } from "viem";
import { generatePrivateKey } from "viem/accounts";

import {
  approveRoster,
  buildRoster,
  concurDismissal,
  fileObjection,
  formatDivisionCode,
  formatYuan,
  getAccount,
  getRoster,
  getRosterState,
  isEvent,
  Level,
  parentOf,
  parseDivisionCode,
  parseYuan,
  PseudonymKey,
  publishRoster,
  read,
  resolveObjection,
  rosterPayerCodes,
  unitAddress,
  withdrawRoster,
} from "@fundtrace/sdk";
import { listAccounts, saveAccount, unlockSecret } from "../accounts.ts";
import type { Context, Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { documentHash, idOf, indexOf, unitOf } from "../inputs.ts";
import {
  loadRosterRecord,
  newRosterRecord,
  readRosterSheet,
  renderNotice,
  rosterFiles,
  saveRosterRecord,
  writeFileAtomic,
} from "../roster-file.ts";
import { readPassword, readPrivateFile } from "../secrets.ts";
import { describeEvents, submit, type Submitted } from "../transactions.ts";
import { checkNotClaimed, enrolRemaining } from "../enrolment.ts";
import { labelOf, OBJECTION_STATUS, ROSTER_STATE, unitLabel } from "../labels.ts";
import { editionOption, encodingOption, keyOptions, signerOptions } from "../options.ts";

export interface KeyOptions {
  key: string;
  keyPasswordFile?: string;
}

/** Unlocks the bureau's pseudonym key. */
export async function pseudonymKey(ctx: Context, options: KeyOptions): Promise<PseudonymKey> {
  const password = await readPassword({ passwordFile: options.keyPasswordFile }, `pseudonym key "${options.key}"`);
  return PseudonymKey.fromHex(await unlockSecret(ctx.config, options.key, password, "pseudonym key"));
}

/** A division code as it is typed: 12 digits. */
const codeText = (code: bigint) => code.toString().padStart(12, "0");

export function registerRosters(program: Program, run: Run): void {
  const keys = program
    .command("pseudonym-key")
    .description("the bureau's secret key for household pseudonyms (HMAC-SHA256), kept encrypted");
  keys
    .command("create <name>")
    .description("create a new random pseudonym key; share it with `import` where the same households must match")
    .option("--password-file <file>", "read the password from a file only you can read")
    .option("--scrypt-n <n>", "scrypt cost (default 131072)")
    .action(
      run(async (ctx, name, o) => {
        const password = await readPassword(o, `new pseudonym key "${name}"`);
        await saveAccount(
          ctx.config,
          name,
          generatePrivateKey(),
          password,
          o.scryptN === undefined ? undefined : Number(o.scryptN),
          "pseudonym key",
        );
        ctx.out.result({ name }, () => `created pseudonym key ${name}`);
      }),
    );
  keys
    .command("import <name>")
    .description("import a pseudonym key (32 bytes of hex) from a file only you can read")
    .requiredOption("--key-file <file>", "file holding the 0x-prefixed key")
    .option("--password-file <file>", "read the password from a file only you can read")
    .option("--scrypt-n <n>", "scrypt cost (default 131072)")
    .action(
      run(async (ctx, name, o) => {
        const key = readPrivateFile(o.keyFile, "key").trim() as Hex;
        if (!/^0x[0-9a-fA-F]{64}$/.test(key))
          throw new CliError("KEYSTORE_INVALID", `${o.keyFile} does not hold a 0x-prefixed 32-byte key`);
        const password = await readPassword(o, `pseudonym key "${name}"`);
        await saveAccount(
          ctx.config,
          name,
          key,
          password,
          o.scryptN === undefined ? undefined : Number(o.scryptN),
          "pseudonym key",
        );
        ctx.out.result({ name }, () => `imported pseudonym key ${name}`);
      }),
    );
  keys
    .command("list")
    .description("list the pseudonym keys")
    .action(
      run((ctx) => {
        const list = listAccounts(ctx.config, "pseudonym key").map((k) => ({ name: k.name }));
        ctx.out.result(list, () => (list.length === 0 ? "no pseudonym keys" : list.map((k) => k.name).join("\n")));
      }),
    );

  const roster = program.command("roster").description("beneficiary rosters: publish, object, resolve, approve");

  keyOptions(
    signerOptions(
      roster
        .command("publish")
        .description(
          "validate a roster spreadsheet, write the public notice and roster record, and publish the commitment (a preparer of the village)",
        )
        .requiredOption("--fund <id>", "the fund paying this roster")
        .requiredOption("--village <code>", "the village's division code")
        .option(
          "--payer <code>",
          "the unit whose balance pays the households: the village (default), its township or its county (乡财县管, 县级报账制); its preparers then pay",
        )
        .requiredOption(
          "--csv <file>",
          "the roster spreadsheet (CSV in UTF-8 or GBK): name, resident ID, amount; optional village code, card number, total row",
        )
        .addOption(encodingOption())
        .option("--expect-total <yuan>", "refuse the sheet unless its amounts add up to this")
        .option("--out <dir>", "where to write the notice and the roster record", ".")
        .addOption(editionOption()),
    ),
  ).action(
    run(async (ctx, o) => {
      const fund = idOf(o.fund, "fund");
      const village = parseDivisionCode(o.village);
      if (village.level !== Level.Village)
        throw new CliError("DIVISION_CODE_INVALID", `${o.village} is not a village code`, { field: "village" });
      const payerCode = o.payer === undefined ? village.code : parseDivisionCode(o.payer).code;
      if (!rosterPayerCodes(village.code).includes(payerCode))
        throw new CliError(
          "USAGE",
          `--payer ${o.payer} may not pay village ${o.village}: give the village, its township ${codeText(parentOf(village.code))} or its county ${codeText(parentOf(parentOf(village.code)))}`,
          { field: "payer" },
        );
      const expectTotal = o.expectTotal === undefined ? undefined : parseYuan(o.expectTotal);
      const key = await pseudonymKey(ctx, o);
      // Everything is validated before any file is written or anything is sent.
      const sheet = readRosterSheet(o.csv, { village: village.code, fund, key, encoding: o.encoding, expectTotal });
      const commitment = buildRoster(sheet.rows.map((r) => ({ household: r.household, amount: r.amount })));
      const notice = renderNotice(sheet);
      const noticeHash = keccak256(notice);
      const unit = unitOf(o.village, o.edition);
      const payer = unitAddress(payerCode, Number(o.edition));
      const client = await ctx.connectedClient();
      const d = ctx.deployment();
      const balance = (await getAccount(client, d, fund, payer)).balance;
      await checkNotClaimed(ctx, fund, sheet);

      mkdirSync(o.out, { recursive: true });
      const files = rosterFiles(o.out, village.code, fund);
      writeFileAtomic(files.notice, notice);
      const record = newRosterRecord({
        chainId: ctx.network.chainId,
        fund,
        village: village.code,
        edition: Number(o.edition),
        sheet,
        sourceBytes: readFileSync(o.csv),
        notice: { file: files.notice, hash: noticeHash },
        roster: commitment,
      });
      saveRosterRecord(files.record, record);
      ctx.out.log(`  ${sheet.rows.length} households read from ${o.csv} (${sheet.encoding}); notice ${files.notice}`);

      const call = publishRoster(d, { fund, village: unit, payer, roster: commitment, noticeHash });
      const paidBy = payerCode === village.code ? "the village" : `payer ${formatDivisionCode(payerCode)}`;
      const result = await submit(ctx, o, call, [
        `publish roster of village ${formatDivisionCode(village.code)} for fund ${fund}: ${commitment.entryCount} households, ${formatYuan(commitment.total)} yuan`,
        `${paidBy} holds ${formatYuan(balance)} yuan of this fund; payment needs ${commitment.pages.length} page(s)`,
        `notice hash ${noticeHash}; post ${files.notice} in the village`,
      ]);
      const published = result.events.find(isEvent("RosterPublished"));
      let enrolled: Submitted[] = [];
      if (published !== undefined) {
        record.rosterId = String(published.args.rosterId);
        saveRosterRecord(files.record, record);
        // The same confirmation covers the enrolment that makes the roster approvable.
        enrolled = await enrolRemaining(ctx, o, published.args.rosterId, commitment, true);
      }
      const data = {
        ...result,
        rosterId: record.rosterId,
        enrolment: enrolled.map((e) => e.hash),
        households: commitment.entryCount,
        total: commitment.total,
        notice: resolve(files.notice),
        record: resolve(files.record),
      };
      ctx.out.result(data, () =>
        [
          describeEvents(result),
          ...enrolled.map(describeEvents),
          `notice   ${files.notice}`,
          `record   ${files.record}${record.rosterId === null ? "" : ` (roster ${record.rosterId})`}`,
        ].join("\n"),
      );
    }),
  );

  roster
    .command("show <id>")
    .description("a roster's village, fund, state, window, objections and payments")
    .action(
      run(async (ctx, id) => {
        const rosterId = idOf(id, "roster");
        const client = await ctx.connectedClient();
        const d = ctx.deployment();
        const [r, state, objections] = await Promise.all([
          getRoster(client, d, rosterId),
          getRosterState(client, d, rosterId),
          read(client, d, "rosterBook", "objectionCount", [rosterId]),
        ]);
        const objectionList = await Promise.all(
          Array.from({ length: Number(objections) }, (_, i) =>
            read(client, d, "rosterBook", "objectionOf", [rosterId, BigInt(i)]),
          ),
        );
        const data = {
          id: rosterId,
          state: labelOf(ROSTER_STATE, state),
          fund: r.fund,
          village: r.village,
          payer: r.payer,
          entryCount: r.entryCount,
          enrolled: r.enrolled,
          total: r.total,
          paid: r.paid,
          failed: r.failed,
          publishedAt: r.publishedAt,
          windowEndsAt: r.windowEndsAt,
          approvals: r.approvals,
          requiredApprovals: r.requiredApprovals,
          payerApprovals: r.payerApprovals,
          payerRequiredApprovals: r.payerRequiredApprovals,
          noticeHash: r.noticeHash,
          objections: objectionList.map((ob, index) => ({
            index,
            filedBy: ob.filedBy,
            byInspector: ob.byInspector,
            status: labelOf(OBJECTION_STATUS, ob.status),
            resolvedBy: ob.resolvedBy === zeroAddress ? null : ob.resolvedBy,
            concurredBy: ob.concurredBy === zeroAddress ? null : ob.concurredBy,
          })),
        };
        ctx.out.result(data, () =>
          [
            `roster    ${rosterId} (${data.state}) of village ${unitLabel(r.village)}, fund ${r.fund}`,
            `payer     ${r.payer === r.village ? "the village" : unitLabel(r.payer)} (its preparers pay and record failures)`,
            `entries   ${r.entryCount} households, ${formatYuan(r.total)} yuan; ${r.enrolled === r.entryCount ? "all enrolled" : `${r.enrolled} enrolled (run \`roster enrol\` before approval)`}`,
            `window    ends ${new Date(Number(r.windowEndsAt) * 1000).toISOString()}`,
            `approvals ${r.approvals.length} of ${r.requiredApprovals} by the village${r.payer === r.village ? "" : `, ${r.payerApprovals.length} of ${r.payerRequiredApprovals} by the payer`}`,
            `paid      ${formatYuan(r.paid)} yuan (failed ${formatYuan(r.failed)})`,
            ...data.objections.map(
              (ob) => `objection ${ob.index} by ${ob.byInspector ? "inspector " : ""}${ob.filedBy}: ${ob.status}`,
            ),
          ].join("\n"),
        );
      }),
    );

  signerOptions(
    roster
      .command("object <id>")
      .description(
        "file an objection during the announcement window (a village officer or an inspector, for a resident)",
      )
      .requiredOption("--document <file>", "the objection as received (its hash goes on chain)"),
  ).action(
    run(async (ctx, id, o) => {
      const rosterId = idOf(id, "roster");
      const result = await submit(
        ctx,
        o,
        fileObjection(ctx.deployment(), { rosterId, documentHash: documentHash(o.document) }),
        [`file an objection against roster ${rosterId}`],
      );
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  signerOptions(
    roster
      .command("resolve <id> <objection>")
      .description(
        "resolve an objection (an approver of the village who neither filed it nor published the roster): --dismiss keeps the roster (for an inspector's objection, once an inspector concurs), --uphold rejects it for good",
      )
      .option("--uphold", "the objection is right: the roster is rejected (publish a corrected one)")
      .option("--dismiss", "the objection is unfounded: the roster stands")
      .requiredOption("--document <file>", "the resolution document (its hash goes on chain)"),
  ).action(
    run(async (ctx, id, objection, o) => {
      if (o.uphold === o.dismiss) throw new CliError("USAGE", "give exactly one of --uphold or --dismiss");
      const rosterId = idOf(id, "roster");
      const objectionIndex = indexOf(objection, "the objection index");
      const call = resolveObjection(ctx.deployment(), {
        rosterId,
        objectionIndex,
        upheld: o.uphold === true,
        resolutionHash: documentHash(o.document),
      });
      const result = await submit(ctx, o, call, [
        `${o.uphold === true ? "uphold (the roster will be rejected)" : "dismiss"} objection ${objectionIndex} against roster ${rosterId}`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  signerOptions(
    roster
      .command("enrol")
      .description(
        "enrol the pages of a published roster that are not on chain yet (publish does this; run it to finish an interrupted publication)",
      )
      .requiredOption("--roster-file <file>", "the roster record written by `roster publish`"),
  ).action(
    run(async (ctx, o) => {
      const { record, roster: commitment } = loadRosterRecord(o.rosterFile);
      if (record.rosterId === null)
        throw new CliError("USAGE", `${o.rosterFile} has no roster id: publish the roster first`);
      const rosterId = BigInt(record.rosterId);
      const results = await enrolRemaining(ctx, o, rosterId, commitment, false);
      ctx.out.result({ rosterId, transactions: results }, () =>
        results.length === 0 ? `every page of roster ${rosterId} is enrolled` : results.map(describeEvents).join("\n"),
      );
    }),
  );

  signerOptions(
    roster
      .command("concur <id> <objection>")
      .description("concur, as an inspector, with an approver's proposed dismissal of an inspector's objection"),
  ).action(
    run(async (ctx, id, objection, o) => {
      const rosterId = idOf(id, "roster");
      const objectionIndex = indexOf(objection, "the objection index");
      const result = await submit(ctx, o, concurDismissal(ctx.deployment(), { rosterId, objectionIndex }), [
        `concur with the dismissal of objection ${objectionIndex} against roster ${rosterId}`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  signerOptions(
    roster
      .command("approve <id>")
      .description(
        "approve a roster after its window (an approver of the village, not its publisher; for a roster another unit pays, then an approver of the payer)",
      ),
  ).action(
    run(async (ctx, id, options) => {
      const rosterId = idOf(id, "roster");
      const client = await ctx.connectedClient();
      const r = await getRoster(client, ctx.deployment(), rosterId);
      const byPayer = r.villageApprovedAt !== 0n;
      const result = await submit(ctx, options, approveRoster(ctx.deployment(), { rosterId }), [
        `approve roster ${rosterId} of village ${unitLabel(r.village)}, fund ${r.fund}: ${r.entryCount} households, ${formatYuan(r.total)} yuan`,
        byPayer
          ? `as an approver of its payer ${unitLabel(r.payer)}: approval ${r.payerApprovals.length + 1} of ${r.payerRequiredApprovals}`
          : `as an approver of the village: approval ${r.approvals.length + 1} of ${r.requiredApprovals}${r.payer === r.village ? "" : `; the payer ${unitLabel(r.payer)} approves next`}`,
      ]);
      ctx.out.result(result, () => describeEvents(result));
    }),
  );

  signerOptions(
    roster
      .command("withdraw <id>")
      .description("withdraw a roster before approval (a preparer of the village)")
      .requiredOption("--reason <file>", "the document giving the reason (its hash goes on chain)"),
  ).action(
    run(async (ctx, id, o) => {
      const rosterId = idOf(id, "roster");
      const result = await submit(
        ctx,
        o,
        withdrawRoster(ctx.deployment(), { rosterId, reasonHash: documentHash(o.reason) }),
        [`withdraw roster ${rosterId}`],
      );
      ctx.out.result(result, () => describeEvents(result));
    }),
  );
}
