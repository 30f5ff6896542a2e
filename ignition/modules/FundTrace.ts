import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Ten days in seconds: notices of these programmes are posted for at least 10
 * days (docs/contracts.md, "Rosters and public announcement"), and the roster
 * book refuses anything shorter.
 */
export const DEFAULT_ANNOUNCEMENT_PERIOD = 10n * 24n * 60n * 60n;

/**
 * Deploys one FundTrace deployment: the unit registry and the fund ledger,
 * which creates the roster book in its constructor (the only account that
 * can ever pay households).
 *
 * The deploying account becomes the governor (admin and pauser roles); hand
 * governance over later with `grantRole` and `renounceRole`. Parameter:
 * `announcementPeriod`, the roster window in seconds (default and minimum 10 days).
 */
export default buildModule("FundTrace", (m) => {
  const governor = m.getAccount(0);
  const announcementPeriod = m.getParameter("announcementPeriod", DEFAULT_ANNOUNCEMENT_PERIOD);

  const registry = m.contract("UnitRegistry", [governor]);
  // A first deployment has no predecessor; a successor is deployed with ignition/modules/Successor.ts.
  const ledger = m.contract("FundLedger", [registry, announcementPeriod, "0x0000000000000000000000000000000000000000"]);
  const rosterBook = m.contractAt("RosterBook", m.staticCall(ledger, "rosterBook"));

  return { registry, ledger, rosterBook };
});
