/**
 * Simulating and sending unsigned calls. Sending simulates first, so a call
 * the contracts would refuse (frozen unit, roster not approved, insufficient
 * balance...) fails with the typed error and no transaction is sent.
 */
import {
  type Account,
  type Chain,
  type Hash,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";

import { decodeEvents, type FundTraceEvent } from "../decode-events.ts";
import { abis, type Deployment } from "../deployments.ts";
import { FundTraceError, toFundTraceError } from "../errors.ts";
import { ZERO_FEES } from "../fees.ts";
import type { ContractCall } from "./calls.ts";

export class TransactionFailedError extends FundTraceError {
  override name = "TransactionFailedError";
  readonly hash: Hash;

  constructor(hash: Hash) {
    super("TRANSACTION_FAILED", `transaction ${hash} was mined but reverted`, { context: { hash } });
    this.hash = hash;
  }
}

export interface SimulateOptions {
  account: Account | `0x${string}`;
  blockNumber?: bigint;
}

/** Runs the call without sending it; throws the contract's typed error if it would revert. */
export async function simulateCall(
  client: PublicClient,
  call: ContractCall,
  options: SimulateOptions,
): Promise<unknown> {
  try {
    const { result } = await client.simulateContract({
      address: call.to,
      abi: abis[call.contract],
      functionName: call.functionName,
      args: call.args,
      account: options.account,
      blockNumber: options.blockNumber,
    } as never);
    return result;
  } catch (error) {
    throw toFundTraceError(error);
  }
}

export interface SendOptions {
  publicClient: PublicClient;
  deployment: Deployment;
  /** Skip the simulation before sending (default false). */
  skipSimulation?: boolean;
  /** Wait for the receipt (default true). */
  wait?: boolean;
  gas?: bigint;
}

export interface SentCall {
  hash: Hash;
  receipt?: TransactionReceipt;
  events: FundTraceEvent[];
}

/**
 * Sends a call from the wallet's account: simulates it, sends it (legacy at
 * gas price zero on zero-fee chains; on a fee market, viem fills the node's
 * prices), waits for the receipt and decodes the FundTrace events it emitted.
 */
export async function sendCall(
  wallet: WalletClient<Transport, Chain | undefined, Account>,
  call: ContractCall,
  options: SendOptions,
): Promise<SentCall> {
  const { publicClient, deployment } = options;
  if (call.chainId !== deployment.chainId) {
    throw new FundTraceError(
      "WRONG_CHAIN",
      `the call was built for chain ${call.chainId}, the deployment is on ${deployment.chainId}`,
    );
  }
  if (options.skipSimulation !== true) await simulateCall(publicClient, call, { account: wallet.account });
  // On a fee market viem fills in the node's prices.
  const fees = deployment.feeMode === "zero" ? ZERO_FEES : {};
  let hash: Hash;
  try {
    hash = await wallet.sendTransaction({
      account: wallet.account,
      chain: wallet.chain ?? null,
      to: call.to,
      data: call.data,
      gas: options.gas,
      ...fees,
    } as never);
  } catch (error) {
    throw toFundTraceError(error);
  }
  if (options.wait === false) return { hash, events: [] };
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new TransactionFailedError(hash);
  return { hash, receipt, events: decodeEvents(deployment, receipt.logs) };
}
