import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { keccak256, toHex } from "viem";

/**
 * Ten days in seconds: notices of these programmes are posted for at least 10
 * days (docs/contracts.md, "Rosters and public announcement").
 */
export const DEFAULT_ANNOUNCEMENT_PERIOD = 10n * 24n * 60n * 60n;

/** Role of the contract allowed to pay households (see IUnitRegistry). */
export const PAYOUT_ROLE = keccak256(toHex("fundtrace.role.payout"));

/**
 * Deploys one FundTrace deployment: the unit registry, the fund ledger and
 * the roster book, and lets the roster book pay households.
 *
 * The deploying account becomes the governor (admin and pauser roles); hand
 * governance over later with `grantRole` and `renounceRole`. Parameter:
 * `announcementPeriod`, the roster window in seconds (default 10 days).
 */
export default buildModule("FundTrace", (m) => {
  const governor = m.getAccount(0);
  const announcementPeriod = m.getParameter("announcementPeriod", DEFAULT_ANNOUNCEMENT_PERIOD);

  const registry = m.contract("UnitRegistry", [governor]);
  const ledger = m.contract("FundLedger", [registry]);
  const rosterBook = m.contract("RosterBook", [ledger, announcementPeriod]);
  m.call(registry, "grantRole", [PAYOUT_ROLE, rosterBook], { from: governor });

  return { registry, ledger, rosterBook };
});
