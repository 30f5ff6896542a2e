/**
 * `npm test`: every check of the project, in order, with one summary.
 *
 * 1. build: compile the contracts (Hardhat, solc from npm, consortium fork);
 * 2. build check: no compiler warning, no opcode the fork lacks, size limit;
 * 3. solhint with zero warnings allowed; Prettier (formatting) and ESLint
 *    (typescript-eslint's strict type-checked rules) with none either;
 * 4. TypeScript type checks (the whole repository, the SDK and CLI as Node
 *    runs them, the SDK with its package settings);
 * 5. Solidity tests (unit, fuzz, invariant) on the simulated consortium chain;
 * 6. TypeScript tests (flows, event replay, gas snapshot) on the same chain.
 *
 * Fuzz and invariant tests take a new random seed each run, printed first;
 * set FUNDTRACE_FUZZ_SEED to replay one. Ends with `N passed, N failed`, where
 * each test counts once and each check once.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const seed = process.env.FUNDTRACE_FUZZ_SEED ?? `0x${randomBytes(32).toString("hex")}`;
console.log(`fuzz seed: ${seed} (replay with FUNDTRACE_FUZZ_SEED=${seed} npm test)`);

interface Step {
  name: string;
  command: string[];
  /** Test runners report counts; other steps count as one check. */
  runner?: boolean;
  /** Runs before the command. */
  before?: () => void;
  /** Extra check after the command; returns an error message or undefined. */
  after?: () => string | undefined;
}

const INVARIANT_CALLS = "test-output/invariant-calls.log";

/**
 * Sums the invariant handler's per-run call counts over the whole campaign
 * and prints them; fails if an action never did anything (an idle handler).
 */
function checkInvariantCalls(): string | undefined {
  if (!existsSync(INVARIANT_CALLS)) return `${INVARIANT_CALLS} was not written: the invariant test did not run`;
  const totals = new Map<string, { calls: number; successes: number }>();
  let runs = 0;
  for (const line of readFileSync(INVARIANT_CALLS, "utf8").split("\n")) {
    if (!line.startsWith("run ")) continue;
    runs++;
    for (const [, name, calls, successes] of line.matchAll(/(\w+)=(\d+)\/(\d+)/g)) {
      const t = totals.get(name!) ?? { calls: 0, successes: 0 };
      t.calls += Number(calls);
      t.successes += Number(successes);
      totals.set(name!, t);
    }
  }
  console.log(`invariant handler over ${runs} runs (calls / calls that changed state):`);
  for (const [name, t] of totals)
    console.log(`  ${name.padEnd(16)} ${String(t.calls).padStart(7)} ${String(t.successes).padStart(7)}`);
  const idle = [...totals].filter(([, t]) => t.successes === 0).map(([name]) => name);
  if (runs === 0 || totals.size === 0) return "the invariant handler reported no run";
  return idle.length > 0 ? `idle invariant handler actions: ${idle.join(", ")}` : undefined;
}

const steps: Step[] = [
  { name: "build", command: ["hardhat", "build"] },
  { name: "build check", command: ["node", "scripts/check-build.ts"] },
  { name: "generated ABIs fresh", command: ["node", "scripts/generate-abis.ts", "--check"] },
  { name: "contract docs fresh", command: ["node", "scripts/generate-contract-docs.ts", "--check"] },
  { name: "solhint", command: ["solhint", "--noPoster", "--max-warnings", "0", "contracts/**/*.sol"] },
  {
    name: "solhint (tests)",
    command: ["solhint", "--noPoster", "--max-warnings", "0", "-c", "test/.solhint.json", "test/**/*.sol"],
  },
  { name: "prettier", command: ["prettier", "--check", "."] },
  { name: "eslint", command: ["eslint", "--max-warnings", "0", "."] },
  { name: "type check", command: ["tsc", "--noEmit", "-p", "tsconfig.json"] },
  // The SDK and the CLI run directly under Node's type stripping: only erasable syntax there.
  { name: "type check (sdk, cli)", command: ["tsc", "--noEmit", "-p", "cli/tsconfig.json"] },
  // The SDK with its own build settings (browser-safe core); test/sdk/package.test.ts checks the packed package.
  { name: "type check (sdk package)", command: ["tsc", "--noEmit", "-p", "sdk/tsconfig.build.json"] },
  {
    name: "solidity tests",
    command: ["hardhat", "test", "solidity", "--network", "default"],
    runner: true,
    before: () => {
      mkdirSync("test-output", { recursive: true });
      rmSync(INVARIANT_CALLS, { force: true });
    },
    after: checkInvariantCalls,
  },
  { name: "typescript tests", command: ["hardhat", "test", "mocha", "--network", "default"], runner: true },
];

const only = process.argv.slice(2);
// Terminal colour codes (ESC [ ... m) in a runner's output.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

function run(step: Step): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const [command, ...args] = step.command as [string, ...string[]];
    const child = spawn(command, args, {
      env: { ...process.env, FUNDTRACE_FUZZ_SEED: seed, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on("close", (code) => {
      resolve({ code: code ?? 1, output });
    });
  });
}

let passed = 0;
let failed = 0;
const failures: string[] = [];
for (const step of steps) {
  if (only.length > 0 && !only.some((o) => step.name.includes(o))) continue;
  console.log(`\n=== ${step.name}: ${step.command.join(" ")}`);
  step.before?.();
  const { code, output } = await run(step);
  const afterProblem = step.after?.();
  if (afterProblem !== undefined) {
    failed += 1;
    failures.push(`${step.name}: ${afterProblem}`);
  } else if (step.after !== undefined) {
    passed += 1;
  }
  if (step.runner) {
    const text = output.replace(ANSI, "");
    const sum = (re: RegExp): number => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
    const stepPassed = sum(/^\s*(\d+) passing/gm);
    const stepFailed = sum(/^\s*(\d+) failing/gm);
    passed += stepPassed;
    failed += stepFailed;
    // A runner that exits non-zero without a failing count failed to run at all.
    if (code !== 0 && stepFailed === 0) {
      failed += 1;
      failures.push(`${step.name} (exit ${code})`);
    } else if (stepFailed > 0) {
      failures.push(`${step.name} (${stepFailed} failing)`);
    }
    if (code === 0 && stepPassed === 0) {
      failed += 1;
      failures.push(`${step.name} ran no test`);
    }
  } else if (code === 0) {
    passed += 1;
  } else {
    failed += 1;
    failures.push(`${step.name} (exit ${code})`);
  }
}

console.log("");
if (failures.length > 0) console.log(`failed steps: ${failures.join("; ")}`);
console.log(`fuzz seed: ${seed}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
