/**
 * What the anomaly rules read: for the funds in scope, their traces and
 * household records, and once for the deployment the governance events
 * (proposals, rosters, approvals, freezes), which are few.
 */
import { read } from "../../actions/reads.ts";
import { decodeContractLog, eventTopic, type FundTraceEvent } from "../../decode-events.ts";
import type { Deployment } from "../../deployments.ts";
import { asSource, byChainOrder, type LogSource } from "../../logs.ts";
import { fundPayments } from "../payments.ts";
import { traceFund } from "../trace.ts";
import { type AuditData, GOVERNANCE_EVENTS, type GovernanceEventName, type GovernanceLog } from "./types.ts";

const isGovernance = (e: FundTraceEvent | undefined): e is FundTraceEvent<GovernanceEventName> =>
  e !== undefined && (GOVERNANCE_EVENTS as readonly string[]).includes(e.eventName);

/** Reads what the rules need for `funds` (default: every fund created up to `toBlock`). */
export async function collectAuditData(
  from: LogSource | Parameters<typeof asSource>[0],
  deployment: Deployment,
  options: { funds?: bigint[]; fromBlock?: bigint; toBlock?: bigint } = {},
): Promise<AuditData> {
  const source = asSource(from);
  const fromBlock = options.fromBlock ?? deployment.deploymentBlock;
  const toBlock = options.toBlock ?? (await source.head());
  const range = { fromBlock, toBlock };
  const count = await read(source.client, deployment, "ledger", "fundCount", [], toBlock);
  const funds = options.funds ?? Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const topics = [GOVERNANCE_EVENTS.map(eventTopic)];
  const [traces, paid, ledgerLogs, rosterLogs] = await Promise.all([
    Promise.all(funds.map((fund) => traceFund(source, deployment, fund, range))),
    Promise.all(funds.map((fund) => fundPayments(source, deployment, fund, range))),
    source.getLogs({ ...range, address: deployment.ledger, topics }),
    source.getLogs({ ...range, address: deployment.rosterBook, topics }),
  ]);
  const events = [
    ...ledgerLogs.map((l) => decodeContractLog("ledger", l)),
    ...rosterLogs.map((l) => decodeContractLog("rosterBook", l)),
  ].filter(isGovernance);
  const times = await source.blockTimes([...events.map((e) => e.blockNumber), toBlock]);
  const governance = events
    .map((e): GovernanceLog => ({ ...e, timestamp: times.get(e.blockNumber)! }))
    .sort(byChainOrder);
  return { fromBlock, toBlock, asOf: times.get(toBlock)!, traces, payments: paid.flat(), governance };
}
