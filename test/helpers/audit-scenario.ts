/**
 * A small audit scenario with known figures, used by the SDK and CLI audit
 * tests: two funds, five households with real-format resident IDs (their
 * pseudonyms from a fixed test key), a failed payment re-issued, and a
 * person paid in two villages from two funds, under a different pseudonym
 * in each: only the key links them.
 *
 * Fund A (10,000 fen): the province holds it 5 days, the city 2, then it
 * goes down to the township, which passes 6,000 to the village. The village
 * pays households one, two and three 100, 200 and 300 fen; two's payment
 * fails and is paid again. Fund B (5,000 fen) goes to the other village
 * and pays household one 700 fen.
 */
import { type Hex, keccak256, toHex } from "viem";

import { checkCharacter, type Deployment, parseResidentId, PseudonymKey } from "@fundtrace/sdk";
import {
  advance,
  allocate,
  createFund,
  failPayments,
  type PaidRoster,
  payRoster,
  reissuePayments,
  type Scenario,
  sdkDeployment,
} from "./scenario.ts";

export const DAY = 24 * 3600;

/** The bureau's pseudonym key in these tests (never a real one). */
export const TEST_KEY_HEX: Hex = keccak256(toHex("fundtrace audit test key"));
const key = PseudonymKey.fromHex(TEST_KEY_HEX);

/** A valid resident ID (area 520102, born 1970-01-0n) for test household `n`. */
export function residentId(n: number): string {
  const first17 = `52010219700101${String(100 + n).padStart(3, "0")}`;
  return `${first17}${checkCharacter(first17)}`;
}

export const HOUSEHOLDS = { one: residentId(1), two: residentId(2), three: residentId(3) } as const;
/** The household's pseudonym in `fund`: the same person has another one in every other fund. */
export const pseudonymOf = (id: string, fund: bigint): Hex => key.pseudonym(parseResidentId(id), fund);

export interface AuditScenario {
  deployment: Deployment;
  fundA: bigint;
  fundB: bigint;
  rosterA: PaidRoster;
  rosterB: PaidRoster;
}

export async function buildAuditScenario(s: Scenario): Promise<AuditScenario> {
  const deployment = await sdkDeployment(s);
  const fundA = await createFund(s, 10_000n, "audit-A");
  await advance(s, 5 * DAY);
  await allocate(s, fundA, "province", "city", 10_000n);
  await advance(s, 2 * DAY);
  await allocate(s, fundA, "city", "county", 10_000n);
  await allocate(s, fundA, "county", "township", 10_000n);
  await allocate(s, fundA, "township", "village", 6_000n);
  const rosterA = await payRoster(s, fundA, "village", [
    { household: pseudonymOf(HOUSEHOLDS.one, fundA), amount: 100n },
    { household: pseudonymOf(HOUSEHOLDS.two, fundA), amount: 200n },
    { household: pseudonymOf(HOUSEHOLDS.three, fundA), amount: 300n },
  ]);
  await failPayments(s, "village", rosterA, [1]);
  await reissuePayments(s, "village", rosterA);
  const fundB = await createFund(s, 5_000n, "audit-B");
  for (const [from, to] of [
    ["province", "city"],
    ["city", "county"],
    ["county", "township"],
    ["township", "village2"],
  ] as const) {
    await allocate(s, fundB, from, to, 5_000n);
  }
  const rosterB = await payRoster(s, fundB, "village2", [
    { household: pseudonymOf(HOUSEHOLDS.one, fundB), amount: 700n },
  ]);
  return { deployment, fundA, fundB, rosterA, rosterB };
}
