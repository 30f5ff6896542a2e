/**
 * The one place where failures become stable error codes, messages and exit
 * codes. docs/errors.md lists every code with why and how to fix; a test
 * checks that the two agree.
 */
import { ContractRevertError, FundTraceError } from "@fundtrace/sdk";

/** Exit codes, by family. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  config: 4,
  account: 5,
  refused: 6,
  chain: 7,
} as const;

/** Every stable code the CLI reports, with its exit code. */
export const ERROR_CODES = {
  USAGE: EXIT.usage,
  KEY_ON_COMMAND_LINE: EXIT.usage,
  CONFIG_NOT_FOUND: EXIT.config,
  CONFIG_INVALID: EXIT.config,
  CONFIG_EXISTS: EXIT.config,
  UNKNOWN_NETWORK: EXIT.config,
  NETWORK_UNREACHABLE: EXIT.chain,
  WRONG_CHAIN: EXIT.config,
  ACCOUNT_NOT_FOUND: EXIT.account,
  ACCOUNT_EXISTS: EXIT.account,
  PASSWORD_REQUIRED: EXIT.account,
  PASSWORD_FILE_UNSAFE: EXIT.account,
  KEYSTORE_WRONG_PASSWORD: EXIT.account,
  KEYSTORE_INVALID: EXIT.account,
  KEYSTORE_UNSUPPORTED: EXIT.account,
  KEYSTORE_WEAK_PASSWORD: EXIT.account,
  AMOUNT_INVALID: EXIT.input,
  DIVISION_CODE_INVALID: EXIT.input,
  RESIDENT_ID_INVALID: EXIT.input,
  INPUT_FILE_UNREADABLE: EXIT.input,
  FILE_ENCODING_INVALID: EXIT.input,
  CSV_MALFORMED: EXIT.input,
  ROWS_INVALID: EXIT.input,
  ROSTER_RECORD_INVALID: EXIT.input,
  ROSTER_MISMATCH: EXIT.input,
  JOURNAL_CONFLICT: EXIT.chain,
  TRANSACTION_FAILED: EXIT.chain,
  CONTRACT_REFUSED: EXIT.refused,
  CONFIRMATION_REQUIRED: EXIT.usage,
  INTERNAL: EXIT.internal,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class CliError extends Error {
  override name = "CliError";
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code];
  }
}

/** Maps anything thrown to a {@link CliError}. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ContractRevertError) {
    return new CliError("CONTRACT_REFUSED", error.shortMessage, { contractError: error.errorName, args: error.details });
  }
  if (error instanceof FundTraceError && error.code in ERROR_CODES) {
    return new CliError(error.code as ErrorCode, error.shortMessage, { ...error.details });
  }
  const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  // viem's errors keep the node's own words in `details`.
  const details = (error as { details?: unknown }).details;
  return new CliError("INTERNAL", typeof details === "string" && details !== "" ? `${message} (${details})` : message);
}
