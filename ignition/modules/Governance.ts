import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Seven days in seconds: a change always spans a full working week before it takes effect. */
export const DEFAULT_GOVERNANCE_DELAY = 7n * 24n * 60n * 60n;

/**
 * Ends the bootstrap of a deployment: deploys the Governance contract (a
 * council approving `councilThreshold` of `council`, a timelock of
 * `governanceDelay` seconds, `guardians` who may veto and pause) and hands
 * the registry over to it. From then on the deploying account holds no
 * role at all.
 *
 * Parameters: `registry` (address of the deployment's UnitRegistry),
 * `council` (addresses), `councilThreshold`, `guardians` (addresses),
 * `governanceDelay` (seconds, default 7 days, at least 2 days).
 */
export default buildModule("Governance", (m) => {
  const registry = m.contractAt("UnitRegistry", m.getParameter<string>("registry"));
  const governance = m.contract("Governance", [
    registry,
    m.getParameter("governanceDelay", DEFAULT_GOVERNANCE_DELAY),
    m.getParameter<string[]>("council"),
    m.getParameter<number>("councilThreshold"),
    m.getParameter<string[]>("guardians"),
  ]);
  m.call(registry, "handOver", [governance]);
  return { governance };
});
