/**
 * The disbursement journal under fire: `fundtrace disburse` is killed with
 * SIGKILL at random moments while it pays a 1,000-household roster, at
 * least 20 times, and simply run again each time. In the end every
 * household is paid exactly once: one HouseholdPaid record per entry, the
 * roster's paid total equal to its total, and the fund still reconciled.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

import { expect } from "chai";

import { defineDeployment, formatYuan, getContractEvents, getRoster, parseYuan } from "@fundtrace/sdk";
import { households, random, rosterCsv } from "../../scripts/demo/households.ts";
import { readConfigFile } from "../../scripts/lib/config-file.ts";
import { centralTransferArgs } from "../../scripts/lib/fund-args.ts";
import { BIN, Workspace } from "../helpers/cli.ts";
import { deployOverRpc, handOverOverRpc, useNode } from "../helpers/processes.ts";

const UNITS = ["520000000000", "520100000000", "520121000000", "520121101000", "520121101200"];
const VILLAGE = UNITS[4]!;
const HOUSEHOLDS = 1_000;
const KILLS = 20;

interface Run {
  killed: boolean;
  code: number | null;
  stderr: string;
}

/** Starts a disbursement; once it has begun sending, kills it after a random delay (or lets it finish). */
function disburse(ws: Workspace, args: string[], killAfterMs: number | undefined): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn("node", [BIN, ...args], {
      env: { ...process.env, FUNDTRACE_CONFIG: join(ws.dir, "fundtrace.config.json") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let killed = false;
    child.stderr.on("data", (chunk: Buffer) => {
      const before = stderr;
      stderr += chunk.toString();
      if (killAfterMs !== undefined && !before.includes("sending") && stderr.includes("sending")) {
        setTimeout(() => {
          if (child.exitCode === null) {
            killed = child.kill("SIGKILL");
          }
        }, killAfterMs);
      }
    });
    child.stdout.resume();
    child.on("close", (code) => {
      resolve({ killed, code, stderr });
    });
  });
}

