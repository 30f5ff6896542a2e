/**
 * `npm run demo`: one complete fund on a local chain, through the
 * `fundtrace` CLI (the same code as the binary, called in this process to
 * save start-up time) and the SDK.
 *
 * Starts a Hardhat node on the consortium profile, deploys, registers 24
 * units of Guizhou (2023 codes: 1 province, 2 cities, 3 counties, 6
 * townships, 12 villages), creates a fund with maker-checker approval,
 * allocates it down to the villages, publishes 12 rosters (5,040
 * households; one sheet in GBK) and lets the 10-day window pass on the local
 * chain, resolves one objection, approves and pays every roster in batches,
 * records failed bank payments and re-issues them, returns unspent money,
 * freezes a unit, and ends with the flow tree and a reconciliation to the
 * fen. Everything it writes is under demo-output/.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import iconv from "iconv-lite";

import { formatYuan, parseYuan } from "@fundtrace/sdk";
import { handOverArgs } from "./demo/council.ts";
import { households, random, rosterCsv } from "./demo/households.ts";
import { editConfigFile } from "./lib/config-file.ts";
import { centralTransferArgs } from "./lib/fund-args.ts";
import { cli, type CliRun } from "./lib/in-process-cli.ts";
import { startNode } from "./lib/processes.ts";

const OUT = resolve("demo-output");
const CONFIG = join(OUT, "fundtrace.config.json");
const HOUSEHOLDS_PER_VILLAGE = 420;
const started = Date.now();

type Show = "result" | "all" | "live" | "none";

/** Runs one fundtrace command as typed at a terminal (plus --config and --yes), printing it and its result. */
async function fundtrace(args: string[], show: Show = "result", expectCode = 0): Promise<CliRun> {
  if (show !== "none") console.log(`\n$ fundtrace ${args.join(" ")}`);
  const r = await cli(CONFIG, args, expectCode, show === "live" ? process.stderr : undefined);
  if (show === "all") process.stdout.write(r.stderr.replace(/^(?=.)/gm, "  "));
  // JSON output is for this script to read; people see the review lines and results.
  if (show !== "none" && !args.includes("--json")) process.stdout.write(r.stdout.replace(/^(?=.)/gm, "  "));
  if (expectCode !== 0 && show !== "none")
    process.stdout.write(`  (refused, as expected: exit ${r.code})\n${r.stderr.replace(/^(?=.)/gm, "  ")}`);
  return r;
}

