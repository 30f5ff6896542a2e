/**
 * `npm run mutation`: removes each guard of the contracts in turn, rebuilds,
 * runs the Solidity suite (unit, fuzz and invariant tests) and reports which
 * removals no test caught. Exits non-zero if any mutant survives.
 *
 * A guard is
 * - a revert condition: `if (cond) revert ...` becomes `if (false) revert ...`;
 * - an access or state modifier on a function (`whenNotPaused`, `onlyRole(...)`,
 *   `onlyRosterBook`, `onlyRegisteredUnit(...)`, `onlyRegistryRole(...)`),
 *   which is deleted from the function's header;
 * - a call of a `_require...` helper, which is deleted.
 *
 * Each mutant runs in a scratch copy of the project (the working tree is never
 * touched), two at a time by default. The unit and fuzz tests run first (a few
 * seconds); only a mutant they miss goes on to the invariant campaign (about a
 * minute), and the report says which of the two caught each one. Options: `--workers <n>`, `--only <text>` (repeatable)
 * (mutants whose file or guard contains the text), `--list` (print the mutants
 * and stop). FUNDTRACE_INVARIANT_RUNS applies as in `npm test`; the default here
 * is 200 sequences of depth 50 per mutant.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const SOURCES = ["contracts", "contracts/ledger", "contracts/libraries", "contracts/roster"];
const COPIED = [
  "contracts",
  "test/contracts",
  "bench/contracts",
  "hardhat.config.ts",
  "chain-profile.ts",
  "package.json",
];

interface Mutant {
  file: string;
  line: number;
  kind: "revert condition" | "modifier" | "require call";
  guard: string;
  /** The whole mutated source of `file`. */
  source: string;
}

const lineAt = (text: string, index: number): number => text.slice(0, index).split("\n").length;

/** Index just past the parenthesis that closes the one opening at `open`. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced parenthesis at ${open}`);
}

/** Every guard of one source file, each as a mutant with that guard removed. */
export function mutantsOf(file: string, text: string): Mutant[] {
  const mutants: Mutant[] = [];
  const add = (kind: Mutant["kind"], at: number, guard: string, source: string) => {
    mutants.push({ file, line: lineAt(text, at), kind, guard: guard.replace(/\s+/g, " ").trim(), source });
  };
  // if (cond) revert ... / if (cond) { revert ... }
  for (const m of text.matchAll(/\bif \(/g)) {
    const open = m.index + 3;
    const end = closing(text, open);
    if (!/^\s*(\{\s*)?revert\b/.test(text.slice(end))) continue;
    const condition = text.slice(open + 1, end - 1);
    add("revert condition", m.index, `if (${condition})`, `${text.slice(0, open)}(false)${text.slice(end)}`);
  }
  // Modifiers in function headers (between the parameter list and the body).
  for (const m of text.matchAll(/\bfunction \w+\(/g)) {
    const params = closing(text, m.index + m[0].length - 1);
    const body = text.indexOf("{", params);
    const semicolon = text.indexOf(";", params);
    if (body === -1 || (semicolon !== -1 && semicolon < body)) continue;
    const header = text.slice(params, body);
    for (const mod of header.matchAll(
      /\b(whenNotPaused|onlyRosterBook|onlyMember|onlySelf|onlyRole\([^)]*\)|onlyRegisteredUnit\([^)]*\)|onlyRegistryRole\([^)]*\(\)\))/g,
    )) {
      const at = params + mod.index;
      add("modifier", at, `${mod[0]} on ${m[0].slice(9, -1)}`, `${text.slice(0, at)}${text.slice(at + mod[0].length)}`);
    }
  }
  // _requireX(...); statements (not their definitions).
  for (const m of text.matchAll(/^(\s*)(_require\w+)\(/gm)) {
    const start = m.index + m[1]!.length;
    const end = closing(text, start + m[2]!.length);
    if (text[end] !== ";") continue;
    add("require call", start, text.slice(start, end), `${text.slice(0, start)}${text.slice(end + 1)}`);
  }
  return mutants;
}

function collect(): Mutant[] {
  const all: Mutant[] = [];
  for (const dir of SOURCES) {
    for (const name of readdirSync(join(ROOT, dir))
      .filter((n) => n.endsWith(".sol"))
      .sort()) {
      const file = `${dir}/${name}`;
      all.push(...mutantsOf(file, readFileSync(join(ROOT, file), "utf8")));
    }
  }
  return all;
}

function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "fundtrace-mutant-"));
  for (const path of COPIED) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  // The invariant test writes its handler call counts here.
  mkdirSync(join(dir, "test-output"));
  return dir;
}

