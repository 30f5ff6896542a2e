/** Audits from the chain alone: log reading, fund traces, reconciliation. */
export * from "./logs.ts";
export * from "./reconcile.ts";
export * from "./trace.ts";
