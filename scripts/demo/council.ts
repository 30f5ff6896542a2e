/**
 * The council the demo and the CLI workflow test hand the registry to: finance, audit and discipline
 * inspection, two of three approve, one guardian.
 */
export const COUNCIL_THRESHOLD = 2;

/** `fundtrace governance hand-over` to `council` with `guardians`, without the signer option. */
export function handOverArgs(council: readonly string[], guardians: readonly string[]): string[] {
  return [
    "governance",
    "hand-over",
    "--council",
    ...council,
    "--threshold",
    String(COUNCIL_THRESHOLD),
    "--guardians",
    ...guardians,
  ];
}
