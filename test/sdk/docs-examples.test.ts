/**
 * Runs the TypeScript examples of docs/sdk.md, in order, as one program
 * importing the built `@fundtrace/sdk` package, against a fresh node with
 * FundTrace deployed from an unfunded key.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

import { expect } from "chai";
import { createPublicClient, createWalletClient, defineChain, http } from "viem";
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from "viem/accounts";

import { deployGovernance } from "../helpers/governance.ts";
import { buildSdk, deployOverRpc, runCommand, useNode } from "../helpers/processes.ts";

describe("docs/sdk.md examples", function () {
  this.timeout(300_000);
  const node = useNode("docs");
  const deploymentId = node.deploymentId;

  it("run as written and print what the text says", async function () {
    const blocks = [...readFileSync("docs/sdk.md", "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).to.be.greaterThan(4);
    mkdirSync("test-output", { recursive: true });
    const program = "test-output/sdk-docs-example.ts";
    writeFileSync(program, blocks.join("\n"));

    await buildSdk();
    const governorKey = generatePrivateKey();
    const addresses = await deployOverRpc(node.url, governorKey, deploymentId);
    // The council's contract, built for this registry; the example hands over to it once its officers are set.
    const chain = defineChain({
      id: 20520,
      name: "consortium",
      nativeCurrency: { name: "none", symbol: "NONE", decimals: 18 },
      rpcUrls: { default: { http: [node.url] } },
    });
    const deployer = createWalletClient({ account: privateKeyToAccount(governorKey), chain, transport: http() });
    const fresh = () => privateKeyToAddress(generatePrivateKey());
    const client = createPublicClient({ chain, transport: http() });
    const governance = await deployGovernance(deployer, client, {
      registry: addresses.UnitRegistry,
      council: [fresh(), fresh(), fresh()],
      threshold: 2,
      guardians: [fresh()],
    });
    const result = await runCommand("node", [program], {
      FUNDTRACE_RPC_URL: node.url,
      FUNDTRACE_DEPLOYMENT: JSON.stringify({
        chainId: 20520,
        registry: addresses.UnitRegistry,
        ledger: addresses.FundLedger,
        rosterBook: addresses.RosterBook,
      }),
      FUNDTRACE_GOVERNANCE: governance,
      GOVERNOR_KEY: governorKey,
      PREPARER_KEY: generatePrivateKey(),
      APPROVER_KEY: generatePrivateKey(),
      BUREAU_PSEUDONYM_KEY: `0x${"5a".repeat(32)}`,
    });
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.include("village address 0xFD00000000000000000000002023520102201001");
    expect(result.stdout).to.include("governed by 2 of 3");
    expect(result.stdout).to.include("village balance 500,000.00");
    expect(result.stdout).to.include("refused before sending: RosterUnexpectedState");
    expect(result.stdout).to.include("paid households 3");
    expect(result.stdout).to.include("paid on resend 0");
    expect(result.stdout).to.include("household paid 860.50");
  });
});
