/**
 * FundTrace SDK: typed access to the FundTrace contracts for integrators.
 * This entry has no Node-only imports and no side effects.
 */
export * from "./abi/index.ts";
export * from "./actions/calls.ts";
export * from "./actions/due.ts";
export * from "./actions/events.ts";
export * from "./actions/execute.ts";
export * from "./actions/fund-tree.ts";
export * from "./actions/reads.ts";
export * from "./actions/writes.ts";
export * from "./audit/index.ts";
export * from "./bank.ts";
export * from "./batches.ts";
export * from "./decode-events.ts";
export * from "./deployments.ts";
export * from "./division.ts";
export * from "./errors.ts";
export * from "./fees.ts";
export * from "./fund-terms.ts";
export * from "./governance.ts";
export * from "./findings.ts";
export * from "./ledger.ts";
export * from "./logs.ts";
export * from "./migration.ts";
export * from "./money.ts";
export * from "./programmes.ts";
export * from "./proposals.ts";
export * from "./resident-id.ts";
export * from "./roles.ts";
export * from "./roster.ts";
export * from "./roster-record.ts";
