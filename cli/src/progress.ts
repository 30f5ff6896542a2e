/**
 * A progress line on stderr: a bar, counts, rate and ETA; redrawn in place on a terminal, one line per step
 * otherwise.
 */
export class Progress {
  readonly #total: number;
  readonly #unit: string;
  readonly #started = Date.now();
  readonly #tty: boolean;
  readonly #stream: NodeJS.WritableStream;
  #lastLine = 0;

  constructor(total: number, unit: string, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr) {
    this.#total = total;
    this.#unit = unit;
    this.#stream = stream;
    this.#tty = stream.isTTY === true;
  }

  update(done: number, note = ""): void {
    const elapsed = (Date.now() - this.#started) / 1000;
    const fraction = this.#total === 0 ? 1 : done / this.#total;
    const width = 24;
    const filled = Math.round(fraction * width);
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (this.#total - done) / rate : Number.NaN;
    const line =
      `  [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done.toLocaleString("en-US")}/${this.#total.toLocaleString("en-US")} ${this.#unit}` +
      `  ${rate.toFixed(0)}/s  ETA ${Number.isFinite(eta) ? formatSeconds(eta) : "--"}${note === "" ? "" : `  ${note}`}`;
    if (this.#tty) {
      this.#stream.write(`\r${line}\x1b[K`);
      if (done >= this.#total) this.#stream.write("\n");
    } else if (done >= this.#total || Date.now() - this.#lastLine >= 1000) {
      // Not a terminal (a log file, a pipe): at most one line a second, and the last.
      this.#stream.write(`${line}\n`);
      this.#lastLine = Date.now();
    }
  }
}

export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
