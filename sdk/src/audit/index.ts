/** Audits from the chain alone: log reading, fund traces, payments, reconciliation. */
export * from "./logs.ts";
export * from "./payments.ts";
export * from "./reconcile.ts";
export * from "./trace.ts";
export * from "./anomalies.ts";
