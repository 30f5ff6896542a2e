import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEFAULT_ANNOUNCEMENT_PERIOD } from "./FundTrace.ts";

/**
 * Deploys a successor of a FundTrace deployment: a fixed fund ledger and its
 * roster book (bound as in FundTrace.ts) on the deployment's own unit registry, with the old
 * ledger as its predecessor. It takes no write until the council seals the old
 * ledger in its favour and the import has run (`fundtrace migrate seal`, then
 * `fundtrace migrate import`; docs/governance.md, "Moving to fixed contracts").
 *
 * Parameters: `registry` and `predecessor` (the old deployment's registry and
 * ledger), `announcementPeriod` (default and minimum 10 days).
 */
export default buildModule("FundTraceSuccessor", (m) => {
  const registry = m.contractAt("UnitRegistry", m.getParameter<string>("registry"));
  const predecessor = m.getParameter<string>("predecessor");
  const announcementPeriod = m.getParameter("announcementPeriod", DEFAULT_ANNOUNCEMENT_PERIOD);

  const ledger = m.contract("FundLedger", [registry, predecessor]);
  const rosterBook = m.contract("RosterBook", [ledger, announcementPeriod]);
  m.call(ledger, "bindRosterBook", [rosterBook]);

  return { registry, ledger, rosterBook };
});
