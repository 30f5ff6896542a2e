/**
 * `fundtrace` run inside this process: the CLI's own `main`, with its
 * output captured. Used by the demo and the benchmark, where starting a
 * process per command would dominate the time; everything else is the code
 * path of the binary.
 */
import { Writable } from "node:stream";

import { main } from "../../cli/src/main.ts";

export class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The envelope's data, for --json runs: its shape is the command's. */
  data: unknown;
}

/**
 * Runs `fundtrace ...args --config config --yes`; stderr goes to `stderr` when given (live progress), else is
 * captured.
 */
export async function runCli(config: string, args: string[], stderr?: NodeJS.WritableStream): Promise<CliRun> {
  const out = new Capture();
  const err = stderr ?? new Capture();
  const code = await main(["node", "fundtrace", ...args, "--config", config, "--yes"], { stdout: out, stderr: err });
  const data =
    args.includes("--json") && out.text.trim() !== "" ? (JSON.parse(out.text) as { data: unknown }).data : undefined;
  return { code, stdout: out.text, stderr: err instanceof Capture ? err.text : "", data };
}

/** Like {@link runCli}, but throws with the output unless the exit code is `expect`. */
export async function cli(config: string, args: string[], expect = 0, stderr?: NodeJS.WritableStream): Promise<CliRun> {
  const r = await runCli(config, args, stderr);
  if (r.code !== expect)
    throw new Error(`fundtrace ${args.join(" ")} exited ${r.code}, expected ${expect}:\n${r.stdout}${r.stderr}`);
  return r;
}
