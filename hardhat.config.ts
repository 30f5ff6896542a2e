import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { configVariable, defineConfig } from "hardhat/config";

import { CONSORTIUM, SOLC_VERSION } from "./chain-profile.ts";

// Hardhat cannot download compilers on the machines FundTrace is built on, so
// the compiler is the WASM build from the exactly pinned `solc` npm package.
// Hardhat treats `version` as a label only: refuse to start if the label and
// the binary disagree.
const solcPath = fileURLToPath(import.meta.resolve("solc/soljson.js"));
const solcPackage = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve("solc/package.json")), "utf8")) as {
  version: string;
};
if (solcPackage.version !== SOLC_VERSION) {
  throw new Error(
    `solc package is ${solcPackage.version} but the build is pinned to ${SOLC_VERSION}: run the setup command (npm ci) again`,
  );
}

// Fuzz and invariant tests use a seed that changes every run unless one is
// given; scripts/test.ts prints it so a failure can be replayed.
const fuzzSeed = process.env.FUNDTRACE_FUZZ_SEED;

// NatSpec in the build info (added to Hardhat's own selection; no effect on
// the bytecode): scripts/generate-contract-docs.ts builds the errors table of
// docs/contracts.md from it.
const NATSPEC_OUTPUT = { "*": { "*": ["devdoc", "userdoc"] } };

const simulatedConsortium = {
  type: "edr-simulated",
  chainId: CONSORTIUM.chainId,
  hardfork: CONSORTIUM.hardfork,
  blockGasLimit: CONSORTIUM.blockGasLimit,
  minGasPrice: 0n,
  gasPrice: 0,
  // Enough distinct officers for every unit of the test hierarchies.
  accounts: { count: 64 },
} as const;

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatViem],
  // bench/contracts holds the baselines `npm run bench` compares against.
  paths: { sources: { solidity: ["contracts", "bench/contracts"] } },
  solidity: {
    profiles: {
      default: {
        version: SOLC_VERSION,
        path: solcPath,
        settings: {
          evmVersion: CONSORTIUM.evmVersion,
          optimizer: { enabled: true, runs: 200 },
          outputSelection: NATSPEC_OUTPUT,
        },
      },
      production: {
        version: SOLC_VERSION,
        path: solcPath,
        settings: {
          evmVersion: CONSORTIUM.evmVersion,
          optimizer: { enabled: true, runs: 200 },
          outputSelection: NATSPEC_OUTPUT,
        },
      },
    },
  },
  networks: {
    // The simulated chain every test runs on: the consortium fork, zero fees.
    default: simulatedConsortium,
    // The same chain, served over JSON-RPC by `hardhat node --network localConsortium`.
    localConsortium: simulatedConsortium,
    // A node started by a test (`hardhat node`); tests override the URL with the node's port.
    startedNode: { type: "http", chainId: CONSORTIUM.chainId, url: "http://127.0.0.1:8545", gasPrice: 0 },
    // A chain with an EIP-1559 fee market, for the SDK's paid-fee mode.
    feeMarket: { type: "edr-simulated", chainId: 20521, hardfork: "cancun", accounts: { count: 64 } },
    // A real consortium chain (Besu QBFT, FISCO BCOS ...). Values come from
    // the keystore or the environment, never from this file.
    // `fundtrace deploy` sets FUNDTRACE_CHAIN_ID from the network profile.
    consortium: {
      type: "http",
      chainId: Number(process.env.FUNDTRACE_CHAIN_ID ?? CONSORTIUM.chainId),
      url: configVariable("FUNDTRACE_RPC_URL"),
      accounts: [configVariable("FUNDTRACE_DEPLOYER_KEY")],
      gasPrice: 0,
      // Legacy transactions at gas price zero: no fee market on the consortium fork.
      ignition: { gasPrice: 0n, disableFeeBumping: true },
    },
  },
  test: {
    solidity: {
      // The invariant test reports its handler call counts here (see scripts/test.ts).
      fsPermissions: { writeFile: ["test-output/invariant-calls.log"] },
      fuzz: {
        runs: 256,
        ...(fuzzSeed !== undefined ? { seed: fuzzSeed } : {}),
      },
      invariant: {
        // CI runs the full campaign; FUNDTRACE_INVARIANT_RUNS shortens it while developing.
        runs: Number(process.env.FUNDTRACE_INVARIANT_RUNS ?? 1000),
        depth: 50,
        failOnRevert: false,
      },
    },
  },
});
