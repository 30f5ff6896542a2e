/**
 * FundTrace SDK, Node-only helpers: encrypted keystores, Ignition
 * deployment records and the audit log cache (node:sqlite). Import from
 * `@fundtrace/sdk/node`.
 */
export * from "./ignition.ts";
export * from "./keystore.ts";
export * from "./cache.ts";
