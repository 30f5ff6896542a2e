/**
 * `npm run verification-input`: writes, for each deployed contract, the
 * standard-JSON input a block explorer needs to verify it, to
 * `verification/<Contract>.json` (after `npm run build`). Upload it on
 * Blockscout with the compiler version and the contract name printed here.
 */
import { mkdirSync, writeFileSync } from "node:fs";

import { VERIFIED_CONTRACTS, verificationInput } from "./lib/verification.ts";

mkdirSync("verification", { recursive: true });
for (const contract of VERIFIED_CONTRACTS) {
  const input = verificationInput(contract);
  writeFileSync(`verification/${contract}.json`, `${JSON.stringify(input.standardJson, null, 2)}\n`);
  console.log(`verification/${contract}.json  compiler ${input.compilerVersion}  contract ${input.fullyQualifiedName}`);
}
