/**
 * Data goes to stdout, progress and logs to stderr. With --json, stdout
 * carries exactly one envelope per command:
 * `{schema_version, success, data, errors: [{code, message, details}]}`.
 */
import type { CliError } from "./errors.ts";

export const SCHEMA_VERSION = 1;

export interface Output {
  readonly json: boolean;
  /** Where logs and progress go (stderr). */
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The command's result: a human rendering, or the envelope's `data`. */
  result(data: unknown, human: () => string): void;
  /** A progress or log line (stderr). */
  log(line: string): void;
  failure(error: CliError): void;
}

const jsonReplacer = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

export function createOutput(
  json: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): Output {
  return {
    json,
    stderr,
    result(data, human) {
      if (json)
        stdout.write(
          `${JSON.stringify({ schema_version: SCHEMA_VERSION, success: true, data, errors: [] }, jsonReplacer)}\n`,
        );
      else stdout.write(`${human()}\n`);
    },
    log(line) {
      stderr.write(`${line}\n`);
    },
    failure(error) {
      const entry = { code: error.code, message: error.message, details: error.details };
      if (json) {
        stdout.write(
          `${JSON.stringify({ schema_version: SCHEMA_VERSION, success: false, data: null, errors: [entry] }, jsonReplacer)}\n`,
        );
      } else {
        stderr.write(`error ${error.code}: ${error.message}\n`);
      }
    },
  };
}
