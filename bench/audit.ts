/**
 * Audit reads against a node (`npm run node`, a separate process) holding
 * funds of 1,000, 10,000 and 100,000 household payments and a second
 * 1,000-payment fund made last, after all the others:
 * - trace + household records + reconciliation of each fund, beside a raw
 *   `eth_getLogs` of every log of that fund's blocks (the floor: no audit
 *   can read less), each in a fresh process, median of runs;
 * - one household's history across the whole chain;
 * - peak memory (max RSS) of each read.
 * The two 1,000-payment funds, one read with 1,000 and one with 111,000
 * payments on the chain before it, show that the time follows the fund, not
 * the chain's length.
 */
import { spawn } from "node:child_process";

import { network } from "hardhat";
import { type Hex, keccak256, toHex } from "viem";

import { startNode } from "../scripts/lib/processes.ts";
import { buildRoster, selectAll } from "@fundtrace/sdk";
import { createFund, deployScenario, doc, enrolRoster, fundVillage, type Scenario } from "../test/helpers/scenario.ts";

export interface AuditSize {
  label: string;
  payments: number;
  fund: bigint;
  blocks: [bigint, bigint];
  audit: { seconds: number; maxRssMiB: number };
  floor: { seconds: number; maxRssMiB: number; logs: number };
}

export interface AuditBench {
  sizes: AuditSize[];
  household: { seconds: number; records: number; chainPayments: number };
}

const PAGES_PER_TX = 16;

/** A fund of `count` payments: created, allocated down, one roster published, approved and paid in batches. */
async function paidFund(
  s: Scenario,
  label: string,
  count: number,
): Promise<{ fund: bigint; blocks: [bigint, bigint]; first: Hex }> {
  const provider = s.connection.ethers.provider;
  const start = BigInt(await provider.getBlockNumber()) + 1n;
  const entries = Array.from({ length: count }, (_, i) => ({
    household: keccak256(toHex(`${label}-${i}`)),
    amount: 10_000n + BigInt(i % 97) * 100n,
  }));
  const roster = buildRoster(entries);
  const fund = await createFund(s, roster.total, `audit-bench-${label}`);
  await fundVillage(s, fund, roster.total);
  const officers = s.officers.village;
  await (
    await s.rosterBook
      .connect(officers.preparer)
      .publishRoster(
        fund,
        s.units.village,
        s.units.village,
        roster.root,
        roster.entryCount,
        roster.total,
        doc("notice"),
      )
  ).wait();
  const id = await s.rosterBook.rosterCount();
  await enrolRoster(s.rosterBook, officers.preparer, roster, id);
  await s.connection.networkHelpers.time.increase(10 * 24 * 3600);
  const required = Number((await s.rosterBook.rosterOf(id)).requiredApprovals);
  for (let i = 0; i < required; i++) await (await s.rosterBook.connect(officers.approvers[i]).approveRoster(id)).wait();
  for (let i = 0; i < roster.pages.length; i += PAGES_PER_TX) {
    const pages = roster.pages
      .slice(i, i + PAGES_PER_TX)
      .map((p) => ({ page: p.page, select: selectAll(p.entries.length), entries: p.data }));
    await (
      await s.rosterBook
        .connect(officers.preparer)
        .disburse(id, pages, doc(`bank-${label}-${i}`), { gasLimit: 28_000_000 })
    ).wait();
  }
  const end = BigInt(await provider.getBlockNumber());
  return { fund, blocks: [start, end], first: entries[0]!.household };
}

interface ReadResult {
  seconds: number;
  maxRssMiB: number;
  count: number;
}

function read(args: string[]): Promise<ReadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bench/audit-read.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split("\n").at(-1)!) as ReadResult);
      else reject(new Error(`audit read ${args[0]} failed:\n${out}${err}`));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measureAudit(runs = 3): Promise<AuditBench> {
  const node = await startNode();
  try {
    const connection = await network.create({ network: "startedNode", override: { url: node.url } });
    const s = await deployScenario(connection, { deploymentId: `test-bench-audit-${process.pid}` });
    const plan: [string, number][] = [
      ["1k-first", 1_000],
      ["100k", 100_000],
      ["10k", 10_000],
      ["1k-last", 1_000],
    ];
    const funds = [];
    for (const [label, count] of plan) {
      const t = Date.now();
      funds.push({ label, count, ...(await paidFund(s, label, count)) });
      console.error(
        `audit bench: fund ${label} paid (${count} households) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
      );
    }
    const deployment = {
      chainId: Number(await connection.ethers.provider.send("eth_chainId", [])),
      registry: await s.registry.getAddress(),
      ledger: await s.ledger.getAddress(),
      rosterBook: await s.rosterBook.getAddress(),
    };
    const sizes: AuditSize[] = [];
    for (const f of funds) {
      const d = JSON.stringify({
        ...deployment,
        fromBlock: `0x${f.blocks[0].toString(16)}`,
        toBlock: `0x${f.blocks[1].toString(16)}`,
      });
      const audits = [];
      const floors = [];
      // Alternate the two, so that both see the same machine load.
      for (let i = 0; i < runs; i++) {
        floors.push(await read(["floor", node.url, d, String(f.fund)]));
        audits.push(await read(["audit", node.url, d, String(f.fund)]));
      }
      if (audits[0]!.count !== f.count)
        throw new Error(`fund ${f.label}: the audit read ${audits[0]!.count} payments, expected ${f.count}`);
      sizes.push({
        label: f.label,
        payments: f.count,
        fund: f.fund,
        blocks: f.blocks,
        audit: {
          seconds: median(audits.map((a) => a.seconds)),
          maxRssMiB: Math.max(...audits.map((a) => a.maxRssMiB)),
        },
        floor: {
          seconds: median(floors.map((a) => a.seconds)),
          maxRssMiB: Math.max(...floors.map((a) => a.maxRssMiB)),
          logs: floors[0]!.count,
        },
      });
      console.error(
        `audit bench: ${f.label}: audit ${sizes.at(-1)!.audit.seconds.toFixed(3)} s, floor ${sizes.at(-1)!.floor.seconds.toFixed(3)} s`,
      );
    }
    const big = funds.find((f) => f.label === "100k")!;
    const d = JSON.stringify({ ...deployment, fromBlock: "0x0", toBlock: "0x0" });
    const histories = [];
    for (let i = 0; i < 5; i++) histories.push(await read(["household", node.url, d, String(big.fund), big.first]));
    return {
      sizes,
      household: {
        seconds: median(histories.map((h) => h.seconds)),
        records: histories[0]!.count,
        chainPayments: funds.reduce((n, f) => n + f.count, 0),
      },
    };
  } finally {
    await node.stop();
  }
}

// Run alone: `node --import ... bench/audit.ts` is not needed; `npm run bench` calls measureAudit.
