/**
 * A FundTrace deployment with a small hierarchy and officers, deployed
 * through the production Ignition module on a Hardhat network connection.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import { keccak256, toHex, type Hex } from "viem";

import FundTraceModule from "../../ignition/modules/FundTrace.ts";
import GovernanceModule, { DEFAULT_GOVERNANCE_DELAY } from "../../ignition/modules/Governance.ts";
import {
  buildRoster,
  defineDeployment,
  Level,
  type RosterCommitment,
  type RosterEntry,
  type Deployment as SdkDeployment,
  planEnrolment,
  selectAll,
} from "@fundtrace/sdk";
import type { FundLedger, Governance, RosterBook, UnitRegistry } from "../../types/ethers-contracts/index.ts";

export { Level } from "@fundtrace/sdk";
export const EDITION = 2023;

/** Guizhou > Guiyang > Nanming > Yunguan township > two villages (2023 edition codes). */
export const CODES = {
  province: 520000000000n,
  city: 520100000000n,
  county: 520102000000n,
  township: 520102201000n,
  village: 520102201001n,
  village2: 520102201002n,
} as const;
export type UnitName = keyof typeof CODES;

export const doc = (label: string): Hex => keccak256(toHex(label));

export interface Officers {
  preparer: HardhatEthersSigner;
  approvers: HardhatEthersSigner[];
}

export interface Scenario {
  connection: NetworkConnection;
  registry: UnitRegistry;
  ledger: FundLedger;
  rosterBook: RosterBook;
  governor: HardhatEthersSigner;
  registrar: HardhatEthersSigner;
  inspector: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
  units: Record<UnitName, string>;
  officers: Record<UnitName, Officers>;
  /** Three council members (two approve) and a guardian; they govern once {@link handOver} ran. */
  council: HardhatEthersSigner[];
  guardian: HardhatEthersSigner;
  governance?: Governance;
  deploymentId?: string;
}

export interface Deployment {
  registry: UnitRegistry;
  ledger: FundLedger;
  rosterBook: RosterBook;
}

/** Deploys FundTrace through the production Ignition module; returns typed contracts. */
export async function deployFundTrace(
  connection: NetworkConnection,
  options: { announcementPeriod?: bigint; deploymentId?: string } = {},
): Promise<Deployment> {
  const { ethers, ignition } = connection;
  const { announcementPeriod, deploymentId } = options;
  const deployed = await ignition.deploy(FundTraceModule, {
    parameters: announcementPeriod === undefined ? {} : { FundTrace: { announcementPeriod } },
    ...(deploymentId === undefined ? {} : { deploymentId }),
  });
  const at = async <T>(name: string, contract: { getAddress(): Promise<string> }): Promise<T> =>
    (await ethers.getContractAt(name, await contract.getAddress())) as unknown as T;
  return {
    registry: await at<UnitRegistry>("UnitRegistry", deployed.registry),
    ledger: await at<FundLedger>("FundLedger", deployed.ledger),
    rosterBook: await at<RosterBook>("RosterBook", deployed.rosterBook),
  };
}

/**
 * Deploys and sets up: every unit of {@link CODES} registered, one preparer
 * and two approvers per unit (threshold 1, 2 above 1,000,000.00 yuan); then,
 * unless `handOver` is false, hands the registry to the council (no fund can
 * be created before).
 */
export async function deployScenario(
  connection: NetworkConnection,
  options: { deploymentId?: string; handOver?: boolean } = {},
): Promise<Scenario> {
  const { ethers } = connection;
  const signers = await ethers.getSigners();
  const [governor, registrar, inspector, outsider] = signers as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const { registry, ledger, rosterBook } = await deployFundTrace(connection, options);

  await (await registry.connect(governor).grantRole(await registry.REGISTRAR_ROLE(), registrar.address)).wait();
  await (await registry.connect(governor).grantRole(await registry.INSPECTOR_ROLE(), inspector.address)).wait();

  const order: [UnitName, number, UnitName | null][] = [
    ["province", Level.Province, null],
    ["city", Level.City, "province"],
    ["county", Level.County, "city"],
    ["township", Level.Township, "county"],
    ["village", Level.Village, "township"],
    ["village2", Level.Village, "township"],
  ];
  const units = {} as Record<UnitName, string>;
  const officers = {} as Record<UnitName, Officers>;
  let next = 4;
  for (const [name, level, parent] of order) {
    const parentAddress = parent === null ? ethers.ZeroAddress : units[parent];
    await (await registry.connect(registrar).registerUnit(CODES[name], EDITION, level, parentAddress)).wait();
    const unit = await registry.unitAddressOf(CODES[name], EDITION);
    units[name] = unit;
    const preparer = signers[next++]!;
    const approvers = [signers[next++]!, signers[next++]!];
    await (await registry.connect(governor).addPreparer(unit, preparer.address)).wait();
    for (const approver of approvers) {
      await (await registry.connect(governor).addApprover(unit, approver.address)).wait();
    }
    await (await registry.connect(governor).setApprovalPolicy(unit, 1, [{ above: 100_000_000n, approvals: 2 }])).wait();
    officers[name] = { preparer, approvers };
  }
  const [council0, council1, council2, guardian] = signers.slice(-4) as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const s: Scenario = {
    connection,
    registry,
    ledger,
    rosterBook,
    governor,
    registrar,
    inspector,
    outsider,
    units,
    officers,
    council: [council0, council1, council2],
    guardian,
    ...(options.deploymentId === undefined ? {} : { deploymentId: options.deploymentId }),
  };
  if (options.handOver !== false) await handOver(s);
  return s;
}

