/**
 * Households per second, end to end: `fundtrace disburse` as a process
 * against a local Hardhat node (`npm run node`) paying a 10,000-household
 * roster, beside a baseline that pays another 10,000-household roster with
 * one transaction per household through the same SDK (signed locally, sent,
 * receipt awaited), measured in the same run on the same node.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from "viem/accounts";

import { households, random, rosterCsv } from "../scripts/demo/households.ts";
import { editConfigFile, readConfigFile } from "../scripts/lib/config-file.ts";
import { centralTransferArgs } from "../scripts/lib/fund-args.ts";
import { cli } from "../scripts/lib/in-process-cli.ts";
import { startNode } from "../scripts/lib/processes.ts";
import { buildRoster, disburse, formatYuan, parseYuan, sendCall } from "@fundtrace/sdk";
import { decryptKeystore, loadIgnitionDeployment } from "@fundtrace/sdk/node";

const UNITS = ["520000000000", "520100000000", "520121000000", "520121101000"];
const VILLAGES = ["520121101200", "520121101202"];

export interface Throughput {
  households: number;
  cli: { seconds: number; perSecond: number; transactions: number };
  baseline: { households: number; seconds: number; perSecond: number };
}

export async function measureCliThroughput(count: number, baselineCount: number): Promise<Throughput> {
  const dir = mkdtempSync(join(tmpdir(), "fundtrace-bench-"));
  const config = join(dir, "fundtrace.config.json");
  process.env.FUNDTRACE_PASSWORD = "bench-only-password";
  const node = await startNode();
  const deploymentId = `test-bench-${process.pid}`;
  try {
    await cli(config, ["init"]);
    editConfigFile(config, (c) => (c.networks.local!.rpcUrl = node.url));
    for (const name of ["governor", "preparer", "approver"])
      await cli(config, ["accounts", "create", name, "--scrypt-n", "1024"]);
    await cli(config, ["pseudonym-key", "create", "bureau", "--scrypt-n", "1024"]);
    await cli(config, ["deploy", "--from", "governor", "--deployment-id", deploymentId]);
    await cli(config, ["roles", "grant", "registrar", "governor", "--from", "governor"]);
    writeFileSync(join(dir, "units.csv"), `code\n${[...UNITS, ...VILLAGES].join("\n")}\n`);
    await cli(config, ["units", "register", "--csv", join(dir, "units.csv"), "--from", "governor"]);
    for (const unit of [...UNITS, ...VILLAGES]) {
      await cli(config, ["officers", "add", unit, "preparer", "preparer", "--from", "governor"]);
      await cli(config, ["officers", "add", unit, "approver", "approver", "--from", "governor"]);
    }
    // No fund before the hand-over; the bench never needs the council afterwards.
    const fresh = () => privateKeyToAddress(generatePrivateKey());
    await cli(config, [
      "governance",
      "hand-over",
      "--council",
      fresh(),
      fresh(),
      fresh(),
      "--threshold",
      "2",
      "--guardians",
      fresh(),
      "--from",
      "governor",
    ]);
    const rand = random(10_000);
    const taken = new Set<string>();
    const sheets = VILLAGES.map((village, i) => {
      const rows = households(i === 0 ? count : baselineCount, "520121", rand, taken);
      const total = rows.reduce((n, h) => n + parseYuan(h.amount), 0n);
      const file = join(dir, `${village}.csv`);
      writeFileSync(file, rosterCsv(village, rows, formatYuan(total)));
      return { village, file, total };
    });
    const amount = sheets.reduce((n, s) => n + s.total, 0n);
    const doc = join(dir, "doc.txt");
    writeFileSync(doc, "bench");
    await cli(config, [
      "fund",
      "propose",
      "--unit",
      UNITS[0]!,
      "--document-number",
      "BENCH",
      "--year",
      "2026",
      ...centralTransferArgs(),
      "--amount",
      formatYuan(amount),
      "--document",
      doc,
      "--from",
      "preparer",
    ]);
    let proposal = 1;
    await cli(config, ["proposals", "approve", String(proposal), "--from", "approver"]);
    const moves: [string, string, bigint][] = [
      [UNITS[0]!, UNITS[1]!, amount],
      [UNITS[1]!, UNITS[2]!, amount],
      [UNITS[2]!, UNITS[3]!, amount],
      ...sheets.map((s) => [UNITS[3]!, s.village, s.total] as [string, string, bigint]),
    ];
    for (const [from, to, value] of moves) {
      await cli(config, ["allocate", "1", from, to, formatYuan(value), "--document", doc, "--from", "preparer"]);
      await cli(config, ["proposals", "approve", String(++proposal), "--from", "approver"]);
    }
    const records: string[] = [];
    for (const s of sheets) {
      const r = await cli(config, [
        "roster",
        "publish",
        "--fund",
        "1",
        "--village",
        s.village,
        "--csv",
        s.file,
        "--out",
        dir,
        "--from",
        "preparer",
        "--json",
      ]);
      records.push((r.data as { record: string }).record);
    }
    await cli(config, ["network", "advance-time", "11"]);
    for (const id of ["1", "2"]) await cli(config, ["roster", "approve", id, "--from", "approver"]);

    // The CLI, as a process, with its default batching and journal.
    const started = process.hrtime.bigint();
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(
        process.execPath,
        [
          resolve("cli/bin/fundtrace.ts"),
          "disburse",
          "--roster-file",
          records[0]!,
          "--bank-ref",
          "BENCH-CLI",
          "--from",
          "preparer",
          "--config",
          config,
          "--yes",
          "--json",
        ],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("close", (code) => {
        done({ code, stdout, stderr });
      });
    });
    const cliSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.code !== 0) throw new Error(`fundtrace disburse failed:\n${result.stdout}${result.stderr}`);
    const paid = (JSON.parse(result.stdout) as { data: { households: number; transactions: string[] } }).data;
    if (paid.households !== count) throw new Error(`the CLI paid ${paid.households} of ${count}`);

    // The baseline: one transaction per household through the SDK, same node, same signer.
    const deploymentRecord = readConfigFile(config).networks.local!.deployment;
    if (deploymentRecord === undefined || !("ignition" in deploymentRecord))
      throw new Error("the deployment was not recorded");
    const deployment = loadIgnitionDeployment(resolve(dir, deploymentRecord.ignition), { feeMode: "zero" });
    const key = await decryptKeystore(
      readFileSync(join(dir, "keystores", "preparer.keystore.json"), "utf8"),
      process.env.FUNDTRACE_PASSWORD,
    );
    const account = privateKeyToAccount(key);
    const publicClient = createPublicClient({ transport: http(node.url), pollingInterval: 10 }) as PublicClient;
    const chain = {
      id: 20520,
      name: "local",
      nativeCurrency: { name: "none", symbol: "NONE", decimals: 18 },
      rpcUrls: { default: { http: [node.url] } },
    };
    const wallet = createWalletClient({ account, chain, transport: http(node.url) });
    const record = JSON.parse(readFileSync(records[1]!, "utf8")) as { entries: [`0x${string}`, string][] };
    const entries = record.entries.map(([household, value]) => ({ household, amount: BigInt(value) }));
    const roster = buildRoster(entries, { order: "as-given" });
    const baselineStart = process.hrtime.bigint();
    for (const page of roster.pages) {
      for (let slot = 0; slot < page.entries.length; slot++) {
        const call = disburse(deployment, {
          rosterId: 2n,
          pages: [{ page, select: 1n << BigInt(slot) }],
          bankBatchRef: `0x${"00".repeat(32)}`,
        });
        await sendCall(wallet, call, { publicClient, deployment, skipSimulation: true, gas: 400_000n });
      }
    }
    const baselineSeconds = Number(process.hrtime.bigint() - baselineStart) / 1e9;
    return {
      households: count,
      cli: { seconds: cliSeconds, perSecond: count / cliSeconds, transactions: paid.transactions.length },
      baseline: { households: baselineCount, seconds: baselineSeconds, perSecond: baselineCount / baselineSeconds },
    };
  } finally {
    await node.stop();
    rmSync(join("ignition", "deployments", deploymentId), { recursive: true, force: true });
    rmSync(join("ignition", "deployments", `${deploymentId}.parameters.json`), { force: true });
  }
}
