/**
 * On a chain with an EIP-1559 fee market (feeMode: "market"), the SDK sends
 * type-2 transactions priced by the node, and the sender pays for them.
 */
import { expect } from "chai";
import { network } from "hardhat";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  nonceManager,
  type PublicClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";

import * as sdk from "@fundtrace/sdk";
import { deployFundTrace } from "../helpers/scenario.ts";

/** Hardhat's simulated networks fund the accounts of this well-known test mnemonic. */
const TEST_MNEMONIC = "test test test test test test test test test test test junk";

describe("sdk fees on an EIP-1559 chain", function () {
  this.timeout(120_000);

  it("sends type-2 transactions at the node's prices when fees are not zero", async function () {
    const connection = await network.create("feeMarket");
    const deployed = await deployFundTrace(connection);
    const chain = defineChain({
      id: 20521,
      name: "fee market",
      nativeCurrency: { name: "ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: ["http://unused"] } },
    });
    const transport = custom(connection.provider);
    const publicClient = createPublicClient({ chain, transport }) as PublicClient;
    const account = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 7, nonceManager });
    const registrar = createWalletClient({ account, chain, transport });
    const d = sdk.defineDeployment({
      chainId: 20521,
      registry: (await deployed.registry.getAddress()) as Address,
      ledger: (await deployed.ledger.getAddress()) as Address,
      rosterBook: (await deployed.rosterBook.getAddress()) as Address,
      deploymentBlock: 0n,
      feeMode: "market",
    });
    const [governor] = await connection.ethers.getSigners();
    await (
      await deployed.registry.connect(governor).grantRole(await deployed.registry.REGISTRAR_ROLE(), account.address)
    ).wait();

    const before = await publicClient.getBalance({ address: account.address });
    const sent = await sdk.sendCall(
      registrar,
      sdk.registerUnit(d, {
        code: 520000000000n,
        edition: 2023,
        level: sdk.Level.Province,
        parent: "0x0000000000000000000000000000000000000000",
      }),
      { publicClient, deployment: d },
    );
    const receipt = sent.receipt!;
    expect(receipt.type).to.equal("eip1559");
    expect(receipt.effectiveGasPrice > 0n).to.equal(true);
    expect(before - (await publicClient.getBalance({ address: account.address }))).to.equal(
      receipt.gasUsed * receipt.effectiveGasPrice,
    );
    expect(sent.events.map((e) => e.eventName)).to.deep.equal(["UnitRegistered"]);
  });
});
