/**
 * Unsigned contract calls: what every write action returns before anything
 * is signed, so it can be reviewed, signed offline or by a multisig,
 * simulated, or sent.
 */
import { type Address, type ContractFunctionArgs, type ContractFunctionName, encodeFunctionData, type Hex } from "viem";

import { abis, type ContractKey, contractAddress, type Deployment } from "../deployments.ts";

export type WriteFunctionName<C extends ContractKey> = ContractFunctionName<(typeof abis)[C], "nonpayable">;
export type WriteArgs<C extends ContractKey, F extends WriteFunctionName<C>> = ContractFunctionArgs<
  (typeof abis)[C],
  "nonpayable",
  F
>;

/** A call ready to sign: target, calldata, and what it means. */
export interface ContractCall<
  C extends ContractKey = ContractKey,
  F extends WriteFunctionName<C> = WriteFunctionName<C>,
> {
  contract: C;
  functionName: F;
  args: WriteArgs<C, F>;
  to: Address;
  data: Hex;
  chainId: number;
}

/** Builds the unsigned call of `functionName` on one of the deployment's contracts. */
export function contractCall<C extends ContractKey, F extends WriteFunctionName<C>>(
  deployment: Deployment,
  contract: C,
  functionName: F,
  args: WriteArgs<C, F>,
): ContractCall<C, F> {
  const data = encodeFunctionData({ abi: abis[contract], functionName, args } as never);
  return { contract, functionName, args, to: contractAddress(deployment, contract), data, chainId: deployment.chainId };
}
