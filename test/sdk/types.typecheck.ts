/**
 * Compile-time test, checked by `tsc` in `npm test` (never run): SDK action
 * parameters and event arguments are inferred from the ABIs, so a wrong type
 * is a compile error. Each `@ts-expect-error` line must fail to compile;
 * if one starts compiling, tsc reports the unused directive and the check fails.
 */
import type { Address, Hex, PublicClient } from "viem";

import * as sdk from "@fundtrace/sdk";

export async function typeChecks(client: PublicClient, d: sdk.Deployment, unit: Address, doc: Hex): Promise<void> {
  // Action parameters
  sdk.proposeAllocation(d, { fund: 1n, from: unit, to: unit, amount: 1n, documentHash: doc });
  // @ts-expect-error fund ids are bigint, not number
  sdk.proposeAllocation(d, { fund: 1, from: unit, to: unit, amount: 1n, documentHash: doc });
  // @ts-expect-error amounts are bigint fen, never floating point
  sdk.proposeReturn(d, { fund: 1n, from: unit, amount: 12.5, documentHash: doc });
  // @ts-expect-error unknown properties are refused
  sdk.approveRoster(d, { rosterId: 1n, documentHash: doc, extra: true });
  // @ts-expect-error the registry has no such function
  sdk.contractCall(d, "registry", "proposeFund", []);
  // @ts-expect-error wrong argument types for a generic call
  sdk.contractCall(d, "ledger", "approveProposal", ["1"]);

  // Reads
  const account = await sdk.getAccount(client, d, 1n, unit);
  const balance: bigint = account.balance;
  // @ts-expect-error balances are bigint
  const wrongBalance: string = account.balance;
  const state = await sdk.read(client, d, "rosterBook", "rosterState", [1n]);
  const stateNumber: number = state;
  // @ts-expect-error no such view
  await sdk.read(client, d, "ledger", "noSuchView", []);

  // Event arguments
  const paid = await sdk.getContractEvents(client, d, "rosterBook", "HouseholdPaid", { args: { household: doc } });
  const amount: bigint | undefined = paid[0]?.args.amount;
  const household: Hex | undefined = paid[0]?.args.household;
  // @ts-expect-error amounts are bigint
  const wrongAmount: string | undefined = paid[0]?.args.amount;
  // @ts-expect-error HouseholdPaid has no fund argument (the batch event carries it)
  paid[0]?.args.fund;
  // @ts-expect-error only indexed arguments filter, and `amount` is not indexed
  await sdk.getContractEvents(client, d, "rosterBook", "HouseholdPaid", { args: { amount: 1n } });
  // @ts-expect-error no such event
  await sdk.getContractEvents(client, d, "ledger", "NoSuchEvent");
  const moved = await sdk.getContractEvents(client, d, "ledger", "FundsMoved", { args: { fund: 1n, to: unit } });
  const kind: number | undefined = moved[0]?.args.kind;

  // Contract errors
  const error: unknown = undefined;
  if (sdk.isContractError(error, "LedgerInsufficientBalance")) {
    const needed: bigint = error.args.needed;
    const unitOfError: Address = error.args.unit;
    // @ts-expect-error the error has no `amount` argument
    error.args.amount;
    [needed, unitOfError];
  }
  // @ts-expect-error no contract has this error
  sdk.isContractError(error, "LedgerNoSuchError");

  [balance, wrongBalance, stateNumber, amount, household, wrongAmount, kind];
}