function hardhat(dir: string, task: string[]): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn("npx", ["hardhat", "--no-typechain", ...task], {
      cwd: dir,
      stdio: "ignore",
      env: { ...process.env, FUNDTRACE_INVARIANT_RUNS: process.env.FUNDTRACE_INVARIANT_RUNS ?? "200" },
    });
    child.on("exit", (code) => {
      done(code === 0);
    });
  });
}

type Outcome = "killed by unit tests" | "killed by invariants" | "survived" | "does not compile";

/** Builds and tests `dir`: a mutant that does not compile is neither killed nor surviving. */
async function outcome(dir: string): Promise<Outcome> {
  if (!(await hardhat(dir, ["build"]))) return "does not compile";
  if (!(await hardhat(dir, ["test", "solidity", "--no-compile", "--grep-exclude", "invariant_"]))) {
    return "killed by unit tests";
  }
  return (await hardhat(dir, ["test", "solidity", "--no-compile", "--grep", "invariant_"]))
    ? "survived"
    : "killed by invariants";
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
// `--only` may repeat: a mutant runs when its file or guard contains any of the texts.
const only = args.flatMap((a, i) => (a === "--only" && args[i + 1] !== undefined ? [args[i + 1]!] : []));
const workers = Number(option("--workers") ?? 2);
const mutants = collect().filter(
  (m) => only.length === 0 || only.some((text) => m.file.includes(text) || m.guard.includes(text)),
);

if (args.includes("--list")) {
  for (const m of mutants) console.log(`${m.file}:${m.line}  ${m.kind}: ${m.guard}`);
  console.log(`${mutants.length} mutants`);
  process.exit(0);
}

const started = Date.now();
const copies = Array.from({ length: workers }, scratchCopy);
// The unmutated suite must pass, or every mutant would count as killed.
if ((await outcome(copies[0]!)) !== "survived") {
  console.error("the Solidity suite fails without any mutation: fix it first");
  process.exit(1);
}
const survivors: Mutant[] = [];
const invalid: Mutant[] = [];
let byInvariants = 0;
let next = 0;
let finished = 0;
await Promise.all(
  copies.map(async (dir) => {
    for (let i = next++; i < mutants.length; i = next++) {
      const m = mutants[i]!;
      const target = join(dir, m.file);
      const original = readFileSync(target, "utf8");
      writeFileSync(target, m.source);
      const result = await outcome(dir);
      writeFileSync(target, original);
      if (result === "survived") survivors.push(m);
      if (result === "does not compile") invalid.push(m);
      if (result === "killed by invariants") byInvariants++;
      finished++;
      console.error(`[${finished}/${mutants.length}] ${result.padEnd(20)} ${m.file}:${m.line} ${m.kind}: ${m.guard}`);
    }
  }),
);
for (const dir of copies) rmSync(dir, { recursive: true, force: true });

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const killed = mutants.length - survivors.length - invalid.length;
console.log(
  `\n${mutants.length} mutants: ${killed} killed (${killed - byInvariants} by unit and fuzz tests, ${byInvariants} only by the invariant campaign), ${survivors.length} survived, ${invalid.length} do not compile (${minutes} min)`,
);
for (const m of survivors) console.log(`  survived: ${m.file}:${m.line} ${m.kind}: ${m.guard}`);
for (const m of invalid) console.log(`  does not compile: ${m.file}:${m.line} ${m.kind}: ${m.guard}`);
process.exit(survivors.length === 0 && invalid.length === 0 ? 0 : 1);
