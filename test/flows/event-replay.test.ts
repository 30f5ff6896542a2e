/**
 * After a random scenario, every balance and state is rebuilt from events
 * alone and compared with the contracts' views. The scenario's seed is
 * printed; set FUNDTRACE_REPLAY_SEED (or the run's FUNDTRACE_FUZZ_SEED) to replay one.
 */
import { expect } from "chai";
import { artifacts, network } from "hardhat";
import { type Abi, decodeEventLog, type Hex, keccak256, toHex } from "viem";

import { buildRoster, type RosterCommitment, selectAll } from "@fundtrace/sdk";
import {
  allocate,
  createFund,
  deployScenario,
  doc,
  enrolRoster,
  payRoster,
  sdkDeployment,
  type UnitName,
} from "../helpers/scenario.ts";
import { random } from "../../scripts/lib/random.ts";
import { decodeEvents, fundPayments, reconcileWithChain, rpcSource, traceFund } from "@fundtrace/sdk";

// The run's fuzz seed (printed by npm test) also fixes this scenario.
const fuzzSeed = process.env.FUNDTRACE_FUZZ_SEED;
const seed = Number(
  process.env.FUNDTRACE_REPLAY_SEED ??
    (fuzzSeed !== undefined ? Number.parseInt(fuzzSeed.slice(-8), 16) : Math.floor(Math.random() * 2 ** 31)),
);

/** Lifts every freeze of `unit` in force, each by the office that made it (the scenario's inspector). */
async function liftUnitFreezes(s: Awaited<ReturnType<typeof deployScenario>>, unit: string): Promise<void> {
  for (let id = 1n; id <= (await s.ledger.freezeCount()); id++) {
    const f = await s.ledger.freezeOf(id);
    if (f.liftedAt === 0n && f.target === BigInt(unit))
      await (await s.ledger.connect(s.inspector).liftFreeze(id, doc("lift"))).wait();
  }
}

interface RosterRun {
  id: bigint;
  village: UnitName;
  /** The unit that pays it: the village, its township or its county. */
  payer: UnitName;
  commitment: RosterCommitment;
}

interface Replayed {
  accounts: Map<
    string,
    {
      balance: bigint;
      paid: bigint;
      received: bigint;
      allocated: bigint;
      returned: bigint;
      reclaimed: bigint;
      failed: bigint;
      lastMovementAt: bigint;
    }
  >;
  holdings: Map<string, bigint>;
  funds: Map<bigint, { status: number; amount: bigint; paid: bigint; failed: bigint }>;
  proposals: Map<bigint, { status: number; approvals: string[]; proposer: string }>;
  rosters: Map<
    bigint,
    {
      status: number;
      paid: bigint;
      failed: bigint;
      village: string;
      approvals: string[];
      payerApprovals: string[];
      openObjections: number;
    }
  >;
  entries: Map<string, number>;
  /** Freezes in force per unit and per fund. */
  unitFreezes: Map<string, number>;
  fundFreezes: Map<bigint, number>;
  findings: number;
}

const key = (...parts: unknown[]): string => parts.map(String).join("/");

