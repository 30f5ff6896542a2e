/**
 * Where a fund's money is, from the contracts' views alone: every
 * registered unit that received any, arranged from the unit the fund entered at down to villages, with a
 * reconciliation to the fen (each account's identity, balances plus net
 * household payments against the fund's amount and its token supply). A
 * village whose households were paid by its township or county appears with
 * what its households hold and no balance of its own; the payer's `paidNet`
 * counts those payments.
 */
import { type Address, type PublicClient, zeroAddress } from "viem";

import { FundStatus, Level } from "../abi/enums.ts";
import type { Deployment } from "../deployments.ts";
import { householdsAddress } from "../division.ts";
import { balanceFrom, paidNet } from "../ledger.ts";
import { getAccount, getFund, read } from "./reads.ts";

export interface FundTreeNode {
  unit: Address;
  /** 12-digit division code. */
  code: string;
  level: Level;
  received: bigint;
  allocated: bigint;
  /** What this unit paid to households (its own villages' or, as a payer, those of villages below), net of failures. */
  paidNet: bigint;
  /** For a village: what its households hold of the fund, whoever paid them (0 for other levels). */
  households: bigint;
  failed: bigint;
  returned: bigint;
  reclaimed: bigint;
  balance: bigint;
  frozen: boolean;
  children: FundTreeNode[];
}

export interface FundTreeReconciliation {
  balances: bigint;
  paidToHouseholds: bigint;
  /** What the villages' households addresses hold: equal to `paidToHouseholds` when balanced. */
  heldByHouseholds: bigint;
  sum: bigint;
  amount: bigint;
  tokenSupply: bigint;
  /** Every account satisfies the ledger identity ({@link balanceFrom}). */
  accountsBalance: boolean;
  balanced: boolean;
}

export interface FundTree {
  fund: bigint;
  amount: bigint;
  root: FundTreeNode | null;
  reconciliation: FundTreeReconciliation;
}

/** Reads every registered unit's account in `fund` and builds the tree (see the file comment). */
export async function readFundTree(client: PublicClient, d: Deployment, fund: bigint): Promise<FundTree> {
  const [f, count, supply] = await Promise.all([
    getFund(client, d, fund),
    read(client, d, "registry", "unitCount", []),
    read(client, d, "ledger", "totalSupply", [fund]),
  ]);
  const units = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) => read(client, d, "registry", "unitAt", [BigInt(i)])),
  );
  const [infos, accounts, frozen] = await Promise.all([
    Promise.all(units.map((u) => read(client, d, "registry", "unitOf", [u]))),
    Promise.all(units.map((u) => getAccount(client, d, fund, u))),
    Promise.all(units.map((u) => read(client, d, "ledger", "isUnitFrozen", [u]))),
  ]);
  const atHouseholds = await Promise.all(
    units.map((u, i) =>
      infos[i]!.level === Level.Village
        ? read(client, d, "ledger", "balanceOf", [householdsAddress(u), fund])
        : Promise.resolve(0n),
    ),
  );
  const nodes = new Map<string, FundTreeNode>();
  const identities = accounts.every((a) => a.received === 0n || balanceFrom(a) === a.balance);
  units.forEach((u, i) => {
    const a = accounts[i]!;
    const info = infos[i]!;
    if (a.received === 0n && atHouseholds[i] === 0n) return;
    nodes.set(u.toLowerCase(), {
      unit: u,
      code: String(info.code).padStart(12, "0"),
      level: info.level as Level,
      received: a.received,
      allocated: a.allocated,
      paidNet: paidNet(a),
      households: atHouseholds[i]!,
      failed: a.failed,
      returned: a.returned,
      reclaimed: a.reclaimed,
      balance: a.balance,
      frozen: frozen[i]!,
      children: [],
    });
  });
  // The tree starts at the unit the fund entered at. Each other unit hangs under its fiscal parent when that
  // received money, else under its nearest administrative ancestor that did (a level skipped by a fiscal
  // arrangement, 省直管县, holds nothing of the fund).
  const infoOf = new Map(units.map((u, i) => [u.toLowerCase(), infos[i]!]));
  const holderAbove = (unit: Address): FundTreeNode | undefined => {
    const info = infoOf.get(unit.toLowerCase())!;
    const fiscal = nodes.get(info.fiscalParent.toLowerCase());
    if (fiscal !== undefined) return fiscal;
    for (let up = info.parent; up !== zeroAddress; up = infoOf.get(up.toLowerCase())?.parent ?? zeroAddress) {
      const node = nodes.get(up.toLowerCase());
      if (node !== undefined) return node;
    }
    return undefined;
  };
  const root = nodes.get(f.terms.unit.toLowerCase()) ?? null;
  for (const node of nodes.values()) {
    if (node !== root) holderAbove(node.unit)?.children.push(node);
  }
  for (const node of nodes.values()) node.children.sort((a, b) => (a.code < b.code ? -1 : 1));
  const all = [...nodes.values()];
  const balances = all.reduce((n, x) => n + x.balance, 0n);
  const paidToHouseholds = all.reduce((n, x) => n + x.paidNet, 0n);
  const heldByHouseholds = all.reduce((n, x) => n + x.households, 0n);
  const amount = f.status === FundStatus.Active ? f.terms.amount : 0n;
  const sum = balances + paidToHouseholds;
  return {
    fund,
    amount,
    root,
    reconciliation: {
      balances,
      paidToHouseholds,
      heldByHouseholds,
      sum,
      amount,
      tokenSupply: supply,
      accountsBalance: identities,
      balanced:
        identities &&
        sum === amount &&
        supply === amount &&
        paidToHouseholds === paidNet(f) &&
        heldByHouseholds === paidToHouseholds,
    },
  };
}
