/**
 * The SDK's audit reads on a small scenario with known figures: the trace
 * and its dwell times, a fund's household records, one household's history
 * across funds and villages, reconciliation with the contracts (and a
 * planted difference), matching with a bank file (and planted differences),
 * and log reading through a node that refuses large ranges.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { network } from "hardhat";
import { type Hex, keccak256, type PublicClient, toHex } from "viem";

import {
  type BankRecord,
  collectAuditData,
  findAnomalies,
  type Deployment,
  fundPayments,
  type FundTraceError,
  householdHistory,
  readLogs,
  reconcileWithBank,
  reconcileWithChain,
  rpcSource,
  traceFund,
  unitsInOrder,
} from "@fundtrace/sdk";
import { openLogCache } from "@fundtrace/sdk/node";
import { buildAuditScenario, DAY, HOUSEHOLDS, pseudonymOf } from "../helpers/audit-scenario.ts";
import { CODES, deployScenario, doc, type PaidRoster, type Scenario } from "../helpers/scenario.ts";

describe("SDK audit", function () {
  let s: Scenario;
  let client: PublicClient;
  let deployment: Deployment;
  let fundA: bigint;
  let fundB: bigint;
  let rosterA: PaidRoster;
  /** A test household's pseudonym in `fund` (fund A unless given), or a stranger's. */
  const h = (label: string, fund = fundA): Hex =>
    label in HOUSEHOLDS
      ? pseudonymOf(HOUSEHOLDS[label as keyof typeof HOUSEHOLDS], fund)
      : keccak256(toHex(`household ${label}`));

  before(async function () {
    const connection = await network.create();
    s = await deployScenario(connection);
    client = await connection.viem.getPublicClient();
    ({ deployment, fundA, fundB, rosterA } = await buildAuditScenario(s));
  });

  it("traces a fund from province to village with every figure and dwell time", async function () {
    const trace = await traceFund(client, deployment, fundA);
    const byCode = new Map(unitsInOrder(trace).map((u) => [u.code, u]));
    expect([...byCode.keys()]).to.deep.equal(
      (["province", "city", "county", "township", "village"] as const).map((n) => CODES[n].toString()),
    );
    const province = byCode.get(CODES.province.toString())!;
    expect([province.received, province.allocated, province.balance]).to.deep.equal([10_000n, 10_000n, 0n]);
    // Five days, and the few seconds the proposal and its approval took.
    expect(province.averageDwellSeconds).to.be.within(5 * DAY, 5 * DAY + 60);
    expect(byCode.get(CODES.city.toString())!.averageDwellSeconds).to.be.within(2 * DAY, 2 * DAY + 60);
    const township = byCode.get(CODES.township.toString())!;
    expect([township.received, township.allocated, township.balance]).to.deep.equal([10_000n, 6_000n, 4_000n]);
    expect(township.heldSince !== null, "the township still holds money").to.equal(true);
    const village = byCode.get(CODES.village.toString())!;
    // Paid gross 600 + the re-issued 200; 200 failed and came back.
    expect([village.paid, village.failed, village.reissued, village.balance]).to.deep.equal([800n, 200n, 200n, 5_400n]);
    expect(trace.totals).to.deep.equal({ paid: 800n, failed: 200n, reissued: 200n, held: 9_400n, paidNet: 600n });
    expect([trace.terms?.source, trace.terms?.transferType, trace.terms?.amount]).to.deep.equal([
      "central",
      "general",
      10_000n,
    ]);
    // Passages account for every fen that ever stayed anywhere.
    const stillHeld = trace.passages.filter((p) => p.leftAt === null).reduce((n, p) => n + p.amount, 0n);
    expect(stillHeld).to.equal(trace.totals.held);
    const linked = await traceFund(client, deployment, fundA, { explorerTxUrl: "https://explorer.example/tx/{tx}" });
    expect(linked.movements[0]!.link).to.equal(`https://explorer.example/tx/${linked.movements[0]!.transactionHash}`);
  });

  it("reads a fund's household records and one household's history across funds and villages", async function () {
    const payments = await fundPayments(rpcSource(client), deployment, fundA);
    expect(payments.map((p) => [p.household, p.kind, p.amount, p.entry])).to.deep.equal([
      [h("one"), "paid", 100n, 0n],
      [h("two"), "paid", 200n, 1n],
      [h("three"), "paid", 300n, 2n],
      [h("two"), "failed", 200n, 1n],
      [h("two"), "reissued", 200n, 1n],
    ]);
    expect(new Set(payments.map((p) => p.rosterId))).to.deep.equal(new Set([rosterA.id]));
    expect(payments[0]!.village).to.equal(s.units.village);
    // One pseudonym is one fund's household; the same person's two pseudonyms (only the key gives them) find both.
    const inA = await householdHistory(rpcSource(client), deployment, h("one"));
    expect(inA.map((p) => [p.fund, p.village, p.amount])).to.deep.equal([[fundA, s.units.village, 100n]]);
    const history = await householdHistory(rpcSource(client), deployment, [h("one"), h("one", fundB)]);
    expect(history.map((p) => [p.fund, p.village, p.amount])).to.deep.equal([
      [fundA, s.units.village, 100n],
      [fundB, s.units.village2, 700n],
    ]);
    expect(await householdHistory(rpcSource(client), deployment, h("nobody"))).to.deep.equal([]);
  });

  it("reconciles every figure with the contracts, and reports a planted difference", async function () {
    const source = rpcSource(client);
    const trace = await traceFund(source, deployment, fundA);
    const payments = await fundPayments(source, deployment, fundA, { toBlock: trace.toBlock });
    const clean = await reconcileWithChain(source, deployment, trace, payments);
    expect(clean.differences).to.deep.equal([]);
    // 7 account figures for each of 5 units, what the village's households hold, 5 fund totals, 3 household sums
    // for the village (its own payer) and 1 for payers the fund never reached.
    expect(clean.checks.length).to.equal(5 * 7 + 1 + 5 + 3 + 1);
    // One fen less recorded at the township: exactly that check differs.
    trace.units.get(s.units.township.toLowerCase())!.balance -= 1n;
    const planted = await reconcileWithChain(source, deployment, trace, payments);
    expect(planted.differences.map((d) => [d.what, d.expected, d.actual])).to.deep.equal([
      [`unit ${CODES.township} balance`, 4_000n, 3_999n],
    ]);
    // A household record missing: the village's household sum no longer matches the ledger.
    const short = await reconcileWithChain(
      source,
      deployment,
      await traceFund(source, deployment, fundA),
      payments.slice(1),
    );
    expect(short.differences.map((d) => d.what)).to.deep.equal([`unit ${CODES.village} household payments`]);
  });

  it("matches payments with a bank file, and lists what the bank lacks, what the chain lacks, and mismatches", async function () {
    const payments = await fundPayments(rpcSource(client), deployment, fundA);
    const exact: BankRecord[] = [
      { line: 2, household: h("one"), amount: 100n, status: "success" },
      { line: 3, household: h("two"), amount: 200n, status: "failed" },
      { line: 4, household: h("three"), amount: 300n, status: "success" },
      { line: 5, household: h("two"), amount: 200n, status: "success" },
    ];
    const clean = reconcileWithBank(payments, exact);
    expect([clean.balanced, clean.matched, clean.attempts, clean.chainAmount, clean.bankAmount]).to.deep.equal([
      true,
      4,
      4,
      600n,
      600n,
    ]);

    const planted: BankRecord[] = [
      { line: 2, household: h("one"), amount: 1_000n, status: "success" }, // amount differs
      { line: 3, household: h("two"), amount: 200n, status: "failed" },
      { line: 4, household: h("two"), amount: 200n, status: "failed" }, // the re-issue succeeded on chain
      { line: 5, household: h("ghost"), amount: 300n, status: "success" }, // no such payment
      // household three: no bank record
    ];
    const result = reconcileWithBank(payments, planted);
    expect(result.balanced).to.equal(false);
    expect(
      result.differences.map((d) => [d.kind, d.household, d.bank?.line ?? null, d.chain?.amount ?? null]),
    ).to.deep.equal([
      ["amount-mismatch", h("one"), 2, 100n],
      ["status-mismatch", h("two"), 4, 200n],
      ["no-chain-payment", h("ghost"), 5, null],
      ["no-bank-record", h("three"), null, 300n],
    ]);
  });

  it("reads logs in chunks through a node that refuses large ranges, halving them, and passes other errors on", async function () {
    const head = await client.getBlockNumber();
    const direct = await client.request({
      method: "eth_getLogs",
      params: [{ address: deployment.rosterBook, fromBlock: "0x0", toBlock: `0x${head.toString(16)}` }],
    });
    expect(direct.length).to.be.greaterThan(10);
    let requests = 0;
    const refusing = {
      ...client,
      request: async (args: { method: string; params: [{ fromBlock: Hex; toBlock: Hex }] }) => {
        requests++;
        const [{ fromBlock, toBlock }] = args.params;
        if (BigInt(toBlock) - BigInt(fromBlock) + 1n > 3n) throw new Error("query returned more than 10000 results");
        return client.request(args as never);
      },
    } as unknown as PublicClient;
    const chunked = await readLogs(refusing, {
      address: deployment.rosterBook,
      topics: [],
      fromBlock: 0n,
      toBlock: head,
      chunkSize: 20n,
      concurrency: 3,
    });
    expect(chunked.map((l) => `${l.transactionHash}:${l.logIndex}`)).to.deep.equal(
      direct.map((l) => `${l.transactionHash}:${Number(l.logIndex)}`),
    );
    expect(requests).to.be.greaterThan(Number(head / 3n));
    const broken = {
      ...client,
      request: async () => Promise.reject(new Error("connection reset")),
    } as unknown as PublicClient;
    await readLogs(broken, { address: deployment.rosterBook, topics: [], fromBlock: 0n, toBlock: head }).then(
      () => expect.fail("a connection error must not be retried as a smaller range"),
      (error: unknown) =>
        expect([
          (error as FundTraceError).code,
          (error as FundTraceError).details,
          error instanceof Error && error.cause instanceof Error && error.cause.message,
        ]).to.deep.equal(["LOG_READ_FAILED", "connection reset", "connection reset"]),
    );
  });

  it("gives identical results from a local SQLite cache, which then reads only new blocks and empties itself on a different chain", async function () {
    const dir = mkdtempSync(join(tmpdir(), "fundtrace-cache-"));
    const calls: string[] = [];
    const counting = {
      ...client,
      request: async (args: { method: string }, options?: unknown) => (
        calls.push(args.method),
        client.request(args as never, options as never)
      ),
    } as unknown as PublicClient;
    const audit = async (source: Parameters<typeof traceFund>[0]) => {
      const data = await collectAuditData(source, deployment);
      const reconciled = await Promise.all(
        data.traces.map((t) =>
          reconcileWithChain(
            source,
            deployment,
            t,
            data.payments.filter((p) => p.fund === t.fund),
          ),
        ),
      );
      return {
        data,
        reconciled,
        anomalies: findAnomalies(data),
        history: await householdHistory(source, deployment, [h("one"), h("one", fundB)]),
      };
    };
    const direct = await audit(client);
    const cache = await openLogCache(counting, deployment, join(dir, "audit.sqlite"));
    try {
      const first = await audit(cache);
      expect(first).to.deep.equal(direct);
      const readsFirst = calls.filter((m) => m === "eth_getLogs").length;
      expect(readsFirst).to.be.greaterThan(0);
      // Nothing new on the chain: the second audit reads no log from the node.
      calls.length = 0;
      expect(await audit(cache)).to.deep.equal(direct);
      expect(calls.filter((m) => m === "eth_getLogs")).to.deep.equal([]);
      // One new block: only it is read.
      const snapshot = await s.connection.networkHelpers.takeSnapshot();
      const held = cache.syncedTo();
      await (await s.ledger.connect(s.inspector).freezeFund(fundB, doc("freeze"))).wait();
      const synced = await cache.sync();
      expect([synced.fromBlock, synced.toBlock, synced.logs, synced.reset]).to.deep.equal([
        held + 1n,
        held + 1n,
        1,
        false,
      ]);
      // The chain goes another way below the cached block (a different chain, or a reorganisation): the cache starts
      // over.
      await snapshot.restore();
      await (await s.ledger.connect(s.inspector).freezeUnit(s.units.village2, doc("freeze"))).wait();
      const again = await cache.sync();
      expect([again.reset, again.fromBlock]).to.deep.equal([true, 0n]);
      const after = await audit(cache);
      expect(after.anomalies).to.deep.equal(findAnomalies(await collectAuditData(client, deployment)));
      await snapshot.restore();
    } finally {
      cache.close();
    }
  });
});
