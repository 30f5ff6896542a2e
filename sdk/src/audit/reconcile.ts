/**
 * Reconciliation of a fund.
 *
 * With the contracts: every balance and total recomputed from events (see
 * trace.ts) is compared, to the fen, with the contracts' own views at the
 * same block; the household records (see payments.ts) are summed per
 * village and compared with what the ledger says each village paid and got
 * back; and the whole is checked to add up to the fund's amount.
 *
 * With the bank: each on-chain payment attempt (a payment or a re-issue,
 * failed if the chain recorded its failure) is matched with the bank's
 * record of the same household: same amount and outcome first, then same
 * amount, then any. What is left over on either side, and pairs whose
 * amount or outcome differ, are the differences.
 */
import type { Address, Hash, Hex } from "viem";

import { FundStatus, Level } from "../abi/index.ts";
import { read } from "../actions/reads.ts";
import type { BankOutcome } from "../bank.ts";
import type { Deployment } from "../deployments.ts";
import { householdsAddress } from "../division.ts";
import { asSource, type LogSource } from "../logs.ts";
import type { HouseholdPayment } from "./payments.ts";
import type { FundTrace } from "./trace.ts";

export interface Check {
  /** What is compared, e.g. "unit 520121101200 balance" or "fund paid". */
  what: string;
  unit?: Address;
  /** The contracts' view (or the fund's amount). */
  expected: bigint;
  /** Recomputed from events. */
  actual: bigint;
  ok: boolean;
}

export interface ChainReconciliation {
  fund: bigint;
  block: bigint;
  checks: Check[];
  differences: Check[];
  balanced: boolean;
}

const ACCOUNT_FIELDS = ["balance", "paid", "received", "allocated", "returned", "reclaimed", "failed"] as const;

/**
 * Compares `trace` (and, when given, the fund's household records) with the
 * contracts' views at `trace.toBlock`.
 */
export async function reconcileWithChain(
  from: LogSource | Parameters<typeof asSource>[0],
  deployment: Deployment,
  trace: FundTrace,
  payments?: readonly HouseholdPayment[],
): Promise<ChainReconciliation> {
  const client = asSource(from).client;
  const blockNumber = trace.toBlock;
  const units = [...trace.units.values()];
  const [fund, supply, accounts, atHouseholds] = await Promise.all([
    read(client, deployment, "ledger", "fundOf", [trace.fund], blockNumber),
    read(client, deployment, "ledger", "totalSupply", [trace.fund], blockNumber),
    Promise.all(units.map((u) => read(client, deployment, "ledger", "accountOf", [trace.fund, u.unit], blockNumber))),
    Promise.all(
      units.map((u) =>
        u.level === Level.Village
          ? read(client, deployment, "ledger", "balanceOf", [householdsAddress(u.unit), trace.fund], blockNumber)
          : Promise.resolve(0n),
      ),
    ),
  ]);
  const checks: Check[] = [];
  const check = (what: string, expected: bigint, actual: bigint, unit?: Address) =>
    checks.push({ what, unit, expected, actual, ok: expected === actual });
  units.forEach((u, i) => {
    const a = accounts[i]!;
    for (const field of ACCOUNT_FIELDS) check(`unit ${u.code || u.unit} ${field}`, a[field], u[field], u.unit);
    if (u.level === Level.Village) check(`unit ${u.code} households hold`, atHouseholds[i]!, u.households, u.unit);
  });
  check("fund amount created", fund.status === FundStatus.Active ? fund.terms.amount : 0n, trace.created);
  check("fund paid", fund.paid, trace.totals.paid);
  check("fund failed", fund.failed, trace.totals.failed);
  check("token supply", supply, trace.totals.held + trace.totals.paidNet);
  check("held + paid to households = fund amount", trace.created, trace.totals.held + trace.totals.paidNet);
  if (payments !== undefined) {
    // By payer: the unit whose account paid them (the village, its township or county).
    const byPayer = new Map<string, { paid: bigint; failed: bigint; reissued: bigint }>();
    for (const p of payments) {
      if (p.blockNumber > blockNumber) continue;
      const v = byPayer.get(p.payer.toLowerCase()) ?? { paid: 0n, failed: 0n, reissued: 0n };
      if (p.kind === "failed") v.failed += p.amount;
      else v.paid += p.amount;
      if (p.kind === "reissued") v.reissued += p.amount;
      byPayer.set(p.payer.toLowerCase(), v);
    }
    let paid = 0n;
    let failed = 0n;
    units.forEach((u, i) => {
      const v = byPayer.get(u.unit.toLowerCase());
      if (v === undefined && u.paid === 0n && u.failed === 0n) return;
      const a = accounts[i]!;
      check(`unit ${u.code || u.unit} household payments`, a.paid, v?.paid ?? 0n, u.unit);
      check(`unit ${u.code || u.unit} household failures`, a.failed, v?.failed ?? 0n, u.unit);
      check(`unit ${u.code || u.unit} household re-issues`, u.reissued, v?.reissued ?? 0n, u.unit);
      byPayer.delete(u.unit.toLowerCase());
    });
    for (const v of byPayer.values()) {
      paid += v.paid;
      failed += v.failed;
    }
    check("household payments by units the fund never reached", 0n, paid + failed);
  }
  const differences = checks.filter((c) => !c.ok);
  return { fund: trace.fund, block: blockNumber, checks, differences, balanced: differences.length === 0 };
}

