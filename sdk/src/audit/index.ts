/** Audits from the chain alone: fund traces, payments, reconciliation, anomaly rules. */
export * from "./payments.ts";
export * from "./reconcile.ts";
export * from "./trace.ts";
export * from "./anomalies/index.ts";
