/**
 * The pure part of a fund's trace: from its movements (chain order) to
 * every unit's figures, first-in-first-out dwell times and passages (see
 * trace.ts for the method). No chain access: caches and tests call it with
 * movements they hold.
 */
import type { Address, Hash } from "viem";

import type { FundTraceEvent } from "../decode-events.ts";
import { levelOf, unitCode, villageOfHouseholds } from "../division.ts";
import { balanceFrom } from "../ledger.ts";
import type { FundTerms, FundTrace, Movement, Passage, UnitTrace } from "./trace.ts";

interface Lot {
  amount: bigint;
  at: bigint;
  tx: Hash;
  enteredAt: bigint;
}

/** Builds the trace from decoded movements and re-issue batches (chain order). Exposed for tests and caches. */
export function buildTrace(
  fund: bigint,
  movements: Movement[],
  reissuedBatches: readonly FundTraceEvent<"BatchReissued">[],
  context: { fromBlock: bigint; toBlock: bigint; asOf: bigint; terms: FundTerms | null },
): FundTrace {
  const units = new Map<string, UnitTrace>();
  const lots = new Map<string, Lot[]>();
  const dwell = new Map<string, { weighted: bigint; amount: bigint; max: bigint }>();
  const passages: Passage[] = [];
  let root: Address | null = null;
  let created = 0n;

  const unit = (address: Address): UnitTrace => {
    const key = address.toLowerCase();
    let u = units.get(key);
    if (u === undefined) {
      const code = unitCode(address);
      u = {
        unit: address,
        code: code === undefined ? "" : code.code.toString().padStart(12, "0"),
        edition: code?.edition ?? 0,
        level: code === undefined ? 0 : levelOf(code.code),
        parent: null,
        received: 0n,
        allocated: 0n,
        paid: 0n,
        failed: 0n,
        reissued: 0n,
        returned: 0n,
        reclaimed: 0n,
        balance: 0n,
        households: 0n,
        firstInAt: null,
        lastMovementAt: null,
        averageDwellSeconds: null,
        maxDwellSeconds: 0,
        heldSince: null,
        children: [],
      };
      units.set(key, u);
      lots.set(key, []);
      dwell.set(key, { weighted: 0n, amount: 0n, max: 0n });
    }
    return u;
  };
  // `received` is counted by the callers: the credit of a failed payment is an inflow but not a receipt.
  const inflow = (u: UnitTrace, pieces: Lot[]) => {
    for (const lot of pieces) {
      u.firstInAt ??= lot.at;
      u.lastMovementAt = lot.at;
      lots.get(u.unit.toLowerCase())!.push(lot);
    }
  };
  /** Takes `amount` first in, first out; returns the pieces taken (with the time they entered the ledger). */
  const outflow = (u: UnitTrace, m: Movement): Lot[] => {
    u.lastMovementAt = m.timestamp;
    const queue = lots.get(u.unit.toLowerCase())!;
    const d = dwell.get(u.unit.toLowerCase())!;
    const taken: Lot[] = [];
    let left = m.amount;
    while (left > 0n && queue.length > 0) {
      const lot = queue[0]!;
      const take = lot.amount < left ? lot.amount : left;
      const age = m.timestamp - lot.at;
      d.weighted += take * age;
      d.amount += take;
      if (age > d.max) d.max = age;
      passages.push({
        unit: u.unit,
        amount: take,
        arrivedAt: lot.at,
        arrivedIn: lot.tx,
        leftAt: m.timestamp,
        leftIn: m.transactionHash,
        leftBy: m.kind,
        enteredAt: lot.enteredAt,
      });
      taken.push({ amount: take, at: m.timestamp, tx: m.transactionHash, enteredAt: lot.enteredAt });
      lot.amount -= take;
      left -= take;
      if (lot.amount === 0n) queue.shift();
    }
    return taken;
  };
  const link = (parent: UnitTrace, child: UnitTrace) => {
    child.parent = parent.unit;
    if (!parent.children.some((c) => c.toLowerCase() === child.unit.toLowerCase())) parent.children.push(child.unit);
  };
  const fresh = (m: Movement): Lot[] => [
    { amount: m.amount, at: m.timestamp, tx: m.transactionHash, enteredAt: m.timestamp },
  ];

  for (const m of movements) {
    switch (m.kind) {
      case "creation": {
        const entry = unit(m.to);
        entry.received += m.amount;
        created += m.amount;
        root = entry.unit;
        inflow(entry, fresh(m));
        break;
      }
      case "top-up": {
        // An amendment adding money at the fund's receiving unit: more of the fund, received there.
        const entry = unit(m.to);
        entry.received += m.amount;
        created += m.amount;
        inflow(entry, fresh(m));
        break;
      }
      case "cut": {
        // An amendment taking money back to the budget from the receiving unit: counted as returned.
        const entry = unit(m.from);
        entry.returned += m.amount;
        created -= m.amount;
        outflow(entry, m);
        break;
      }
      case "allocation": {
        const from = unit(m.from);
        const to = unit(m.to);
        link(from, to);
        from.allocated += m.amount;
        to.received += m.amount;
        inflow(to, outflow(from, m));
        break;
      }
      case "return":
      case "reclaim": {
        const child = unit(m.from);
        const parent = unit(m.to);
        link(parent, child);
        if (m.kind === "return") child.returned += m.amount;
        else child.reclaimed += m.amount;
        parent.received += m.amount;
        outflow(child, m);
        // Money sent back up starts a new stay: the parent's deadline counts from its return.
        inflow(parent, fresh(m));
        break;
      }
      case "disbursement": {
        // From the payer (the village, its township or county) to a village's households address.
        const payer = unit(m.from);
        const village = unit(villageOfHouseholds(m.to));
        payer.paid += m.amount;
        village.households += m.amount;
        // A village paid by its county, holding nothing itself, hangs under its payer.
        if (village !== payer && village.parent === null && village.unit !== root) link(payer, village);
        outflow(payer, m);
        break;
      }
      case "failed-payment": {
        const payer = unit(m.to);
        payer.failed += m.amount;
        unit(villageOfHouseholds(m.from)).households -= m.amount;
        inflow(payer, fresh(m));
        break;
      }
    }
  }
  for (const { args } of reissuedBatches) {
    unit(args.payer).reissued += args.amount;
  }
  let held = 0n;
  let paid = 0n;
  let failed = 0n;
  let reissued = 0n;
  for (const [key, u] of units) {
    u.balance = balanceFrom(u);
    const d = dwell.get(key)!;
    u.averageDwellSeconds = d.amount === 0n ? null : Number(d.weighted / d.amount);
    u.maxDwellSeconds = Number(d.max);
    const still = lots.get(key)!.filter((l) => l.amount > 0n);
    u.heldSince = still[0]?.at ?? null;
    for (const l of still)
      passages.push({
        unit: u.unit,
        amount: l.amount,
        arrivedAt: l.at,
        arrivedIn: l.tx,
        leftAt: null,
        leftIn: null,
        leftBy: null,
        enteredAt: l.enteredAt,
      });
    held += u.balance;
    paid += u.paid;
    failed += u.failed;
    reissued += u.reissued;
  }
  return {
    fund,
    ...context,
    created,
    units,
    root,
    movements,
    passages,
    totals: { paid, failed, reissued, held, paidNet: paid - failed },
  };
}

/** Units of a trace from the root down, depth first (children in the order money first reached them). */
export function unitsInOrder(trace: FundTrace): UnitTrace[] {
  const out = new Set<UnitTrace>();
  const visit = (address: Address) => {
    const u = trace.units.get(address.toLowerCase());
    if (u === undefined || out.has(u)) return;
    out.add(u);
    for (const c of u.children) visit(c);
  };
  if (trace.root !== null) visit(trace.root);
  for (const u of trace.units.values()) out.add(u);
  return [...out];
}
