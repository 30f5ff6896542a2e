/**
 * Every view function of every contract, read through the SDK's typed
 * `read`, enumerated from the ABIs (a new view cannot be missed), and
 * compared with ethers' decoding of the same call.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { type AbiFunction, type Address, createPublicClient, custom, keccak256, toHex } from "viem";

import * as sdk from "@fundtrace/sdk";
import type { NetworkConnection } from "hardhat/types/network";

import { useNode } from "../helpers/processes.ts";
import { CODES, createFund, deployScenario, doc, EDITION, enrolRoster, fundVillage } from "../helpers/scenario.ts";

/** Makes ethers' Result and viem's objects comparable: plain arrays of primitives. */
function plain(value: unknown): unknown {
  if (
    typeof value === "bigint" ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    typeof value === "number"
  ) {
    return typeof value === "number" ? BigInt(value) : typeof value === "string" ? value.toLowerCase() : value;
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") return Object.values(value).map(plain);
  return value;
}

async function checkEveryRead(connection: NetworkConnection, deploymentId?: string): Promise<void> {
  const s = await deployScenario(connection, { deploymentId });
  const fund = await createFund(s, 10_000_000n);
  await fundVillage(s, fund, 1_000_000n);
  const roster = sdk.buildRoster([{ household: keccak256(toHex("h")), amount: 500n }]);
  await (
    await s.rosterBook
      .connect(s.officers.village.preparer)
      .publishRoster(fund, s.units.village, s.units.village, roster.root, 1, 500n, doc("n"))
  ).wait();
  await enrolRoster(s.rosterBook, s.officers.village.preparer, roster, 1n);
  await (await s.rosterBook.connect(s.inspector).fileObjection(1n, doc("o"))).wait();
  await (await s.ledger.connect(s.inspector).recordFinding(1, fund, 1, doc("f"))).wait();
  await (await s.ledger.connect(s.inspector).freezeUnit(s.units.township, doc("z"))).wait();

  const client = createPublicClient({ transport: custom(connection.provider) });
  const d = sdk.defineDeployment({
    chainId: 20520,
    registry: (await s.registry.getAddress()) as Address,
    ledger: (await s.ledger.getAddress()) as Address,
    rosterBook: (await s.rosterBook.getAddress()) as Address,
    deploymentBlock: 0n,
    feeMode: "zero",
  });
  const byName: Record<string, unknown> = {
    unit: s.units.village,
    account: s.officers.village.preparer.address,
    fund,
    id: fund,
    proposalId: 1n,
    rosterId: 1n,
    entry: 0n,
    page: 0n,
    objectionIndex: 0n,
    findingId: 1n,
    freezeId: 1n,
    index: 0n,
    code: Number(CODES.village),
    edition: EDITION,
    amount: 1_000n,
    role: await s.registry.REGISTRAR_ROLE(),
    interfaceId: "0xd9b67a26",
    documentNumber: "黔财农〔2026〕1号",
    household: keccak256(toHex("h")),
    entries: roster.pages[0]!.data,
    accounts: [s.units.village, s.units.township],
    ids: [fund, fund],
  };
  const byType: Record<string, unknown> = { address: s.units.village, uint256: fund, bytes: "0x" };
  const contracts = { registry: s.registry, ledger: s.ledger, rosterBook: s.rosterBook } as const;
  let count = 0;
  for (const key of ["registry", "ledger", "rosterBook"] as const) {
    // Reads are views and pure functions with outputs (the ERC-1155 transfer functions are pure but only revert).
    const views = (sdk.abis[key] as readonly { type: string }[]).filter(
      (i): i is AbiFunction =>
        i.type === "function" &&
        ((i as AbiFunction).stateMutability === "view" || (i as AbiFunction).stateMutability === "pure") &&
        (i as AbiFunction).outputs.length > 0,
    );
    for (const fn of views) {
      const args = fn.inputs.map((input) =>
        input.name && input.name in byName ? byName[input.name] : byType[input.type],
      );
      expect(
        args.every((a) => a !== undefined),
        `${key}.${fn.name} has an argument this test cannot fill`,
      ).to.equal(true);
      const viaSdk = await sdk.read(client, d, key, fn.name as never, args);
      const viaEthers = await (contracts[key] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
        fn.name
      ]!(...args);
      expect(plain(viaSdk), `${key}.${fn.name}`).to.deep.equal(plain(viaEthers));
      count++;
    }
  }
  expect(count).to.be.greaterThan(50);
  // A few values, to be sure they are not all empty.
  expect((await sdk.getUnit(client, d, s.units.village as Address)).code).to.equal(Number(CODES.village));
  expect(await sdk.getBalance(client, d, fund, s.units.village as Address)).to.equal(1_000_000n);
  expect((await sdk.getRoster(client, d, 1n)).total).to.equal(500n);
  expect(await sdk.read(client, d, "rosterBook", "objectionCount", [1n])).to.equal(1n);
  expect((await sdk.read(client, d, "ledger", "freezeOf", [1n])).target).to.equal(BigInt(s.units.township));
}

describe("sdk reads: every view function", function () {
  this.timeout(180_000);

  it("reads each one on the in-process chain and decodes it as ethers does", async function () {
    await checkEveryRead(await network.create());
  });

  describe("over JSON-RPC", function () {
    const node = useNode("reads");
    it("reads each one from a separate node process and decodes it as ethers does", async function () {
      const connection = await network.create({ network: "startedNode", override: { url: node.url } });
      await checkEveryRead(connection, node.deploymentId);
    });
  });
});