describe(`event replay (seed ${seed})`, function () {
  this.timeout(300_000);

  it("rebuilds every balance and state from events alone", async function () {
    const connection = await network.create();
    const s = await deployScenario(connection);
    const rand = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const { time } = connection.networkHelpers;
    const rosters: RosterRun[] = [];
    const funds = [await createFund(s, 20_000_000_000n, "line-A"), await createFund(s, 5_000_000_000n, "line-B")];
    const chain: UnitName[] = ["province", "city", "county", "township"];
    // Start with money at both villages so that rosters can be paid.
    for (const unit of chain.slice(0, 3))
      await allocate(s, funds[0]!, unit, chain[chain.indexOf(unit) + 1]!, 400_000_000n);
    await allocate(s, funds[0]!, "township", "village", 100_000_000n);
    await allocate(s, funds[0]!, "township", "village2", 100_000_000n);

    const tryTx = async (f: () => Promise<{ wait(): Promise<unknown> }>): Promise<boolean> => {
      try {
        await (await f()).wait();
        return true;
      } catch {
        return false;
      }
    };

    for (let step = 0; step < 60; step++) {
      const fund = pick(funds);
      const action = Math.floor(rand() * 9);
      if (action <= 1) {
        // allocate down one level
        const level = Math.floor(rand() * 5);
        const from: UnitName = level < 4 ? chain[level]! : "township";
        const to: UnitName = level < 3 ? chain[level + 1]! : pick(["village", "village2"] as const);
        const balance = await s.ledger.balanceOf(s.units[from], fund);
        if (balance > 0n && !(await s.ledger.isUnitFrozen(s.units[from]))) {
          await allocate(
            s,
            fund,
            from,
            to,
            1n + BigInt(Math.floor(rand() * Number(balance > 10n ** 12n ? 10n ** 12n : balance))),
          );
        }
      } else if (action === 2) {
        const unit = pick(["city", "county", "township", "village", "village2"] as const);
        const balance = await s.ledger.balanceOf(s.units[unit], fund);
        if (balance > 0n) {
          const amount = 1n + (balance * BigInt(Math.floor(rand() * 100))) / 100n - (balance === 1n ? 0n : 1n);
          const reclaim = rand() < 0.5;
          const actor = reclaim ? (await s.registry.unitOf(s.units[unit])).parent : s.units[unit];
          const actorName = (Object.keys(s.units) as UnitName[]).find((n) => s.units[n] === actor)!;
          const sent = await tryTx(() =>
            reclaim
              ? s.ledger.connect(s.officers[actorName].preparer).proposeReclaim(fund, s.units[unit], amount, doc("r"))
              : s.ledger.connect(s.officers[unit].preparer).proposeReturn(fund, s.units[unit], amount, doc("r")),
          );
          if (sent) {
            const id = await s.ledger.proposalCount();
            const proposal = await s.ledger.proposalOf(id);
            if (rand() < 0.2) {
              await tryTx(() => s.ledger.connect(s.officers[actorName].approvers[0]).rejectProposal(id, doc("no")));
            } else {
              for (let i = 0; i < Number(proposal.requiredApprovals); i++) {
                await tryTx(() => s.ledger.connect(s.officers[actorName].approvers[i]).approveProposal(id));
              }
            }
          }
        }
      } else if ((action === 3 || step === 0) && rosters.length < 4) {
        // Rosters are paid from the first fund, which the setup brought to both villages.
        const village = pick(["village", "village2"] as const);
        const payer = pick([village, "township", "county"] as const);
        const count = 1 + Math.floor(rand() * 600);
        const commitment = buildRoster(
          Array.from({ length: count }, (_, i) => ({
            household: keccak256(toHex(`${seed}-${rosters.length}-${i}`)),
            amount: 100n + BigInt(Math.floor(rand() * 50_000)),
          })),
        );
        await (
          await s.rosterBook
            .connect(s.officers[village].preparer)
            .publishRoster(
              funds[0]!,
              s.units[village],
              s.units[payer],
              commitment.root,
              commitment.entryCount,
              commitment.total,
              doc("notice"),
            )
        ).wait();
        const id = await s.rosterBook.rosterCount();
        await enrolRoster(s.rosterBook, s.officers[village].preparer, commitment, id);
        if (rand() < 0.3) {
          await (await s.rosterBook.connect(s.inspector).fileObjection(id, doc("objection"))).wait();
          await (
            await s.rosterBook
              .connect(s.officers[village].approvers[0])
              .resolveObjection(id, 0, rand() < 0.3, doc("ruling"))
          ).wait();
        }
        await time.increase(10 * 24 * 3600);
        const roster = await s.rosterBook.rosterOf(id);
        for (let i = 0; i < Number(roster.requiredApprovals); i++) {
          await tryTx(() => s.rosterBook.connect(s.officers[village].approvers[i]).approveRoster(id));
        }
        for (let i = 0; i < Number(roster.payerRequiredApprovals); i++) {
          await tryTx(() => s.rosterBook.connect(s.officers[payer].approvers[i]).approveRoster(id));
        }
        rosters.push({ id, village, payer, commitment });
      } else if (action <= 5 && rosters.length > 0) {
        const r = pick(rosters);
        const pages = r.commitment.pages
          .filter(() => rand() < 0.7)
          .map((p) => ({
            page: p.page,
            select:
              rand() < 0.5
                ? selectAll(p.entries.length)
                : BigInt.asUintN(256, BigInt(Math.floor(rand() * 2 ** 52)) * 0x1234567n),
            entries: p.data,
          }));
        if (pages.length > 0) {
          const reissue = rand() < 0.2;
          await tryTx(() =>
            reissue
              ? s.rosterBook.connect(s.officers[r.payer].preparer).reissue(r.id, pages, doc("bank"))
              : s.rosterBook.connect(s.officers[r.payer].preparer).disburse(r.id, pages, doc("bank")),
          );
        }
      } else if (action === 6 && rosters.length > 0) {
        const r = pick(rosters);
        const page = pick(r.commitment.pages);
        const slots = [...new Set(Array.from({ length: 3 }, () => Math.floor(rand() * page.entries.length)))];
        await tryTx(() =>
          s.rosterBook.connect(s.officers[r.payer].preparer).recordFailedPayments(r.id, [
            {
              page: page.page,
              entries: page.data,
              slots,
              reasons: slots.map(() => doc("CARD_CLOSED")),
            },
          ]),
        );
      } else if (action === 7) {
        const unit = pick(Object.keys(s.units) as UnitName[]);
        // A second case on a frozen unit half the time; otherwise its freezes are lifted.
        if ((await s.ledger.isUnitFrozen(s.units[unit])) && rand() < 0.5) {
          await liftUnitFreezes(s, s.units[unit]);
        } else {
          const decision = doc(`freeze ${await s.ledger.freezeCount()}`);
          await (await s.ledger.connect(s.inspector).freezeUnit(s.units[unit], decision)).wait();
        }
        await (await s.ledger.connect(s.inspector).recordFinding(0, BigInt(s.units[unit]), 1, doc("finding"))).wait();
      } else {
        await time.increase(Math.floor(rand() * 30 * 24 * 3600));
      }
    }
    // Whatever the random steps did, end with one roster of a fresh fund paid by the county (县级报账制), so that
    // payments, and payments from a payer above the village, are always replayed.
    {
      const village: UnitName = "village";
      for (const unit of Object.values(s.units)) {
        await liftUnitFreezes(s, unit);
      }
      const fund = await createFund(s, 600n, "line-final");
      funds.push(fund);
      for (const [from, to] of [
        ["province", "city"],
        ["city", "county"],
      ] as [UnitName, UnitName][]) {
        await allocate(s, fund, from, to, 600n);
      }
      const { id, commitment } = await payRoster(
        s,
        fund,
        village,
        [1n, 2n, 3n].map((i) => ({ household: keccak256(toHex(`${seed}-final-${i}`)), amount: 100n * i })),
        { payer: "county" },
      );
      rosters.push({ id, village, payer: "county", commitment });
    }

    // ------------------------------------------------------- replay
    const client = await connection.viem.getPublicClient();
    const abis = new Map<string, Abi>();
    for (const [name, contract] of [
      ["UnitRegistry", s.registry],
      ["FundLedger", s.ledger],
      ["RosterBook", s.rosterBook],
    ] as const) {
      abis.set((await contract.getAddress()).toLowerCase(), (await artifacts.readArtifact(name)).abi as Abi);
    }
    const logs = await client.getLogs({ address: [...abis.keys()] as Hex[], fromBlock: 0n, toBlock: "latest" });

    // The SDK's decoder (its own fast path for one-word fields, viem for the rest) agrees with viem on every log.
    const decoded = decodeEvents(await sdkDeployment(s), logs);
    expect(decoded.length, "every log of the contracts decodes").to.equal(logs.length);
    decoded.forEach((event, i) => {
      const log = logs[i]!;
      const reference = decodeEventLog({
        abi: abis.get(log.address.toLowerCase())!,
        data: log.data,
        topics: log.topics,
        strict: true,
      });
      expect([event.eventName, event.args, event.transactionHash, event.logIndex], `log ${i}`).to.deep.equal([
        reference.eventName,
        reference.args,
        log.transactionHash,
        log.logIndex,
      ]);
    });
    const names = new Set(decoded.map((e) => e.eventName));
    // One-word events, an event with a tuple (viem's path), and the raw household records.
    for (const name of [
      "FundsMoved",
      "TransferSingle",
      "FundProposed",
      "HouseholdPaid",
      "BatchDisbursed",
      "ProposalCreated",
    ]) {
      expect(names.has(name as (typeof decoded)[number]["eventName"]), name).to.equal(true);
    }
    const blockTimes = new Map<bigint, bigint>();
    const timeOf = async (block: bigint): Promise<bigint> => {
      if (!blockTimes.has(block)) blockTimes.set(block, (await client.getBlock({ blockNumber: block })).timestamp);
      return blockTimes.get(block)!;
    };

    const r: Replayed = {
      accounts: new Map(),
      holdings: new Map(),
      funds: new Map(),
      proposals: new Map(),
      rosters: new Map(),
      entries: new Map(),
      unitFreezes: new Map(),
      fundFreezes: new Map(),
      findings: 0,
    };
    const account = (fund: bigint, unit: string) => {
      const k = key(fund, unit.toLowerCase());
      if (!r.accounts.has(k)) {
        r.accounts.set(k, {
          balance: 0n,
          paid: 0n,
          received: 0n,
          allocated: 0n,
          returned: 0n,
          reclaimed: 0n,
          failed: 0n,
          lastMovementAt: 0n,
        });
      }
      return r.accounts.get(k)!;
    };
    // Entry statuses: 0 unpaid, 1 paid, 2 failed, 3 reissued, 4 reissue failed.
    let currentBatch: { kind: "pay" | "reissue"; entries: bigint[] } = { kind: "pay", entries: [] };

    for (const log of logs) {
      const abi = abis.get(log.address.toLowerCase())!;
      const event = decodeEventLog({ abi, data: log.data, topics: log.topics }) as unknown as {
        eventName: string;
        args: Record<string, unknown>;
      };
      const a = event.args;
      const when = await timeOf(log.blockNumber);
      switch (event.eventName) {
        case "TransferSingle": {
          const from = String(a.from).toLowerCase();
          const to = String(a.to).toLowerCase();
          const id = a.id as bigint;
          const value = a.value as bigint;
          if (from !== "0x0000000000000000000000000000000000000000")
            r.holdings.set(key(id, from), (r.holdings.get(key(id, from)) ?? 0n) - value);
          r.holdings.set(key(id, to), (r.holdings.get(key(id, to)) ?? 0n) + value);
          break;
        }
        case "FundsMoved": {
          const fund = a.fund as bigint;
          const amount = a.amount as bigint;
          const kind = Number(a.kind);
          const from = String(a.from);
          const to = String(a.to);
          if (kind !== 0 && kind !== 5) {
            const src = account(fund, from);
            src.balance -= amount;
            if (kind === 1) src.allocated += amount;
            else if (kind === 2) src.returned += amount;
            else if (kind === 3) src.reclaimed += amount;
            else {
              src.paid += amount;
              r.funds.get(fund)!.paid += amount;
            }
            src.lastMovementAt = when;
          }
          if (kind !== 4) {
            const dst = account(fund, to);
            dst.balance += amount;
            if (kind === 5) {
              dst.failed += amount;
              r.funds.get(fund)!.failed += amount;
            } else dst.received += amount;
            dst.lastMovementAt = when;
          }
          break;
        }
        case "FundProposed":
          r.funds.set(a.fund as bigint, {
            status: 1,
            amount: (a.terms as { amount: bigint }).amount,
            paid: 0n,
            failed: 0n,
          });
          break;
        case "FundCreated":
          r.funds.get(a.fund as bigint)!.status = 2;
          break;
        case "FundCancelled":
          r.funds.get(a.fund as bigint)!.status = 3;
          break;
        case "ProposalCreated":
          r.proposals.set(a.proposalId as bigint, { status: 1, approvals: [], proposer: String(a.proposer) });
          break;
        case "ProposalApproved":
          r.proposals.get(a.proposalId as bigint)!.approvals.push(String(a.approver));
          break;
        case "ProposalExecuted":
          r.proposals.get(a.proposalId as bigint)!.status = 2;
          break;
        case "ProposalRejected":
          r.proposals.get(a.proposalId as bigint)!.status = 3;
          break;
        case "ProposalCancelled":
          r.proposals.get(a.proposalId as bigint)!.status = 4;
          break;
        case "RosterPublished":
          r.rosters.set(a.rosterId as bigint, {
            status: 1,
            paid: 0n,
            failed: 0n,
            village: String(a.village),
            approvals: [],
            payerApprovals: [],
            openObjections: 0,
          });
          break;
        case "ObjectionFiled":
          r.rosters.get(a.rosterId as bigint)!.openObjections++;
          break;
        case "ObjectionResolved":
          r.rosters.get(a.rosterId as bigint)!.openObjections--;
          break;
        case "RosterRejected":
          r.rosters.get(a.rosterId as bigint)!.status = 3;
          break;
        case "RosterWithdrawn":
          r.rosters.get(a.rosterId as bigint)!.status = 4;
          break;
        case "RosterApprovalRecorded": {
          // Each approval names the unit it counts for: the village, then (for a roster it pays) the payer.
          const roster = r.rosters.get(a.rosterId as bigint)!;
          (String(a.unit) === roster.village ? roster.approvals : roster.payerApprovals).push(String(a.approver));
          break;
        }
        case "RosterApproved":
          r.rosters.get(a.rosterId as bigint)!.status = 2;
          break;
        case "HouseholdPaid":
          currentBatch = currentBatch.kind === "pay" ? currentBatch : { kind: "pay", entries: [] };
          currentBatch.entries.push(a.entry as bigint);
          break;
        case "PaymentReissued":
          currentBatch = currentBatch.kind === "reissue" ? currentBatch : { kind: "reissue", entries: [] };
          currentBatch.entries.push(a.entry as bigint);
          break;
        case "BatchDisbursed":
        case "BatchReissued": {
          // Household records precede their batch record in the same transaction.
          const id = a.rosterId as bigint;
          r.rosters.get(id)!.paid += a.amount as bigint;
          for (const entry of currentBatch.entries)
            r.entries.set(key(id, entry), event.eventName === "BatchDisbursed" ? 1 : 3);
          currentBatch = { kind: "pay", entries: [] };
          break;
        }
        case "PaymentFailed": {
          const k = key(a.rosterId, a.entry);
          r.entries.set(k, r.entries.get(k) === 3 ? 4 : 2);
          r.rosters.get(a.rosterId as bigint)!.failed += a.amount as bigint;
          break;
        }
        case "UnitFrozen":
        case "UnitUnfrozen": {
          const unit = String(a.unit).toLowerCase();
          r.unitFreezes.set(unit, (r.unitFreezes.get(unit) ?? 0) + (event.eventName === "UnitFrozen" ? 1 : -1));
          break;
        }
        case "FundFrozen":
        case "FundUnfrozen": {
          const fund = a.fund as bigint;
          r.fundFreezes.set(fund, (r.fundFreezes.get(fund) ?? 0) + (event.eventName === "FundFrozen" ? 1 : -1));
          break;
        }
        case "FindingRecorded":
          r.findings++;
          break;
        default:
          break;
      }
    }

    // ------------------------------------------------------- compare
    let compared = 0;
    const allUnits = Object.values(s.units);
    for (const fund of funds) {
      const view = await s.ledger.fundOf(fund);
      const replayed = r.funds.get(fund)!;
      expect([Number(view.status), view.paid, view.failed], `fund ${fund}`).to.deep.equal([
        replayed.status,
        replayed.paid,
        replayed.failed,
      ]);
      for (const unit of allUnits) {
        const v = await s.ledger.accountOf(fund, unit);
        const e = account(fund, unit);
        expect(
          [v.balance, v.paid, v.received, v.allocated, v.returned, v.reclaimed, v.failed, v.lastMovementAt],
          `account ${fund}/${unit}`,
        ).to.deep.equal([
          e.balance,
          e.paid,
          e.received,
          e.allocated,
          e.returned,
          e.reclaimed,
          e.failed,
          e.lastMovementAt,
        ]);
        expect(await s.ledger.balanceOf(unit, fund), `holding ${unit}`).to.equal(
          r.holdings.get(key(fund, unit.toLowerCase())) ?? 0n,
        );
        const households = await s.registry.householdsAddressOf(unit);
        expect(await s.ledger.balanceOf(households, fund), `households of ${unit}`).to.equal(
          r.holdings.get(key(fund, households.toLowerCase())) ?? 0n,
        );
        expect(e.received).to.equal(e.allocated + e.paid - e.failed + e.returned + e.reclaimed + e.balance);
        compared += 3;
      }
    }
    for (const [id, p] of r.proposals) {
      const v = await s.ledger.proposalOf(id);
      expect([Number(v.status), [...v.approvals], v.proposer], `proposal ${id}`).to.deep.equal([
        p.status,
        p.approvals,
        p.proposer,
      ]);
      compared++;
    }
    for (const run of rosters) {
      const v = await s.rosterBook.rosterOf(run.id);
      const e = r.rosters.get(run.id)!;
      expect(
        [Number(v.status), v.paid, v.failed, [...v.approvals], [...v.payerApprovals], Number(v.openObjections)],
        `roster ${run.id}`,
      ).to.deep.equal([e.status, e.paid, e.failed, e.approvals, e.payerApprovals, e.openObjections]);
      for (let entry = 0; entry < run.commitment.entryCount; entry++) {
        expect(Number(await s.rosterBook.entryStatus(run.id, entry)), `entry ${run.id}/${entry}`).to.equal(
          r.entries.get(key(run.id, entry)) ?? 0,
        );
        compared++;
      }
    }
    for (const unit of allUnits) {
      expect(await s.ledger.isUnitFrozen(unit)).to.equal((r.unitFreezes.get(unit.toLowerCase()) ?? 0) > 0);
    }
    for (const fund of funds) expect(await s.ledger.isFundFrozen(fund)).to.equal((r.fundFreezes.get(fund) ?? 0) > 0);
    expect(await s.ledger.findingCount()).to.equal(BigInt(r.findings));
    // The scenario must have done real work for the comparison to mean anything.
    const movements = logs.length;
    expect(movements, "events replayed").to.be.greaterThan(100);
    expect([...r.entries.values()].filter((v) => v === 1).length, "households paid").to.be.greaterThan(0);
    console.log(`      replayed ${logs.length} events, compared ${compared} values (seed ${seed})`);

    // The SDK's audit trace, from each fund's FundsMoved and BatchReissued logs alone, and its household
    // records summed per village, read in 7-block
    // chunks four at a time, agrees to the fen with every account view and fund total.
    const deployment = await sdkDeployment(s);
    let checks = 0;
    for (const fund of funds) {
      const source = rpcSource(client, { chunkSize: 7n, concurrency: 4 });
      const trace = await traceFund(source, deployment, fund);
      const payments = await fundPayments(source, deployment, fund, { toBlock: trace.toBlock });
      const reconciliation = await reconcileWithChain(source, deployment, trace, payments);
      expect(reconciliation.differences, `fund ${fund}`).to.deep.equal([]);
      checks += reconciliation.checks.length;
    }
    expect(checks, "audit checks").to.be.greaterThan(20);
    console.log(`      audit trace: ${checks} figures reconciled with the views`);
  });
});
