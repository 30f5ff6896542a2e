import { readFileSync } from "node:fs";

import { expect } from "chai";
import { network } from "hardhat";

import { CONSORTIUM } from "../../chain-profile.ts";
import { DEFAULT_ANNOUNCEMENT_PERIOD } from "../../ignition/modules/FundTrace.ts";
import { findForbiddenOpcodes, hexToCode, instructionCount } from "../../scripts/lib/opcodes.ts";
import { deployFundTrace } from "../helpers/scenario.ts";

const connection = await network.create();
const { ethers } = connection;

function runtimeInstructions(contract: string): number {
  const artifact = JSON.parse(readFileSync(`artifacts/contracts/${contract}.sol/${contract}.json`, "utf8")) as {
    buildInfoId: string;
    inputSourceName: string;
  };
  const output = JSON.parse(readFileSync(`artifacts/build-info/${artifact.buildInfoId}.output.json`, "utf8")) as {
    output: { contracts: Record<string, Record<string, { evm: { deployedBytecode: { sourceMap: string } } }>> };
  };
  return instructionCount(output.output.contracts[artifact.inputSourceName]![contract]!.evm.deployedBytecode.sourceMap);
}

describe("deployment through the Ignition module", function () {
  it("runs on the consortium profile: its chain id, Berlin, zero gas price", async function () {
    const chainId = (await ethers.provider.getNetwork()).chainId;
    expect(chainId).to.equal(BigInt(CONSORTIUM.chainId));
    const block = await ethers.provider.getBlock("latest");
    expect(block?.baseFeePerGas ?? null).to.equal(null); // Berlin: no EIP-1559 base fee
    expect(block?.gasLimit).to.equal(BigInt(CONSORTIUM.blockGasLimit));
  });

  it("deploys the three contracts wired together, the roster book bound to the ledger", async function () {
    const [deployer] = await ethers.getSigners();
    const { registry, ledger, rosterBook } = await deployFundTrace(connection);
    expect(await ledger.registry()).to.equal(await registry.getAddress());
    expect(await rosterBook.ledger()).to.equal(await ledger.getAddress());
    expect(await rosterBook.registry()).to.equal(await registry.getAddress());
    expect(await rosterBook.announcementPeriod()).to.equal(DEFAULT_ANNOUNCEMENT_PERIOD);
    expect(await ledger.rosterBook()).to.equal(await rosterBook.getAddress());
    // The binding happened once, in the deployment: not even the deploying account can name another book.
    await expect(ledger.bindRosterBook(await rosterBook.getAddress()))
      .to.be.revertedWithCustomError(ledger, "LedgerInvalidRosterBook")
      .withArgs(await rosterBook.getAddress());
    expect(await rosterBook.MIN_ANNOUNCEMENT_PERIOD()).to.equal(DEFAULT_ANNOUNCEMENT_PERIOD);
    expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), deployer!.address)).to.equal(true);
    expect(await registry.hasRole(await registry.PAUSER_ROLE(), deployer!.address)).to.equal(true);
  });

  it("puts on chain no opcode that Berlin lacks", async function () {
    const { registry, ledger, rosterBook } = await deployFundTrace(connection);
    for (const [name, contract] of [
      ["UnitRegistry", registry],
      ["FundLedger", ledger],
      ["RosterBook", rosterBook],
    ] as const) {
      const code = hexToCode(await ethers.provider.getCode(await contract.getAddress()));
      expect(code.length, `${name} has code`).to.be.greaterThan(1000);
      expect(findForbiddenOpcodes(code, runtimeInstructions(name)), name).to.deep.equal([]);
    }
  });

  it("sends transactions at gas price zero from an account holding no ether", async function () {
    const { registry } = await deployFundTrace(connection);
    const [governor] = await ethers.getSigners();
    const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
    expect(await ethers.provider.getBalance(wallet.address)).to.equal(0n);
    await (await registry.connect(governor).grantRole(await registry.REGISTRAR_ROLE(), wallet.address)).wait();
    const tx = await registry
      .connect(wallet)
      .registerUnit(520000000000n, 2023, 1, ethers.ZeroAddress, { gasPrice: 0n });
    const receipt = await tx.wait();
    expect(receipt?.status).to.equal(1);
    expect(receipt?.gasPrice).to.equal(0n);
  });
});
