/**
 * Reads of every view function, typed from the ABIs. `read` covers any view;
 * the named helpers cover the statements people ask for most.
 */
import type {
  Address,
  Hex,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  PublicClient,
} from "viem";

import { abis, type ContractKey, contractAddress, type Deployment } from "../deployments.ts";
import { toFundTraceError } from "../errors.ts";
import { normaliseDocumentNumber } from "../fund-terms.ts";

type ViewName<C extends ContractKey> = ContractFunctionName<(typeof abis)[C], "view" | "pure">;

/** Calls any view function of the deployment's contracts. */
export async function read<C extends ContractKey, F extends ViewName<C>>(
  client: PublicClient,
  deployment: Deployment,
  contract: C,
  functionName: F,
  args: ContractFunctionArgs<(typeof abis)[C], "view" | "pure", F>,
  blockNumber?: bigint,
): Promise<ContractFunctionReturnType<(typeof abis)[C], "view" | "pure", F>> {
  try {
    return await client.readContract({
      address: contractAddress(deployment, contract),
      abi: abis[contract],
      functionName,
      args,
      blockNumber,
    } as never);
  } catch (error) {
    throw toFundTraceError(error);
  }
}

export const getUnit = (c: PublicClient, d: Deployment, unit: Address) => read(c, d, "registry", "unitOf", [unit]);
export const getFund = (c: PublicClient, d: Deployment, fund: bigint) => read(c, d, "ledger", "fundOf", [fund]);
/** Every fund proposed with a document number (brought to its normal form first), with its record, in order. */
export async function findFundsByDocument(c: PublicClient, d: Deployment, documentNumber: string) {
  const ids = await read(c, d, "ledger", "fundsWithDocument", [normaliseDocumentNumber(documentNumber)]);
  return Promise.all(ids.map(async (id) => ({ id, ...(await getFund(c, d, id)) })));
}

/** The chain's time now (the latest block's timestamp), which the contracts compare dates with. */
export const chainTime = async (c: PublicClient): Promise<bigint> => (await c.getBlock()).timestamp;

export const getAccount = (c: PublicClient, d: Deployment, fund: bigint, unit: Address) =>
  read(c, d, "ledger", "accountOf", [fund, unit]);
export const getProposal = (c: PublicClient, d: Deployment, proposalId: bigint) =>
  read(c, d, "ledger", "proposalOf", [proposalId]);
export const getRoster = (c: PublicClient, d: Deployment, rosterId: bigint) =>
  read(c, d, "rosterBook", "rosterOf", [rosterId]);
export const getRosterState = (c: PublicClient, d: Deployment, rosterId: bigint) =>
  read(c, d, "rosterBook", "rosterState", [rosterId]);
export const getEntryStatus = (c: PublicClient, d: Deployment, rosterId: bigint, entry: bigint) =>
  read(c, d, "rosterBook", "entryStatus", [rosterId, entry]);
export const getBalance = (c: PublicClient, d: Deployment, fund: bigint, holder: Address) =>
  read(c, d, "ledger", "balanceOf", [holder, fund]);

/**
 * The live rosters of `fund` holding `household`: one place per payment the
 * fund's terms allow (its `instalments`), `0n` where the place is free. Another
 * roster of the fund can take the household only while a place is free.
 */
export const getClaims = (c: PublicClient, d: Deployment, fund: bigint, household: Hex) =>
  read(c, d, "rosterBook", "claimsOf", [fund, household]);

/** Every freeze of the deployment (ids 1 to `freezeCount`), or only those in force, with its id. */
export async function listFreezes(c: PublicClient, d: Deployment, { inForceOnly = false } = {}) {
  const count = await read(c, d, "ledger", "freezeCount", []);
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const freezes = await Promise.all(ids.map(async (id) => ({ id, ...(await read(c, d, "ledger", "freezeOf", [id])) })));
  return inForceOnly ? freezes.filter((f) => f.liftedAt === 0n) : freezes;
}