/** The bootstrap account hands the registry to the council through the production Ignition module. */
export async function handOver(s: Scenario): Promise<Governance> {
  const { governance } = await s.connection.ignition.deploy(GovernanceModule, {
    parameters: {
      Governance: {
        registry: await s.registry.getAddress(),
        council: s.council.map((c) => c.address),
        councilThreshold: 2,
        guardians: [s.guardian.address],
      },
    },
    ...(s.deploymentId === undefined ? {} : { deploymentId: s.deploymentId }),
  });
  s.governance = await s.connection.ethers.getContractAt("Governance", await governance.getAddress());
  return s.governance;
}

/**
 * Has the council decide `calls` together (a registry or governance call each): the first member proposes, the
 * second approves, the delay passes and the third executes. Returns the executing receipt.
 */
export async function govern(s: Scenario, ...calls: { to: string; data: string }[]) {
  const governance = s.governance!;
  const [proposer, approver, executor] = s.council as [HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner];
  await (
    await governance.connect(proposer).propose(
      calls.map((c) => c.to),
      calls.map((c) => c.data),
      "test",
    )
  ).wait();
  const id = await governance.proposalCount();
  await (await governance.connect(approver).approve(id)).wait();
  await advance(s, Number(DEFAULT_GOVERNANCE_DELAY));
  return (await (await governance.connect(executor)["execute(uint256)"](id)).wait())!;
}

/** A registry call for {@link govern}, from its encoded data (`s.registry.interface.encodeFunctionData(...)`). */
export async function onRegistry(s: Scenario, data: string): Promise<{ to: string; data: string }> {
  return { to: await s.registry.getAddress(), data };
}

/**
 * Creates an active fund of `amount` fen at the province (a central transfer received now, or with `source:
 * "local"` a provincial fund whose budget was approved now), for programme xianjie; returns its id.
 */
export async function createFund(
  s: Scenario,
  amount: bigint,
  documentNumber = "黔财农〔2026〕1号",
  options: {
    classification?: number;
    source?: "central" | "local";
    transferType?: "general" | "special";
    instalments?: number;
  } = {},
): Promise<bigint> {
  const now = BigInt((await s.connection.ethers.provider.getBlock("latest"))!.timestamp);
  const central = options.source !== "local";
  const terms = {
    unit: s.units.province,
    documentNumber,
    classification: options.classification ?? 2130505,
    programme: "xianjie",
    fiscalYear: 2026,
    source: central ? 0 : 1,
    transferType: options.transferType === "special" ? 1 : 0,
    amount,
    instalments: options.instalments ?? 1,
    budgetApprovedAt: central ? 0n : now,
    receivedAt: central ? now : 0n,
    documentHash: doc(`approval of ${documentNumber}`),
  };
  const fund = (await s.ledger.fundCount()) + 1n;
  await (await s.ledger.connect(s.officers.province.preparer).proposeFund(terms)).wait();
  const proposalId = await s.ledger.proposalCount();
  for (let i = 0; i < (amount > 100_000_000n ? 2 : 1); i++) {
    await (await s.ledger.connect(s.officers.province.approvers[i]).approveProposal(proposalId)).wait();
  }
  return fund;
}

/** Moves `amount` fen of `fund` from `from` to its child `to` through a proposal and its approvals. */
export async function allocate(
  s: Scenario,
  fund: bigint,
  from: UnitName,
  to: UnitName,
  amount: bigint,
): Promise<bigint> {
  await (
    await s.ledger
      .connect(s.officers[from].preparer)
      .proposeAllocation(fund, s.units[from], s.units[to], amount, doc(`${from}->${to}`))
  ).wait();
  const proposalId = await s.ledger.proposalCount();
  for (let i = 0; i < (amount > 100_000_000n ? 2 : 1); i++) {
    await (await s.ledger.connect(s.officers[from].approvers[i]).approveProposal(proposalId)).wait();
  }
  return proposalId;
}

/** Allocates `amount` fen of `fund` from the province down to `village`. */
export async function fundVillage(
  s: Scenario,
  fund: bigint,
  amount: bigint,
  village: UnitName = "village",
): Promise<void> {
  const path: UnitName[] = ["province", "city", "county", "township", village];
  for (let i = 0; i + 1 < path.length; i++) await allocate(s, fund, path[i]!, path[i + 1]!, amount);
}