describe("disbursement killed at random moments", function () {
  this.timeout(900_000);
  const node = useNode("cli-crash");

  it(`pays each of ${HOUSEHOLDS} households exactly once across ${KILLS}+ SIGKILLs`, async function () {
    const ws = new Workspace(node.url);
    await ws.init(["governor", ...UNITS.flatMap((u) => [`prep-${u}`, `appr-${u}`])]);
    const addresses = await deployOverRpc(node.url, ws.keys.get("governor")!, node.deploymentId);
    const config = readConfigFile(join(ws.dir, "fundtrace.config.json"));
    config.networks.local!.deployment = {
      registry: addresses.UnitRegistry,
      ledger: addresses.FundLedger,
      rosterBook: addresses.RosterBook,
      deploymentBlock: "0",
    };
    ws.file("fundtrace.config.json", JSON.stringify(config));
    const deployment = defineDeployment({
      chainId: 20520,
      registry: addresses.UnitRegistry,
      ledger: addresses.FundLedger,
      rosterBook: addresses.RosterBook,
      deploymentBlock: 0n,
      feeMode: "zero",
    });

    await ws.send(["roles", "grant", "registrar", ws.address("governor"), ...ws.as("governor")]);
    await ws.send([
      "units",
      "register",
      "--csv",
      ws.file("units.csv", `code\n${UNITS.join("\n")}\n`),
      ...ws.as("governor"),
    ]);
    for (const unit of UNITS) {
      await ws.send(["officers", "add", unit, "preparer", ws.address(`prep-${unit}`), ...ws.as("governor")]);
      await ws.send(["officers", "add", unit, "approver", ws.address(`appr-${unit}`), ...ws.as("governor")]);
    }
    await handOverOverRpc(node.url, ws.keys.get("governor")!, node.deploymentId, addresses.UnitRegistry);
    const rows = households(HOUSEHOLDS, "520121", random(4242));
    const total = rows.reduce((n, h) => n + parseYuan(h.amount), 0n);
    const doc = ws.file("doc.txt", "document");
    await ws.send([
      "fund",
      "propose",
      "--unit",
      UNITS[0]!,
      "--document-number",
      "CRASH-1",
      "--year",
      "2026",
      ...centralTransferArgs(),
      "--amount",
      formatYuan(total),
      "--document",
      doc,
      ...ws.as(`prep-${UNITS[0]}`),
    ]);
    await ws.send(["proposals", "approve", "1", ...ws.as(`appr-${UNITS[0]}`)]);
    for (let level = 0; level < 4; level++) {
      await ws.send([
        "allocate",
        "1",
        UNITS[level]!,
        UNITS[level + 1]!,
        formatYuan(total),
        "--document",
        doc,
        ...ws.as(`prep-${UNITS[level]}`),
      ]);
      await ws.send(["proposals", "approve", String(level + 2), ...ws.as(`appr-${UNITS[level]}`)]);
    }
    await ws.run(["pseudonym-key", "create", "bureau", "--password-file", ws.passwordFile, "--scrypt-n", "1024"]);
    const csv = ws.file("roster.csv", rosterCsv(VILLAGE, rows, formatYuan(total)));
    const published = await ws.send<{ record: string }>([
      "roster",
      "publish",
      "--fund",
      "1",
      "--village",
      VILLAGE,
      "--csv",
      csv,
      "--out",
      ws.dir,
      "--key-password-file",
      ws.passwordFile,
      ...ws.as(`prep-${VILLAGE}`),
    ]);
    await ws.rpc("evm_increaseTime", [10 * 86_400 + 1]);
    await ws.rpc("evm_mine", []);
    await ws.send(["roster", "approve", "1", ...ws.as(`appr-${VILLAGE}`)]);

    // Four households per transaction: 250 transactions, so that kills land all along the run.
    const args = [
      "disburse",
      "--roster-file",
      published.record,
      "--bank-ref",
      "CRASH-BATCH",
      "--households-per-tx",
      "4",
      ...ws.as(`prep-${VILLAGE}`),
      "--yes",
      "--json",
    ];
    const rand = random(Number(process.env.FUNDTRACE_FUZZ_SEED ?? Date.now() % 1_000_000));
    let kills = 0;
    let resumed = 0;
    let finished = false;
    for (let attempt = 0; attempt < 80 && kills < KILLS; attempt++) {
      // Up to 150 ms of sending per run: on a fast node 300 ms let the whole roster be paid before the 20th kill.
      const r = await disburse(ws, args, Math.floor(rand() * 150));
      if (/resumed from/.test(r.stderr)) resumed++;
      if (r.killed) kills++;
      else {
        expect(r.code, r.stderr).to.equal(0);
        finished = true;
        break;
      }
    }
    expect(kills, "kills during the run").to.be.at.least(KILLS);
    if (!finished) {
      const last = await disburse(ws, args, undefined);
      expect(last.code, last.stderr).to.equal(0);
      if (/resumed from/.test(last.stderr)) resumed++;
    }
    // Once more: nothing is due, nothing is sent.
    const nonce = await ws.client.getTransactionCount({ address: ws.address(`prep-${VILLAGE}`) });
    const idle = await ws.send<{ households: number; transactions: string[] }>(
      args.filter((a) => a !== "--yes" && a !== "--json"),
    );
    expect(idle).to.deep.include({ households: 0, transactions: [] });
    expect(await ws.client.getTransactionCount({ address: ws.address(`prep-${VILLAGE}`) })).to.equal(nonce);

    const paid = await getContractEvents(ws.client, deployment, "rosterBook", "HouseholdPaid");
    const entries = paid.map((e) => Number(e.args.entry));
    expect(entries.length, "one payment record per household").to.equal(HOUSEHOLDS);
    expect(new Set(entries).size).to.equal(HOUSEHOLDS);
    const roster = await getRoster(ws.client, deployment, 1n);
    expect([roster.paid, roster.total]).to.deep.equal([total, total]);
    const tree = await ws.run(["fund", "tree", "1", "--json"]);
    expect((tree.envelope!.data as { reconciliation: { balanced: boolean } }).reconciliation.balanced).to.equal(true);
    console.log(
      `      ${kills} kills, ${resumed} runs resumed an interrupted transaction, ${entries.length} households paid once each`,
    );
    expect(resumed, "some kills landed between journaling and the receipt").to.be.greaterThan(0);
  });
});