function section(title: string): void {
  console.log(`\n=== ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

async function demo(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, "documents"), { recursive: true });
  mkdirSync(join(OUT, "rosters"), { recursive: true });
  // Demo keystores share one password, given the way automation gives it.
  process.env.FUNDTRACE_PASSWORD = "demo-only-password";
  const doc = (name: string, text: string) => {
    const path = join(OUT, "documents", name);
    writeFileSync(path, text);
    return path;
  };

  section("a local chain (Hardhat node, consortium profile: chain 20520, Berlin, gas price 0)");
  const node = await startNode();
  try {
    console.log(`  node at ${node.url}`);
    await fundtrace(["init"]);
    editConfigFile(CONFIG, (config) => {
      config.networks.local!.rpcUrl = node.url;
      config.keystoreDir = "keystores";
    });

    const units = readFileSync("scripts/demo/units.csv", "utf8")
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => {
        const [code, name] = line.split(",");
        return { code: code!, name: name! };
      });
    const levelOf = (code: string) =>
      code.endsWith("0000000000")
        ? 1
        : code.endsWith("00000000")
          ? 2
          : code.endsWith("000000")
            ? 3
            : code.endsWith("000")
              ? 4
              : 5;
    const parentOf = (code: string) => {
      const n = BigInt(code);
      const level = levelOf(code);
      const mod = [0n, 0n, 10n ** 10n, 10n ** 8n, 10n ** 6n, 1000n][level]!;
      return String(n - (n % mod)).padStart(12, "0");
    };
    const villages = units.filter((u) => levelOf(u.code) === 5);

    section(
      "accounts: a governor, three council members, a guardian, an inspector, a preparer and an approver for every unit (encrypted keystores)",
    );
    const fast = ["--scrypt-n", "1024"];
    const council = ["council-finance", "council-audit", "council-discipline"];
    for (const name of ["governor", ...council, "guardian", "inspector", "appr2-county"])
      await fundtrace(["accounts", "create", name, ...fast], name === "governor" ? "result" : "none");
    for (const u of units) {
      await fundtrace(["accounts", "create", `prep-${u.code}`, ...fast], "none");
      await fundtrace(["accounts", "create", `appr-${u.code}`, ...fast], "none");
    }
    const accounts = (await fundtrace(["accounts", "list", "--json"], "none")).data as {
      name: string;
      address: string;
    }[];
    const addressOf = new Map(accounts.map((a) => [a.name, a.address]));
    console.log(`  ${accounts.length} accounts; none holds any ether (gas price 0)`);
    await fundtrace(["pseudonym-key", "create", "bureau", ...fast]);

    section("deploy with Ignition; during the bootstrap the governor makes itself registrar and names the inspector");
    rmSync("ignition/deployments/demo", { recursive: true, force: true });
    await fundtrace(["deploy", "--from", "governor", "--announcement-days", "10", "--deployment-id", "demo"]);
    await fundtrace(["roles", "grant", "registrar", addressOf.get("governor")!, "--from", "governor"]);
    await fundtrace(["roles", "grant", "inspector", addressOf.get("inspector")!, "--from", "governor"]);

    section("24 units from a CSV of 2023 division codes, then their officers");
    await fundtrace(["units", "register", "--csv", "scripts/demo/units.csv", "--from", "governor"], "all");
    for (const u of units) {
      await fundtrace(
        ["officers", "add", u.code, "preparer", addressOf.get(`prep-${u.code}`)!, "--from", "governor"],
        "none",
      );
      await fundtrace(
        ["officers", "add", u.code, "approver", addressOf.get(`appr-${u.code}`)!, "--from", "governor"],
        "none",
      );
    }
    console.log(`  ${units.length * 2} officers added (one preparer, one approver per unit)`);

    section(
      "hand-over: the governor gives the registry to a council (finance, audit, discipline inspection; 2 of 3 approve, 7-day delay) and keeps no role",
    );
    await fundtrace([...handOverArgs(council, ["guardian"]), "--from", "governor"]);
    const county = units.find((u) => levelOf(u.code) === 3)!.code;
    await fundtrace(["officers", "add", county, "approver", "appr2-county", "--from", "governor"], "result", 6);
    await fundtrace(["officers", "add", county, "approver", "appr2-county", "--from", "council-finance"]);
    await fundtrace(["governance", "approve", "1", "--from", "council-audit"]);

    section(
      "rosters: 12 villages, 5,040 households, from spreadsheets (one in GBK, as Excel on Chinese Windows saves it)",
    );
    const rand = random(20_231_106);
    const taken = new Set<string>();
    const sheets = villages.map((v, i) => {
      const rows = households(HOUSEHOLDS_PER_VILLAGE, v.code.slice(0, 6), rand, taken);
      const total = rows.reduce((n, h) => n + parseYuan(h.amount), 0n);
      const text = rosterCsv(v.code, rows, formatYuan(total));
      const file = join(OUT, "rosters", `${v.code}.csv`);
      writeFileSync(
        file,
        i === 1 ? iconv.encode(text, "gb18030") : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      );
      return { village: v.code, file, rows, total };
    });
    // Each village gets its roster total plus 1% headroom; the headroom of one village is returned at the end.
    const need = new Map<string, bigint>();
    for (const s of sheets) need.set(s.village, s.total + s.total / 100n);
    for (const level of [4, 3, 2, 1]) {
      for (const u of units.filter((x) => levelOf(x.code) === level)) {
        need.set(
          u.code,
          units
            .filter((c) => levelOf(c.code) === level + 1 && parentOf(c.code) === u.code)
            .reduce((n, c) => n + need.get(c.code)!, 0n),
        );
      }
    }
    const province = units[0]!.code;
    const fundAmount = need.get(province)!;
    console.log(
      `  ${sheets.length} sheets, ${sheets.reduce((n, s) => n + s.rows.length, 0)} households, ${formatYuan(sheets.reduce((n, s) => n + s.total, 0n))} yuan`,
    );

    section(`a fund of ${formatYuan(fundAmount)} yuan at the province: prepared, then approved by another officer`);
    await fundtrace(
      [
        "fund",
        "propose",
        "--unit",
        province,
        "--document-number",
        "财农〔2026〕5号",
        "--year",
        "2026",
        ...centralTransferArgs(),
        "--amount",
        formatYuan(fundAmount),
        "--document",
        doc(
          "budget-approval.txt",
          "财农〔2026〕5号: 2026 central rural revitalisation (衔接) subsidy to Guizhou, household production support",
        ),
        "--type",
        "special",
        "--from",
        `prep-${province}`,
      ],
      "all",
    );
    await fundtrace(["proposals", "approve", "1", "--from", `appr-${province}`]);
    // Anyone finds the fund from its document number, however it was typed.
    await fundtrace(["fund", "find", "财农(2026)5号"]);

    section("allocations down the hierarchy: 23 proposals, each approved by a second officer");
    let proposal = 1;
    for (const level of [1, 2, 3, 4]) {
      for (const parent of units.filter((x) => levelOf(x.code) === level)) {
        for (const child of units.filter((c) => levelOf(c.code) === level + 1 && parentOf(c.code) === parent.code)) {
          const amount = formatYuan(need.get(child.code)!);
          const file = doc(
            `allocation-${child.code}.txt`,
            `allocation of fund 1 to ${child.code} ${child.name}: ${amount} yuan`,
          );
          const verbose = level === 1 ? "result" : "none";
          await fundtrace(
            ["allocate", "1", parent.code, child.code, amount, "--document", file, "--from", `prep-${parent.code}`],
            verbose,
          );
          proposal++;
          await fundtrace(["proposals", "approve", String(proposal), "--from", `appr-${parent.code}`], verbose);
        }
      }
    }
    console.log(`  ${proposal - 1} allocations executed`);

    section(
      "roster publication: validate each sheet, pseudonymise IDs with the bureau key, write the village notice, commit on chain",
    );
    const rosterIds = new Map<string, string>();
    for (const [i, s] of sheets.entries()) {
      const r = await fundtrace(
        [
          "roster",
          "publish",
          "--fund",
          "1",
          "--village",
          s.village,
          "--csv",
          s.file,
          "--out",
          join(OUT, "rosters"),
          "--from",
          `prep-${s.village}`,
          "--json",
        ],
        i < 2 ? "all" : "none",
      );
      rosterIds.set(s.village, (r.data as { rosterId: string }).rosterId);
    }
    console.log(`  12 rosters published: ids ${[...rosterIds.values()].join(", ")}`);
    const objected = sheets[2]!.village;
    const objectedRoster = rosterIds.get(objected)!;
    await fundtrace([
      "roster",
      "object",
      objectedRoster,
      "--document",
      doc("objection.txt", "a resident says household 17 moved away in 2025"),
      "--from",
      "inspector",
    ]);

    section("the 10-day announcement window passes (time advanced on the local chain); the council's 7-day delay too");
    await rpc(node.url, "evm_increaseTime", [10 * 24 * 3600 + 60]);
    await rpc(node.url, "evm_mine", []);
    await fundtrace(["governance", "execute", "1", "--from", "inspector"]);
    await fundtrace(["governance", "list"]);
    await fundtrace(["roster", "show", objectedRoster]);
    await fundtrace(["roster", "approve", objectedRoster, "--from", `appr-${objected}`], "result", 6);
    await fundtrace([
      "roster",
      "resolve",
      objectedRoster,
      "0",
      "--dismiss",
      "--document",
      doc("resolution.txt", "checked: the household still lives in the village"),
      "--from",
      `appr-${objected}`,
    ]);
    // The objection came from an inspector: the dismissal stands once an inspector concurs.
    await fundtrace(["roster", "concur", objectedRoster, "0", "--from", "inspector"]);

    section("approval of the 12 rosters by each village's approver");
    for (const s of sheets)
      await fundtrace(["roster", "approve", rosterIds.get(s.village)!, "--from", `appr-${s.village}`], "none");
    console.log("  12 rosters approved");

    section("disbursement: 5,040 households in batches of at most 100, journaled");
    const payStart = Date.now();
    for (const [i, s] of sheets.entries()) {
      await fundtrace(
        [
          "disburse",
          "--roster-file",
          join(OUT, "rosters", `roster-${BigInt(s.village)}-fund1.json`),
          "--bank-ref",
          `ABC-2026-${s.village}`,
          "--households-per-tx",
          "100",
          "--from",
          `prep-${s.village}`,
        ],
        i === 0 ? "live" : "result",
      );
    }
    const paySeconds = (Date.now() - payStart) / 1000;
    console.log(`  5,040 households paid in ${paySeconds.toFixed(1)} s`);

    section("bank results: 5 failed payments in two villages, recorded, then re-issued");
    const failedOf = (i: number) =>
      new Set(i > 1 ? [] : [3, 50, 77, 200, 399].filter((_, k) => (i === 0 ? k < 3 : k >= 3)));
    for (const [i, s] of sheets.slice(0, 2).entries()) {
      const failed = failedOf(i);
      const lines = [
        "身份证号,金额,状态,失败原因",
        ...s.rows.map((h, k) => `${h.residentId},"${h.amount}",${failed.has(k) ? "失败,账户已销户" : "成功,"}`),
      ];
      const file = join(OUT, "rosters", `bank-results-${s.village}.csv`);
      writeFileSync(file, `${lines.join("\r\n")}\r\n`);
      const record = join(OUT, "rosters", `roster-${BigInt(s.village)}-fund1.json`);
      await fundtrace(["bank", "import", "--roster-file", record, "--results", file, "--from", `prep-${s.village}`]);
      await fundtrace([
        "disburse",
        "--reissue",
        "--roster-file",
        record,
        "--bank-ref",
        `ABC-2026-R-${s.village}`,
        "--from",
        `prep-${s.village}`,
      ]);
    }

    section("a village returns its unspent headroom to its township");
    const returning = sheets[5]!;
    const headroom = formatYuan(returning.total / 100n);
    await fundtrace(
      [
        "return",
        "1",
        returning.village,
        headroom,
        "--document",
        doc("return.txt", "unspent 2026 household production support"),
        "--from",
        `prep-${returning.village}`,
      ],
      "all",
    );
    proposal++;
    await fundtrace(["proposals", "approve", String(proposal), "--from", `appr-${returning.village}`]);

    section("the inspector freezes a village; money can no longer leave it");
    const frozen = sheets[7]!.village;
    await fundtrace([
      "freeze",
      "unit",
      frozen,
      "--document",
      doc("freeze.txt", "inspection 2026-041"),
      "--from",
      "inspector",
    ]);
    await fundtrace(
      [
        "return",
        "1",
        frozen,
        "10.00",
        "--document",
        doc("return-frozen.txt", "attempt"),
        "--from",
        `prep-${frozen}`,
        "--dry-run",
      ],
      "result",
      6,
    );
    await fundtrace([
      "finding",
      "unit",
      frozen,
      "--category",
      "idle-balance",
      "--document",
      doc("finding.txt", "headroom held without purpose"),
      "--from",
      "inspector",
    ]);

    section("where the money is: the flow tree, province to villages, reconciled to the fen");
    const tree = await fundtrace(["fund", "tree", "1", "--names", "scripts/demo/units.csv"], "result");
    if (!tree.stdout.includes("balanced to the fen")) throw new Error("the fund does not reconcile");
    const json = await fundtrace(["fund", "tree", "1", "--json"], "none");
    writeFileSync(join(OUT, "fund-1-tree.json"), JSON.stringify(json.data, null, 2));

    section(
      "the inspector's audit, from the chain's events alone: trace, reconciliation with the bank, anomalies, report",
    );
    // The bank's results for the whole fund: every payment, the failed ones, and their re-issues.
    const bankLines = ["身份证号,金额,状态"];
    for (const [i, s] of sheets.entries()) {
      const failed = failedOf(i);
      s.rows.forEach((h, k) => {
        bankLines.push(`${h.residentId},"${h.amount}",${failed.has(k) ? "失败" : "成功"}`);
        if (failed.has(k)) bankLines.push(`${h.residentId},"${h.amount}",成功`);
      });
    }
    const bankFile = join(OUT, "bank-results-fund1.csv");
    writeFileSync(bankFile, `${bankLines.join("\r\n")}\r\n`);
    await fundtrace(["audit", "trace", "1", "--unit", sheets[0]!.village]);
    const reconciled = await fundtrace(["audit", "reconcile", "1", "--bank", bankFile]);
    if (!reconciled.stdout.includes("RECONCILED") || reconciled.stdout.includes("NOT RECONCILED"))
      throw new Error("the audit does not reconcile");
    await fundtrace(["audit", "anomalies"]);
    await fundtrace([
      "audit",
      "report",
      "--out",
      join(OUT, "audit"),
      "--bank",
      `1=${bankFile}`,
      "--names",
      "scripts/demo/units.csv",
    ]);
    console.log(`\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; files under ${OUT}`);
  } finally {
    await node.stop();
  }
}

await demo();