/** The SDK's deployment record of a scenario (events read from block 0, zero fees). */
export async function sdkDeployment(s: Scenario): Promise<SdkDeployment> {
  const client = await s.connection.viem.getPublicClient();
  return defineDeployment({
    chainId: await client.getChainId(),
    registry: (await s.registry.getAddress()) as Hex,
    ledger: (await s.ledger.getAddress()) as Hex,
    rosterBook: (await s.rosterBook.getAddress()) as Hex,
    deploymentBlock: 0n,
    feeMode: "zero",
  });
}

/** The next block is `seconds` later (on the simulated chain). */
export async function advance(s: Scenario, seconds: number): Promise<void> {
  await s.connection.networkHelpers.time.increase(seconds);
}

export interface PaidRoster {
  id: bigint;
  commitment: RosterCommitment;
}

/**
 * Enrols every page of a published roster (`rosterId`, or the newest roster), in as many transactions as the
 * enrolment planner gives for 15,000,000 gas each. Returns the gas used.
 */
export async function enrolRoster(
  rosterBook: RosterBook,
  preparer: HardhatEthersSigner,
  commitment: RosterCommitment,
  rosterId?: bigint,
): Promise<bigint> {
  const id = rosterId ?? (await rosterBook.rosterCount());
  let gas = 0n;
  for (const group of planEnrolment(commitment.pages, 15_000_000n)) {
    const pages = group.map((p) => ({ page: p.page, entries: p.data, proof: [...p.proof] }));
    const receipt = await (await rosterBook.connect(preparer).enrolPages(id, pages)).wait();
    gas += receipt!.gasUsed;
  }
  return gas;
}

/**
 * Publishes a roster of `entries` for `village` (paid by `payer`: the village unless given), lets the
 * announcement window pass and, unless `approve` is false, has as many approvers as required approve it and,
 * unless `pay` is false, has the payer's preparer pay every entry in one batch.
 */
export async function payRoster(
  s: Scenario,
  fund: bigint,
  village: UnitName,
  entries: readonly RosterEntry[],
  options: { approve?: boolean; pay?: boolean; bankRef?: string; payer?: UnitName } = {},
): Promise<PaidRoster> {
  // In the given order, so that tests name entries by their index in `entries`.
  const commitment = buildRoster(entries, { order: "as-given" });
  const officers = s.officers[village];
  const payer = options.payer ?? village;
  await (
    await s.rosterBook
      .connect(officers.preparer)
      .publishRoster(
        fund,
        s.units[village],
        s.units[payer],
        commitment.root,
        commitment.entryCount,
        commitment.total,
        doc("notice"),
      )
  ).wait();
  const id = await s.rosterBook.rosterCount();
  await enrolRoster(s.rosterBook, officers.preparer, commitment, id);
  await advance(s, 10 * 24 * 3600);
  if (options.approve === false) return { id, commitment };
  const roster = await s.rosterBook.rosterOf(id);
  for (let i = 0; i < Number(roster.requiredApprovals); i++)
    await (await s.rosterBook.connect(officers.approvers[i]).approveRoster(id)).wait();
  // Another unit's money leaves only with its approvers' approval too, by its own policy.
  for (let i = 0; i < Number(roster.payerRequiredApprovals); i++)
    await (await s.rosterBook.connect(s.officers[payer].approvers[i]).approveRoster(id)).wait();
  if (options.pay !== false) {
    const pages = commitment.pages.map((p) => ({
      page: p.page,
      select: selectAll(p.entries.length),
      entries: p.data,
    }));
    const paying = s.officers[payer].preparer;
    await (await s.rosterBook.connect(paying).disburse(id, pages, doc(options.bankRef ?? "bank"))).wait();
  }
  return { id, commitment };
}

/** Records the bank's failure of the given entries (all on page 0) of a paid roster, as a preparer of `payer`. */
export async function failPayments(s: Scenario, payer: UnitName, roster: PaidRoster, slots: number[]): Promise<void> {
  const page = roster.commitment.pages[0]!;
  await (
    await s.rosterBook
      .connect(s.officers[payer].preparer)
      .recordFailedPayments(roster.id, [
        { page: 0, entries: page.data, slots, reasons: slots.map(() => doc("CARD_CLOSED")) },
      ])
  ).wait();
}

/** Pays again the failed entries of page 0 of a roster, as a preparer of `payer`. */
export async function reissuePayments(s: Scenario, payer: UnitName, roster: PaidRoster): Promise<void> {
  const page = roster.commitment.pages[0]!;
  await (
    await s.rosterBook
      .connect(s.officers[payer].preparer)
      .reissue(roster.id, [{ page: 0, select: selectAll(page.entries.length), entries: page.data }], doc("bank-2"))
  ).wait();
}
