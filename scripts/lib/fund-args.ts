/**
 * The `fund propose` options of the central 衔接 transfer that the demo, the
 * benchmarks and the CLI tests create: programme xianjie, classification
 * 2130505 (生产发展), received today in China.
 */
import { chinaDateText } from "@fundtrace/sdk";

/** Today in China (UTC+8): the day the province received the central transfer. */
export const receivedToday = (): string => chinaDateText(BigInt(Math.floor(Date.now() / 1000)));

export const centralTransferArgs = (): string[] => [
  "--programme",
  "xianjie",
  "--classification",
  "2130505",
  "--received",
  receivedToday(),
];
