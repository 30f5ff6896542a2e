/**
 * Simulating and sending unsigned calls. Sending simulates first, so a call
 * the contracts would refuse (frozen unit, roster not approved, insufficient
 * balance...) fails with the typed error and no transaction is sent.
 */
import {
  type Account,
  type Chain,
  decodeEventLog,
  type Hash,
  type Log,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";

import { abis, type ContractKey, type Deployment } from "../deployments.ts";
import { FundTraceError, toFundTraceError } from "../errors.ts";
import { ZERO_FEES } from "../fees.ts";
import type { ContractCall } from "./calls.ts";

/** A FundTrace event decoded from a receipt or a log query. */
export interface DecodedEvent {
  contract: ContractKey;
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  transactionHash: Hash;
  logIndex: number;
}

export class TransactionFailedError extends FundTraceError {
  override name = "TransactionFailedError";
  readonly hash: Hash;

  constructor(hash: Hash) {
    super("TRANSACTION_FAILED", `transaction ${hash} was mined but reverted`, { context: { hash } });
    this.hash = hash;
  }
}

/** Decodes the logs that FundTrace contracts emitted, skipping any other. */
export function decodeEvents(deployment: Deployment, logs: readonly Log[]): DecodedEvent[] {
  const byAddress = new Map<string, ContractKey>(
    (Object.keys(abis) as ContractKey[]).map((key) => [deployment[key].toLowerCase(), key]),
  );
  const out: DecodedEvent[] = [];
  for (const log of logs) {
    const contract = byAddress.get(log.address.toLowerCase());
    if (contract === undefined) continue;
    try {
      const decoded = decodeEventLog({ abi: abis[contract], data: log.data, topics: log.topics }) as unknown as {
        eventName: string;
        args: Record<string, unknown>;
      };
      out.push({
        contract,
        eventName: decoded.eventName,
        args: decoded.args,
        blockNumber: log.blockNumber ?? 0n,
        transactionHash: log.transactionHash ?? "0x",
        logIndex: log.logIndex ?? 0,
      });
    } catch {
      // not an event of this ABI
    }
  }
  return out;
}

export interface SimulateOptions {
  account: Account | `0x${string}`;
  blockNumber?: bigint;
}

/** Runs the call without sending it; throws the contract's typed error if it would revert. */
export async function simulateCall(client: PublicClient, call: ContractCall, options: SimulateOptions): Promise<unknown> {
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
  events: DecodedEvent[];
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
    throw new FundTraceError("WRONG_CHAIN", `the call was built for chain ${call.chainId}, the deployment is on ${deployment.chainId}`);
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
