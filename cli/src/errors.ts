/**
 * The one place where failures become stable error codes, messages and exit
 * codes. docs/errors.md lists every code with why and how to fix; a test
 * checks that the two agree.
 */
import { ContractRevertError, type FUNDTRACE_ERROR_CODES, FundTraceError } from "@fundtrace/sdk";

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

type Exit = (typeof EXIT)[keyof typeof EXIT];

/** Codes the CLI itself reports, with their exit codes. */
const CLI_CODES = {
  USAGE: EXIT.usage,
  KEY_ON_COMMAND_LINE: EXIT.usage,
  CONFIG_NOT_FOUND: EXIT.config,
  CONFIG_INVALID: EXIT.config,
  CONFIG_EXISTS: EXIT.config,
  UNKNOWN_NETWORK: EXIT.config,
  NETWORK_UNREACHABLE: EXIT.chain,
  ACCOUNT_NOT_FOUND: EXIT.account,
  ACCOUNT_EXISTS: EXIT.account,
  PASSWORD_REQUIRED: EXIT.account,
  PASSWORD_FILE_UNSAFE: EXIT.account,
  INPUT_FILE_UNREADABLE: EXIT.input,
  FILE_ENCODING_INVALID: EXIT.input,
  CSV_MALFORMED: EXIT.input,
  ROWS_INVALID: EXIT.input,
  ROSTER_MISMATCH: EXIT.input,
  HOUSEHOLD_ON_ANOTHER_ROSTER: EXIT.input,
  JOURNAL_CONFLICT: EXIT.chain,
  CONTRACT_REFUSED: EXIT.refused,
  CONFIRMATION_REQUIRED: EXIT.usage,
  INTERNAL: EXIT.internal,
} as const satisfies Record<string, Exit>;

/**
 * Every code an SDK error carries, with its exit code. The type makes this
 * map exhaustive: an SDK code without an entry here does not compile. (The
 * contracts' own refusals all become `CONTRACT_REFUSED`.)
 */
const SDK_CODES = {
  AMOUNT_INVALID: EXIT.input,
  DIVISION_CODE_INVALID: EXIT.input,
  RESIDENT_ID_INVALID: EXIT.input,
  PSEUDONYM_KEY_INVALID: EXIT.account,
  ROSTER_ENTRY_INVALID: EXIT.input,
  ROSTER_RECORD_INVALID: EXIT.input,
  UNKNOWN_CHAIN: EXIT.config,
  DEPLOYMENT_INVALID: EXIT.config,
  DEPLOYMENT_NOT_FOUND: EXIT.config,
  UNKNOWN_EVENT: EXIT.usage,
  WRONG_CHAIN: EXIT.config,
  TRANSACTION_FAILED: EXIT.chain,
  GAS_BUDGET_TOO_SMALL: EXIT.usage,
  LOG_READ_FAILED: EXIT.chain,
  BLOCK_NOT_FOUND: EXIT.chain,
  PAYMENT_LOGS_INVALID: EXIT.chain,
  KEYSTORE_INVALID: EXIT.account,
  KEYSTORE_UNSUPPORTED: EXIT.account,
  KEYSTORE_WEAK_PASSWORD: EXIT.account,
  KEYSTORE_WRONG_PASSWORD: EXIT.account,
  NOT_GOVERNED: EXIT.config,
  MIGRATION_INVALID: EXIT.usage,
  FUND_TERMS_INVALID: EXIT.input,
} as const satisfies Record<(typeof FUNDTRACE_ERROR_CODES)[number], Exit>;

/** Every stable code the CLI reports, with its exit code. */
export const ERROR_CODES = { ...CLI_CODES, ...SDK_CODES } as const;
export type ErrorCode = keyof typeof ERROR_CODES;

const isSdkCode = (code: string): code is keyof typeof SDK_CODES => Object.hasOwn(SDK_CODES, code);

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

/** Maps anything thrown to a {@link CliError}; only what is neither a CLI nor an SDK error is INTERNAL. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ContractRevertError) {
    return new CliError("CONTRACT_REFUSED", error.shortMessage, { contractError: error.errorName, args: error.args });
  }
  if (error instanceof FundTraceError && isSdkCode(error.code)) {
    // viem's BaseError leaves `details` empty (or undefined) when there is no cause.
    const cause = error.details ? ` (${error.details})` : "";
    return new CliError(error.code, `${error.shortMessage}${cause}`, { ...error.context });
  }
  const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  // viem's errors keep the node's own words in `details`.
  const details = (error as { details?: unknown }).details;
  return new CliError("INTERNAL", typeof details === "string" && details !== "" ? `${message} (${details})` : message);
}
