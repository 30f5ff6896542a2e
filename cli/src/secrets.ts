/**
 * Passwords and keys. A password comes from a hidden prompt, from
 * --password-file (refused when others can read it) or from
 * FUNDTRACE_PASSWORD for automation. Keys never come from the command line.
 */
import { readFileSync, statSync } from "node:fs";
import { createInterface } from "node:readline";

import { CliError } from "./errors.ts";

export interface PasswordOptions {
  passwordFile?: string;
}

/** Reads a secret file, refusing one that its group or others can read. */
export function readPrivateFile(path: string, what: string): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new CliError("PASSWORD_REQUIRED", `${what} file ${path} does not exist`, { path });
  }
  if ((mode & 0o077) !== 0) {
    throw new CliError(
      "PASSWORD_FILE_UNSAFE",
      `${what} file ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${path}`,
      { path },
    );
  }
  return readFileSync(path, "utf8").replace(/\r?\n$/, "");
}

async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Hide what is typed: echo nothing but the question.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.includes(question)) process.stderr.write(question);
  };
  try {
    return await new Promise<string>((done) => {
      rl.question(question, done);
    });
  } finally {
    rl.close();
    process.stderr.write("\n");
  }
}

export async function readPassword(options: PasswordOptions, purpose: string): Promise<string> {
  if (options.passwordFile !== undefined) return readPrivateFile(options.passwordFile, "password");
  const fromEnv = process.env.FUNDTRACE_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (process.stdin.isTTY) return prompt(`Password for ${purpose}: `);
  throw new CliError(
    "PASSWORD_REQUIRED",
    `a password is needed for ${purpose}: type it at the prompt, or give --password-file or FUNDTRACE_PASSWORD`,
  );
}
