/**
 * Fails the build when the compiled contracts would not run on the
 * consortium chain, or when the compiler warned:
 * - any compiler warning in the current build (warnings fail the build);
 * - an opcode the target fork lacks (PUSH0, MCOPY, TLOAD/TSTORE, BASEFEE...)
 *   in the creation or runtime code of any contract under contracts/;
 * - a runtime code larger than the EIP-170 limit of 24,576 bytes.
 * Run after `hardhat build`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { CONSORTIUM } from "../chain-profile.ts";
import { findForbiddenOpcodes, hexToCode, instructionCount } from "./lib/opcodes.ts";

const EIP170_LIMIT = 24_576;

interface Artifact {
  contractName: string;
  sourceName: string;
  inputSourceName: string;
  bytecode: string;
  deployedBytecode: string;
  buildInfoId: string;
}

/**
 * Solidity tests are never deployed to a real chain, so the contract-size
 * warning (solc error code 5574) does not apply to them. Every other warning
 * fails the build, in tests too.
 */
const TEST_ONLY_ALLOWED_WARNINGS = new Set(["5574"]);

interface BuildOutput {
  output: {
    errors?: { severity: string; errorCode?: string; formattedMessage: string; sourceLocation?: { file: string } }[];
    contracts: Record<
      string,
      Record<string, { evm: { bytecode: { sourceMap: string }; deployedBytecode: { sourceMap: string } } }>
    >;
  };
}

function artifactsUnder(dir: string): Artifact[] {
  const out: Artifact[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "build-info") out.push(...artifactsUnder(path));
    } else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json")) {
      out.push(JSON.parse(readFileSync(path, "utf8")) as Artifact);
    }
  }
  return out;
}

const problems: string[] = [];
const allArtifacts = artifactsUnder("artifacts");
// A source's current build is the one its artifacts point to; older build
// infos may linger and must not report warnings that were since fixed.
const currentBuild = new Map(allArtifacts.map((a) => [a.inputSourceName, a.buildInfoId]));
const outputs = new Map<string, BuildOutput>();
const outputOf = (id: string): BuildOutput => {
  let output = outputs.get(id);
  if (output === undefined) {
    output = JSON.parse(readFileSync(join("artifacts/build-info", `${id}.output.json`), "utf8")) as BuildOutput;
    outputs.set(id, output);
  }
  return output;
};
for (const id of new Set(currentBuild.values())) {
  for (const error of outputOf(id).output.errors ?? []) {
    const file = error.sourceLocation?.file;
    if (file !== undefined && currentBuild.has(file) && currentBuild.get(file) !== id) continue;
    if (file?.startsWith("project/test/") && TEST_ONLY_ALLOWED_WARNINGS.has(error.errorCode ?? "")) continue;
    problems.push(`compiler ${error.severity}: ${error.formattedMessage.trim()}`);
  }
}

let checked = 0;
for (const artifact of allArtifacts.filter((a) => a.inputSourceName.startsWith("project/contracts/"))) {
  if (artifact.bytecode === "0x") continue; // interfaces and abstract contracts
  checked++;
  const evm = outputOf(artifact.buildInfoId).output.contracts[artifact.inputSourceName]?.[artifact.contractName]?.evm;
  if (evm === undefined) throw new Error(`no compiler output for ${artifact.sourceName}:${artifact.contractName}`);
  for (const [kind, hex, sourceMap] of [
    ["creation", artifact.bytecode, evm.bytecode.sourceMap],
    ["runtime", artifact.deployedBytecode, evm.deployedBytecode.sourceMap],
  ] as const) {
    const code = hexToCode(hex);
    for (const hit of findForbiddenOpcodes(code, instructionCount(sourceMap))) {
      problems.push(
        `${artifact.sourceName}:${artifact.contractName} ${kind} code has ${hit.name} (0x${hit.opcode.toString(16)}, ${hit.fork}) at byte ${hit.offset}: not available at ${CONSORTIUM.hardfork}`,
      );
    }
    if (kind === "runtime" && code.length > EIP170_LIMIT) {
      problems.push(
        `${artifact.sourceName}:${artifact.contractName} runtime code is ${code.length} bytes, above ${EIP170_LIMIT}`,
      );
    }
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`build check failed: ${problems.length} problem(s)`);
  process.exit(1);
}
console.error(
  `build check: ${checked} contracts, no compiler warnings, no opcode missing at ${CONSORTIUM.hardfork}, all under ${EIP170_LIMIT} bytes`,
);
