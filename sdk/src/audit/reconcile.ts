/**
 * Reconciliation of a fund against the contracts: every balance and total
 * recomputed from events (see trace.ts) is compared, to the fen, with the
 * contracts' own views at the same block, and the whole is checked to add
 * up to the fund's amount.
 */
import type { Address, PublicClient } from "viem";

import { read } from "../actions/reads.ts";
import type { Deployment } from "../deployments.ts";
import type { FundTrace } from "./trace.ts";

export interface Check {
  /** What is compared, e.g. "unit 520121101200 balance" or "fund paid". */
  what: string;
  unit?: Address;
  /** The contracts' view. */
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

/** Compares `trace` with the contracts' views at `trace.toBlock`. */
export async function reconcileWithChain(client: PublicClient, deployment: Deployment, trace: FundTrace): Promise<ChainReconciliation> {
  const blockNumber = trace.toBlock;
  const units = [...trace.units.values()];
  const [fund, supply, accounts] = await Promise.all([
    read(client, deployment, "ledger", "fundOf", [trace.fund], blockNumber),
    read(client, deployment, "ledger", "totalSupply", [trace.fund], blockNumber),
    Promise.all(units.map((u) => read(client, deployment, "ledger", "accountOf", [trace.fund, u.unit], blockNumber))),
  ]);
  const checks: Check[] = [];
  const check = (what: string, expected: bigint, actual: bigint, unit?: Address) => checks.push({ what, unit, expected, actual, ok: expected === actual });
  units.forEach((u, i) => {
    const a = accounts[i]!;
    for (const field of ACCOUNT_FIELDS) check(`unit ${u.code || u.unit} ${field}`, a[field], u[field], u.unit);
  });
  check("fund amount created", fund.status === 2 ? fund.terms.amount : 0n, trace.created);
  check("fund paid", fund.paid, trace.totals.paid);
  check("fund failed", fund.failed, trace.totals.failed);
  check("token supply", supply, trace.totals.held + trace.totals.paidNet);
  check("held + paid to households = fund amount", trace.created, trace.totals.held + trace.totals.paidNet);
  const differences = checks.filter((c) => !c.ok);
  return { fund: trace.fund, block: blockNumber, checks, differences, balanced: differences.length === 0 };
}
