/**
 * FundTrace SDK: typed access to the FundTrace contracts for integrators.
 * This entry has no Node-only imports and no side effects.
 */
export * from "./abi/index.ts";
export * from "./division.ts";
export * from "./errors.ts";
export * from "./money.ts";
export * from "./resident-id.ts";
export * from "./roster.ts";
