/**
 * Every error the SDK throws extends {@link FundTraceError}, which builds on
 * viem's `BaseError`: a one-line `shortMessage`, `details` (the underlying
 * failure's own words), the `cause` chain with `walk`, plus a stable `code`
 * (one of {@link FundTraceErrorCode}; the CLI maps each to an exit code, and
 * its compiler checks that every code is mapped) and a structured `context`.
 */
import {
  type Abi,
  type AbiParameterToPrimitiveType,
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Hex,
} from "viem";

import { fundLedgerAbi, governanceAbi, rosterBookAbi, unitRegistryAbi } from "./abi/index.ts";

/** Every code an SDK error can carry, except the contracts' own (`CONTRACT_<SolidityError>`). */
export const FUNDTRACE_ERROR_CODES = [
  "AMOUNT_INVALID",
  "FUND_TERMS_INVALID",
  "DIVISION_CODE_INVALID",
  "RESIDENT_ID_INVALID",
  "PSEUDONYM_KEY_INVALID",
  "ROSTER_ENTRY_INVALID",
  "ROSTER_RECORD_INVALID",
  "UNKNOWN_CHAIN",
  "DEPLOYMENT_INVALID",
  "DEPLOYMENT_NOT_FOUND",
  "UNKNOWN_EVENT",
  "WRONG_CHAIN",
  "TRANSACTION_FAILED",
  "GAS_BUDGET_TOO_SMALL",
  "LOG_READ_FAILED",
  "BLOCK_NOT_FOUND",
  "PAYMENT_LOGS_INVALID",
  "KEYSTORE_INVALID",
  "KEYSTORE_UNSUPPORTED",
  "KEYSTORE_WEAK_PASSWORD",
  "KEYSTORE_WRONG_PASSWORD",
  "NOT_GOVERNED",
  "MIGRATION_INVALID",
] as const;

/** A stable, machine-readable code of an SDK failure (see {@link FUNDTRACE_ERROR_CODES}). */
export type FundTraceErrorCode = (typeof FUNDTRACE_ERROR_CODES)[number] | `CONTRACT_${FundTraceErrorName}`;

export interface FundTraceErrorOptions {
  cause?: unknown;
  /** Structured facts about the failure (file, line, field, ids...), for programs and `--json`. */
  context?: Readonly<Record<string, unknown>>;
  /** Extra lines shown under the short message. */
  metaMessages?: string[];
}

/** Words for a thrown value that is not an Error (a string, or anything JSON can show). */
function describeCause(cause: unknown): string {
  if (typeof cause === "string") return cause;
  try {
    return JSON.stringify(cause, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  } catch {
    return "a value that is not an Error";
  }
}

export class FundTraceError extends BaseError {
  override name = "FundTraceError";
  /** Stable, machine-readable code (e.g. `AMOUNT_INVALID`). */
  readonly code: FundTraceErrorCode;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: FundTraceErrorCode, shortMessage: string, options: FundTraceErrorOptions = {}) {
    const cause =
      options.cause instanceof Error || options.cause === undefined
        ? options.cause
        : new Error(describeCause(options.cause));
    super(shortMessage, { cause, metaMessages: options.metaMessages });
    this.code = code;
    this.context = options.context ?? {};
  }
}

/** An amount that is not an exact, non-negative number of fen. */
export class AmountError extends FundTraceError {
  override name = "AmountError";
  readonly input: string;

  constructor(reason: string, input: string) {
    super("AMOUNT_INVALID", `amount ${JSON.stringify(input)} ${reason}`, { context: { input } });
    this.input = input;
  }
}

/** A division code that breaks the segment rules. */
export class DivisionCodeError extends FundTraceError {
  override name = "DivisionCodeError";
  readonly input: string;

  constructor(reason: string, input: string) {
    super("DIVISION_CODE_INVALID", `division code ${JSON.stringify(input)} ${reason}`, { context: { input } });
    this.input = input;
  }
}

/**
 * A resident ID that fails GB 11643. The message and details show only the
 * last four characters: the full ID never appears in an error.
 */
export class ResidentIdError extends FundTraceError {
  override name = "ResidentIdError";
  constructor(reason: string, masked: string) {
    super("RESIDENT_ID_INVALID", `resident ID ${masked} ${reason}`, { context: { id: masked } });
  }
}

