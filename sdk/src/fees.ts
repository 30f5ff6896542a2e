/**
 * How a chain charges for transactions. Consortium chains charge nothing:
 * transactions go out as legacy transactions at gas price zero (the node's
 * own `eth_gasPrice` may still answer non-zero). Chains with a fee market
 * get type-2 transactions at the node's current prices.
 */
import type { PublicClient } from "viem";

/** `zero`: legacy at gas price 0 (consortium chains); `market`: EIP-1559 at the node's prices. */
export type FeeMode = "zero" | "market";

export const FEE_MODES: readonly FeeMode[] = ["zero", "market"];

/** The fee fields of a transaction sent in `mode`. */
export type FeeFields =
  { type: "legacy"; gasPrice: bigint } | { type: "eip1559"; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

/** What a transaction carries on a zero-fee chain: legacy, gas price 0. */
export const ZERO_FEES = { type: "legacy", gasPrice: 0n } as const satisfies FeeFields;

/** The fee fields to send with, in `mode` (asks the node for its prices in `market` mode). */
export async function feeFields(client: PublicClient, mode: FeeMode): Promise<FeeFields> {
  if (mode === "zero") return ZERO_FEES;
  const fees = await client.estimateFeesPerGas();
  return { type: "eip1559", maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas };
}
