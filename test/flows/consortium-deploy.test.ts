/**
 * The README's deployment command, run as a user would: Ignition deploys
 * FundTrace over JSON-RPC to a separate node process on the consortium
 * profile, from a fresh key that holds no ether, at gas price zero.
 */
import { expect } from "chai";
import { createPublicClient, defineChain, http, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { CONSORTIUM } from "../../chain-profile.ts";
import { loadIgnitionDeployment } from "@fundtrace/sdk/node";
import { runCommand, useNode } from "../helpers/processes.ts";

describe("deployment to a consortium chain over JSON-RPC", function () {
  this.timeout(180_000);
  const node = useNode("deploy");
  const deploymentId = node.deploymentId;

  it("deploys with `hardhat ignition deploy --network consortium` from an unfunded key", async function () {
    const key = generatePrivateKey();
    const deployer = privateKeyToAccount(key);
    const chain = defineChain({
      id: CONSORTIUM.chainId,
      name: "consortium",
      nativeCurrency: { name: "none", symbol: "NONE", decimals: 18 },
      rpcUrls: { default: { http: [node.url] } },
    });
    const client = createPublicClient({ chain, transport: http(node.url) });
    expect(await client.getBalance({ address: deployer.address })).to.equal(0n);

    // The key goes through the environment (or the Hardhat keystore), never the command line.
    const result = await runCommand(
      "npx",
      [
        "hardhat",
        "ignition",
        "deploy",
        "ignition/modules/FundTrace.ts",
        "--network",
        "consortium",
        "--deployment-id",
        deploymentId,
      ],
      { FUNDTRACE_RPC_URL: node.url, FUNDTRACE_DEPLOYER_KEY: key, HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1" },
    );
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.not.include(key.slice(2));
    const addresses: Record<string, Hex> = Object.fromEntries(
      [...result.stdout.matchAll(/FundTrace#(\w+) - (0x[0-9a-fA-F]{40})/g)].map((m) => [m[1]!, m[2] as Hex]),
    );
    expect(Object.keys(addresses).sort()).to.deep.equal(["FundLedger", "RosterBook", "UnitRegistry"]);
    for (const address of Object.values(addresses)) {
      expect((await client.getCode({ address }))?.length ?? 0).to.be.greaterThan(1000);
    }
    const admin = await client.readContract({
      address: addresses.UnitRegistry!,
      abi: [
        {
          type: "function",
          name: "hasRole",
          stateMutability: "view",
          inputs: [{ type: "bytes32" }, { type: "address" }],
          outputs: [{ type: "bool" }],
        },
      ],
      functionName: "hasRole",
      args: [`0x${"00".repeat(32)}`, deployer.address],
    });
    expect(admin, "the deploying key governs").to.equal(true);
    // The SDK reads the same deployment back from Ignition's record.
    const recorded = loadIgnitionDeployment(`ignition/deployments/${deploymentId}`);
    expect(recorded).to.deep.include({
      chainId: CONSORTIUM.chainId,
      registry: addresses.UnitRegistry,
      ledger: addresses.FundLedger,
      rosterBook: addresses.RosterBook,
    });
    // Four transactions, one block each: the registry, the ledger, the roster book, then its binding.
    expect(recorded.deploymentBlock).to.equal((await client.getBlockNumber()) - 3n);
    expect(await client.getBalance({ address: deployer.address })).to.equal(0n);
  });
});