/** A pseudonym key that is too short or malformed. */
export class PseudonymKeyError extends FundTraceError {
  override name = "PseudonymKeyError";
  constructor(reason: string) {
    super("PSEUDONYM_KEY_INVALID", `pseudonym key ${reason}`);
  }
}

const allItems = [...unitRegistryAbi, ...fundLedgerAbi, ...rosterBookAbi, ...governanceAbi];
type ErrorItem = Extract<(typeof allItems)[number], { type: "error" }>;

/** The name of any custom error of the FundTrace contracts. */
export type FundTraceErrorName = ErrorItem["name"];

/** The arguments of error `N`, by name, typed from the ABI. */
export type FundTraceErrorArgs<N extends FundTraceErrorName> = {
  [P in Extract<ErrorItem, { name: N }>["inputs"][number] as P["name"]]: AbiParameterToPrimitiveType<P>;
};

/** All custom errors of the FundTrace contracts. */
export const fundTraceErrorsAbi = allItems.filter((item) => item.type === "error") as Abi;

/**
 * A contract call reverted with one of the FundTrace custom errors. `errorName`
 * is the Solidity error's name (e.g. `LedgerInsufficientBalance`) and `args`
 * its arguments by name.
 */
export class ContractRevertError extends FundTraceError {
  override name = "ContractRevertError";
  readonly errorName: string;
  readonly args: Readonly<Record<string, unknown>>;

  constructor(errorName: string, args: Readonly<Record<string, unknown>>, options: FundTraceErrorOptions = {}) {
    const shown = Object.entries(args)
      .map(([k, v]) => `${k}=${typeof v === "bigint" ? v.toString() : String(v)}`)
      .join(", ");
    super(`CONTRACT_${errorName as FundTraceErrorName}`, `the contract refused: ${errorName}(${shown})`, {
      ...options,
      context: args,
    });
    this.errorName = errorName;
    this.args = args;
  }
}

/** Decodes revert data into a {@link ContractRevertError}, or undefined for unknown data. */
export function decodeRevertData(data: Hex, cause?: unknown): ContractRevertError | undefined {
  try {
    const decoded = decodeErrorResult({ abi: fundTraceErrorsAbi, data });
    const item = fundTraceErrorsAbi.find((e) => e.type === "error" && e.name === decoded.errorName);
    const inputs = item !== undefined && item.type === "error" ? item.inputs : [];
    const args: Record<string, unknown> = {};
    (decoded.args ?? []).forEach((value, i) => {
      args[inputs[i]?.name || `arg${i}`] = value;
    });
    return new ContractRevertError(decoded.errorName, args, { cause });
  } catch {
    return undefined;
  }
}

/**
 * Turns what viem threw for a failed call into a {@link ContractRevertError}
 * when the revert data is a FundTrace error; returns the input otherwise.
 */
export function toFundTraceError(error: unknown): unknown {
  if (!(error instanceof BaseError)) return error;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.raw !== undefined) {
    return decodeRevertData(reverted.raw, error) ?? error;
  }
  const withData = error.walk((e) => typeof (e as { data?: unknown }).data === "string") as { data?: Hex } | null;
  if (withData?.data !== undefined && /^0x[0-9a-fA-F]{8}/.test(withData.data)) {
    return decodeRevertData(withData.data, error) ?? error;
  }
  // Some nodes return the revert data only inside the message (Hardhat: "... (return data: 0x...)"),
  // or nested as `data.data`.
  const nested = error.walk((e) => typeof (e as { data?: { data?: unknown } }).data?.data === "string") as {
    data?: { data?: Hex };
  } | null;
  const found =
    nested?.data?.data ??
    (/return data: (0x[0-9a-fA-F]{8,})/.exec(`${error.message} ${error.details}`)?.[1] as Hex | undefined);
  if (found !== undefined && /^0x[0-9a-fA-F]{8}/.test(found)) return decodeRevertData(found, error) ?? error;
  return error;
}

/**
 * Whether `error` is the contract error `name`; narrows `args` to that
 * error's arguments, typed from the ABI:
 * `if (isContractError(e, "LedgerInsufficientBalance")) e.args.balance // bigint`.
 */
export function isContractError<N extends FundTraceErrorName>(
  error: unknown,
  name: N,
): error is Omit<ContractRevertError, "errorName" | "args"> & { errorName: N; args: FundTraceErrorArgs<N> } {
  return error instanceof ContractRevertError && error.errorName === name;
}
