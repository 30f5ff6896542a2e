/**
 * Finds opcodes that an EVM fork does not have in contract bytecode.
 * Used by the build check (artifacts) and by the deployment test (code read
 * back from the chain).
 */

/** Opcodes introduced after Berlin, with the fork that added them. */
export const POST_BERLIN_OPCODES: ReadonlyMap<number, { name: string; fork: string }> = new Map([
  [0x48, { name: "BASEFEE", fork: "london" }],
  [0x49, { name: "BLOBHASH", fork: "cancun" }],
  [0x4a, { name: "BLOBBASEFEE", fork: "cancun" }],
  [0x5c, { name: "TLOAD", fork: "cancun" }],
  [0x5d, { name: "TSTORE", fork: "cancun" }],
  [0x5e, { name: "MCOPY", fork: "cancun" }],
  [0x5f, { name: "PUSH0", fork: "shanghai" }],
  [0x1e, { name: "CLZ", fork: "osaka" }],
]);

export interface ForbiddenOpcode {
  readonly offset: number;
  readonly opcode: number;
  readonly name: string;
  readonly fork: string;
}

/**
 * Length of the CBOR metadata trailer solc appends (its last two bytes give
 * the length), or 0 when there is none. The trailer is data, not code.
 */
function metadataLength(code: Uint8Array): number {
  if (code.length < 2) return 0;
  const length = (code[code.length - 2]! << 8) | code[code.length - 1]!;
  // A solc trailer starts with a CBOR map (0xa1-0xa5) and fits inside the code.
  const start = code.length - 2 - length;
  if (length === 0 || start < 0) return 0;
  const head = code[start]!;
  return head >= 0xa1 && head <= 0xa5 ? length + 2 : 0;
}

/** Number of instructions a solc source map describes (one entry per instruction). */
export function instructionCount(sourceMap: string): number {
  return sourceMap === "" ? 0 : sourceMap.split(";").length;
}

/**
 * Walks `code` opcode by opcode, skipping PUSH data. With `instructions`
 * (from the compiler's source map) it stops after that many instructions, so
 * data the compiler appends after the code is never read as opcodes; without
 * it, it stops at the metadata trailer.
 */
export function findForbiddenOpcodes(
  code: Uint8Array,
  instructions?: number,
  forbidden: ReadonlyMap<number, { name: string; fork: string }> = POST_BERLIN_OPCODES,
): ForbiddenOpcode[] {
  const end = code.length - metadataLength(code);
  const found: ForbiddenOpcode[] = [];
  let seen = 0;
  for (let pc = 0; pc < end && (instructions === undefined || seen < instructions); pc++, seen++) {
    const op = code[pc]!;
    const hit = forbidden.get(op);
    if (hit !== undefined) found.push({ offset: pc, opcode: op, ...hit });
    // PUSH1 (0x60) .. PUSH32 (0x7f) carry 1..32 bytes of immediate data.
    if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
  }
  return found;
}

/** Parses a 0x-prefixed hex string into bytes (link placeholders count as data). */
export function hexToCode(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  return Uint8Array.from(Buffer.from(clean.replace(/__\$[0-9a-fA-F]{34}\$__/g, "0".repeat(40)), "hex"));
}