/** One line of a bank's results file, with the household already pseudonymised. */
export interface BankRecord {
  /** Where it came from, for messages (e.g. the CSV line). */
  line: number;
  household: Hex;
  amount: bigint;
  status: BankOutcome;
}

/** One on-chain attempt to pay a household: a payment or a re-issue, failed if the chain recorded its failure. */
export interface PaymentAttempt {
  household: Hex;
  rosterId: bigint;
  entry: bigint;
  village: Address;
  kind: "paid" | "reissued";
  amount: bigint;
  failed: boolean;
  transactionHash: Hash;
}

export interface BankDifference {
  kind: "no-bank-record" | "no-chain-payment" | "amount-mismatch" | "status-mismatch";
  household: Hex;
  chain?: PaymentAttempt;
  bank?: BankRecord;
}

export interface BankReconciliation {
  attempts: number;
  records: number;
  matched: number;
  chainAmount: bigint;
  bankAmount: bigint;
  differences: BankDifference[];
  balanced: boolean;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The payment attempts of a set of household records (see {@link PaymentAttempt}). */
export function paymentAttempts(payments: readonly HouseholdPayment[]): PaymentAttempt[] {
  const attempts: PaymentAttempt[] = [];
  const open = new Map<string, PaymentAttempt[]>();
  for (const p of payments) {
    const key = `${p.rosterId}:${p.entry}`;
    if (p.kind === "failed") {
      const last = open.get(key)?.find((a) => !a.failed);
      if (last !== undefined) last.failed = true;
      continue;
    }
    const a: PaymentAttempt = {
      household: p.household,
      rosterId: p.rosterId,
      entry: p.entry,
      village: p.village,
      kind: p.kind,
      amount: p.amount,
      failed: false,
      transactionHash: p.transactionHash,
    };
    attempts.push(a);
    push(open, key, a);
  }
  return attempts;
}

/** Matches the chain's payment attempts with a bank's records (see the file comment). */
export function reconcileWithBank(
  payments: readonly HouseholdPayment[],
  records: readonly BankRecord[],
): BankReconciliation {
  const attempts = paymentAttempts(payments);
  const chainBy = new Map<string, PaymentAttempt[]>();
  for (const a of attempts) push(chainBy, a.household.toLowerCase(), a);
  const bankBy = new Map<string, BankRecord[]>();
  for (const r of records) push(bankBy, r.household.toLowerCase(), r);
  const differences: BankDifference[] = [];
  let matched = 0;
  for (const household of new Set([...chainBy.keys(), ...bankBy.keys()])) {
    const chain = [...(chainBy.get(household) ?? [])];
    const bank = [...(bankBy.get(household) ?? [])];
    const pair = (fits: (a: PaymentAttempt, r: BankRecord) => boolean, kind?: BankDifference["kind"]) => {
      for (let i = 0; i < chain.length;) {
        const j = bank.findIndex((r) => fits(chain[i]!, r));
        if (j < 0) {
          i++;
          continue;
        }
        const [a] = chain.splice(i, 1);
        const [r] = bank.splice(j, 1);
        if (kind === undefined) matched++;
        else differences.push({ kind, household: a!.household, chain: a, bank: r });
      }
    };
    const sameStatus = (a: PaymentAttempt, r: BankRecord) => a.failed === (r.status === "failed");
    pair((a, r) => a.amount === r.amount && sameStatus(a, r));
    pair((a, r) => a.amount === r.amount, "status-mismatch");
    pair(() => true, "amount-mismatch");
    for (const a of chain) differences.push({ kind: "no-bank-record", household: a.household, chain: a });
    for (const r of bank) differences.push({ kind: "no-chain-payment", household: r.household, bank: r });
  }
  differences.sort((a, b) => (a.bank?.line ?? Infinity) - (b.bank?.line ?? Infinity));
  return {
    attempts: attempts.length,
    records: records.length,
    matched,
    chainAmount: attempts.reduce((n, a) => n + (a.failed ? 0n : a.amount), 0n),
    bankAmount: records.reduce((n, r) => n + (r.status === "success" ? r.amount : 0n), 0n),
    differences,
    balanced: differences.length === 0,
  };
}
