/**
 * Checks the SDK package as it would be published: packs it (its prepack
 * script builds `dist/`), then lints the package with publint (exports,
 * files, module format) and its types with arethetypeswrong (every entry
 * resolves to declarations under Node 16+ ESM and bundlers; the package is
 * ESM only, so CommonJS and node10 resolution are out of scope).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const out = resolve("test-output/package");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  process.stdout.write(result.stdout);
  if (result.status !== 0) {
    console.error(`${command} ${args.join(" ")} exited ${result.status}`);
    process.exit(1);
  }
  return result.stdout;
}

const packed = JSON.parse(run("npm", ["pack", "--workspace", "@fundtrace/sdk", "--pack-destination", out, "--json"])) as {
  filename: string;
}[];
const tarball = join(out, packed[0]!.filename);
run("publint", ["sdk", "--strict"]);
run("attw", [tarball, "--profile", "esm-only"]);
console.log(`${tarball}: publint and arethetypeswrong found nothing`);
