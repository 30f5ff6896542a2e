import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Ten days in seconds: notices of these programmes are posted for at least 10
 * days (docs/contracts.md, "Rosters and public announcement"), and the roster
 * book refuses anything shorter.
 */
export const DEFAULT_ANNOUNCEMENT_PERIOD = 10n * 24n * 60n * 60n;

/**
 * Deploys one FundTrace deployment: the unit registry, the fund ledger, and
 * the roster book built for that ledger, which the deploying account then
 * binds to it (once: the only account that can ever pay households).
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
  const ledger = m.contract("FundLedger", [registry, "0x0000000000000000000000000000000000000000"]);
  const rosterBook = m.contract("RosterBook", [ledger, announcementPeriod]);
  m.call(ledger, "bindRosterBook", [rosterBook]);

  return { registry, ledger, rosterBook };
});
