/**
 * FundTrace SDK, Node-only helpers: encrypted keystores and Ignition
 * deployment records. Import from `@fundtrace/sdk/node`.
 */
export * from "./ignition.ts";
export * from "./keystore.ts";
