/**
 * The consortium chain profile FundTrace targets by default.
 *
 * The contracts are built for the oldest EVM among the supported chains:
 * Besu QBFT networks configured as in Besu's documentation enable only Berlin,
 * FISCO BCOS defaults to Paris. Berlin has no PUSH0, MCOPY, TLOAD/TSTORE or
 * BASEFEE, and no EIP-1559 fee market: consortium validators run with a
 * minimum gas price of zero.
 */
export const CONSORTIUM = {
  /** Chain id of the FundTrace consortium profile (never 1337 or 31337). */
  chainId: 20520,
  /** EVM fork the chain runs and the contracts are compiled for. */
  hardfork: "berlin",
  evmVersion: "berlin",
  /** Block gas limit of the consortium genesis. */
  blockGasLimit: 30_000_000,
  /** Fees are zero: no base fee (pre-London) and a zero gas price. */
  gasPrice: 0n,
} as const;

/** The exact solc release the contracts are built with (npm `solc`, WASM). */
export const SOLC_VERSION = "0.8.30";
