/**
 * Writes the errors table of docs/contracts.md from the contracts' NatSpec:
 * every custom error of the deployed contracts, with its parameters, what it
 * means (`@notice`) and how to fix it (`@dev`), between the markers
 * `<!-- errors:begin -->` and `<!-- errors:end -->`. Reads the solc output
 * of the build (`artifacts/build-info/<id>.output.json`, the build each
 * contract's artifact points to), so run it after `hardhat build`.
 * `--check` compares instead of writing and fails when the doc is stale
 * (npm test runs it). Also fails when an error declared in contracts/ has no
 * `@notice`.
 */
import { readFileSync, writeFileSync } from "node:fs";

import { DEPLOYED_CONTRACTS } from "./lib/verification.ts";

const DOC = "docs/contracts.md";
const BEGIN = "<!-- errors:begin -->";
const END = "<!-- errors:end -->";
const check = process.argv.includes("--check");

interface AbiParameter {
  name: string;
  type: string;
  internalType?: string;
  components?: AbiParameter[];
}
interface AbiError {
  type: string;
  name: string;
  inputs: AbiParameter[];
}
interface AstNode {
  nodeType: string;
  name?: string;
  src?: string;
  nodes?: AstNode[];
}
interface CompiledContract {
  abi: AbiError[];
  userdoc?: { errors?: Record<string, { notice?: string }[]> };
  devdoc?: { errors?: Record<string, { details?: string }[]> };
}
interface BuildOutput {
  output: {
    contracts: Record<string, Record<string, CompiledContract>>;
    sources: Record<string, { ast: AstNode }>;
  };
}

/** Canonical ABI type of a parameter, tuples expanded: the form NatSpec keys use. */
function canonicalType(parameter: AbiParameter): string {
  if (!parameter.type.startsWith("tuple")) return parameter.type;
  const inner = (parameter.components ?? []).map(canonicalType).join(",");
  return `(${inner})${parameter.type.slice("tuple".length)}`;
}

/** The Solidity type as written (`RosterState` rather than `uint8`). */
function declaredType(parameter: AbiParameter): string {
  const internal = parameter.internalType ?? parameter.type;
  return internal.replace(/^(enum|struct|contract) /, "");
}

/** Where each error is declared: source name and position, from the AST. */
function errorDeclarations(output: BuildOutput["output"]): Map<string, { source: string; start: number }> {
  const found = new Map<string, { source: string; start: number }>();
  for (const [source, { ast }] of Object.entries(output.sources)) {
    const visit = (node: AstNode): void => {
      if (node.nodeType === "ErrorDefinition" && node.name !== undefined) {
        found.set(node.name, { source, start: Number(node.src?.split(":")[0] ?? 0) });
      }
      for (const child of node.nodes ?? []) visit(child);
    };
    visit(ast);
  }
  return found;
}

/** One line of a Markdown table cell. */
function cell(text: string | undefined): string {
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  return flat === "" ? "—" : flat.replace(/\|/g, "\\|");
}

interface Row {
  contracts: string[];
  signature: string;
  meaning: string;
  fix: string;
  order: [number, string, number];
}

const rows = new Map<string, Row>();
const undocumented: string[] = [];
const outputs = new Map<string, BuildOutput>();
for (const name of DEPLOYED_CONTRACTS) {
  const artifact = JSON.parse(readFileSync(`artifacts/contracts/${name}.sol/${name}.json`, "utf8")) as {
    buildInfoId: string;
    inputSourceName: string;
  };
  let build = outputs.get(artifact.buildInfoId);
  if (build === undefined) {
    build = JSON.parse(readFileSync(`artifacts/build-info/${artifact.buildInfoId}.output.json`, "utf8")) as BuildOutput;
    outputs.set(artifact.buildInfoId, build);
  }
  const contract = build.output.contracts[artifact.inputSourceName]?.[name];
  if (contract?.userdoc === undefined || contract.devdoc === undefined) {
    console.error(
      `no NatSpec for ${name} in the build output: is devdoc/userdoc in hardhat.config.ts's outputSelection?`,
    );
    process.exit(1);
  }
  const declarations = errorDeclarations(build.output);
  for (const error of contract.abi.filter((item) => item.type === "error")) {
    const key = `${error.name}(${error.inputs.map(canonicalType).join(",")})`;
    const existing = rows.get(key);
    if (existing !== undefined) {
      existing.contracts.push(name);
      continue;
    }
    const notice = contract.userdoc.errors?.[key]?.[0]?.notice;
    const details = contract.devdoc.errors?.[key]?.[0]?.details;
    const declared = declarations.get(error.name) ?? { source: "", start: 0 };
    const ours = declared.source.startsWith("project/contracts/");
    if (ours && (notice === undefined || notice.trim() === "")) undocumented.push(`${key} (${declared.source})`);
    rows.set(key, {
      contracts: [name],
      signature: `${error.name}(${error.inputs.map((p) => `${declaredType(p)} ${p.name}`.trim()).join(", ")})`,
      // Errors of dependencies (OpenZeppelin) carry only a @dev description.
      meaning: notice ?? details ?? "",
      fix: notice === undefined ? "" : (details ?? ""),
      order: [DEPLOYED_CONTRACTS.indexOf(name) * 2 + (ours ? 0 : 1), declared.source, declared.start],
    });
  }
}
if (undocumented.length > 0) {
  console.error(`errors without a @notice:\n  ${undocumented.join("\n  ")}`);
  process.exit(1);
}

const sorted = [...rows.values()].sort(
  (a, b) => a.order[0] - b.order[0] || a.order[1].localeCompare(b.order[1]) || a.order[2] - b.order[2],
);
const table = [
  BEGIN,
  "<!-- Generated by scripts/generate-contract-docs.ts from the NatSpec in contracts/. Do not edit: run npm run generate-contract-docs. -->",
  "",
  "| contract | error | meaning | how to fix |",
  "| --- | --- | --- | --- |",
  ...sorted.map((r) => `| ${r.contracts.join(", ")} | \`${r.signature}\` | ${cell(r.meaning)} | ${cell(r.fix)} |`),
  "",
  `${sorted.length} errors.`,
  END,
].join("\n");

const current = readFileSync(DOC, "utf8");
const begin = current.indexOf(BEGIN);
const end = current.indexOf(END);
if (begin < 0 || end < begin) {
  console.error(`${DOC} lacks the markers ${BEGIN} and ${END} around the errors table`);
  process.exit(1);
}
const next = current.slice(0, begin) + table + current.slice(end + END.length);
if (next === current) {
  console.error(`${DOC}: errors table is fresh (${sorted.length} errors)`);
} else if (check) {
  console.error(`stale errors table in ${DOC}\nrun: npm run generate-contract-docs`);
  process.exit(1);
} else {
  writeFileSync(DOC, next);
  console.error(`wrote the errors table of ${DOC} (${sorted.length} errors)`);
}
