import { createRequire } from "node:module";

import { expect } from "chai";
import { getCreateAddress } from "ethers";
import { network } from "hardhat";

import { VERIFIED_CONTRACTS, verificationInput } from "../../scripts/lib/verification.ts";
import { deployFundTrace } from "../helpers/scenario.ts";

const require = createRequire(import.meta.url);
const solc = require("solc") as { compile(input: string): string; version(): string };

/** Runtime code without the immutable values the constructor wrote (they differ per deployment). */
function maskImmutables(code: string, references: Record<string, { start: number; length: number }[]>): string {
  let masked = code.slice(2);
  for (const ranges of Object.values(references)) {
    for (const { start, length } of ranges)
      masked = masked.slice(0, start * 2) + "00".repeat(length) + masked.slice((start + length) * 2);
  }
  return masked;
}

describe("block-explorer verification input", function () {
  this.timeout(300_000);

  it("recompiles with the pinned solc to exactly the deployed runtime code", async function () {
    const connection = await network.create();
    const deployed = await deployFundTrace(connection);
    const signers = await connection.ethers.getSigners();
    const governance = await connection.ethers.deployContract("Governance", [
      await deployed.registry.getAddress(),
      7n * 86_400n,
      [signers[1]!.address, signers[2]!.address],
      2,
      [signers[3]!.address],
    ]);
    // A successor ledger creates its importer (its nonce 1); its roster book is deployed and bound separately.
    const successor = await connection.ethers.deployContract("FundLedger", [
      await deployed.registry.getAddress(),
      await deployed.ledger.getAddress(),
    ]);
    const importer = getCreateAddress({ from: await successor.getAddress(), nonce: 1 });
    expect(await connection.ethers.provider.getCode(importer)).to.not.equal("0x");
    const addresses = {
      UnitRegistry: await deployed.registry.getAddress(),
      FundLedger: await deployed.ledger.getAddress(),
      RosterBook: await deployed.rosterBook.getAddress(),
      Governance: await governance.getAddress(),
      LedgerImporter: importer,
    };
    for (const contract of VERIFIED_CONTRACTS) {
      const input = verificationInput(contract);
      expect(input.compilerVersion).to.equal(`v${solc.version().replace(".Emscripten.clang", "")}`);
      const [source] = input.fullyQualifiedName.split(":") as [string];
      const settings = { ...input.standardJson.settings };
      // Generating code for the one contract only keeps the WASM compiler quick.
      settings.outputSelection = {
        [source]: { [contract]: ["evm.deployedBytecode.object", "evm.deployedBytecode.immutableReferences"] },
      };
      const output = JSON.parse(solc.compile(JSON.stringify({ ...input.standardJson, settings }))) as {
        errors?: { severity: string; message: string }[];
        contracts: Record<
          string,
          Record<
            string,
            {
              evm: {
                deployedBytecode: {
                  object: string;
                  immutableReferences: Record<string, { start: number; length: number }[]>;
                };
              };
            }
          >
        >;
      };
      const errors = (output.errors ?? []).filter((e) => e.severity === "error");
      expect(errors, contract).to.deep.equal([]);
      const compiled = output.contracts[source]![contract]!.evm.deployedBytecode;
      const onChain = await connection.ethers.provider.getCode(addresses[contract]);
      expect(maskImmutables(onChain, compiled.immutableReferences), contract).to.equal(
        maskImmutables(`0x${compiled.object}`, compiled.immutableReferences),
      );
    }
  });
});
