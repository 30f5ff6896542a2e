import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { expect } from "chai";

import { buildSdk, deployOverRpc, runCommand, useNode } from "../helpers/processes.ts";

describe("sdk package", function () {
  this.timeout(120_000);

  it("builds to ESM with type declarations, no node: imports, importable through its exports map", async function () {
    const out = "sdk/dist";
    await buildSdk();
    const files = readdirSync(out, { recursive: true }).map(String);
    expect(files).to.include.members([
      "index.js",
      "index.d.ts",
      "money.js",
      "money.d.ts",
      join("abi", "FundLedger.d.ts"),
    ]);
    // The core entry never imports Node built-ins; only the ./node entry may.
    for (const file of files.filter((f) => f.endsWith(".js") && !f.startsWith("node/"))) {
      expect(readFileSync(join(out, file), "utf8"), file).to.not.match(/from\s+["']node:|require\(["']node:/);
    }
    // The declarations keep the ABI literal, so viem can infer from it.
    expect(readFileSync(join(out, "abi", "FundLedger.d.ts"), "utf8")).to.include('readonly name: "proposeAllocation"');
    const run = await runCommand("node", [
      "--input-type=module",
      "-e",
      `import { parseYuan, formatYuan, unitAddress } from "@fundtrace/sdk";
       import { decryptKeystore, encryptKeystore } from "@fundtrace/sdk/node";
       const key = "0x${"11".repeat(32)}";
       const back = await decryptKeystore(await encryptKeystore(key, "pw", { n: 1024, r: 8, p: 1 }), "pw");
       console.log(formatYuan(parseYuan("1,234.5")), unitAddress(520102201001n, 2023), back === key);`,
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout.trim()).to.equal("1,234.50 0xFD00000000000000000000002023520102201001 true");
    // Nothing in the core entry reaches the node entry.
    expect(readFileSync(join(out, "index.js"), "utf8")).to.not.include("./node/");
  });
});

describe("sdk core entry in a browser bundle", function () {
  this.timeout(120_000);

  it("bundles for the browser platform and runs with no Node globals", async function () {
    await buildSdk();
    const { build } = await import("esbuild");
    const result = await build({
      stdin: {
        contents: `import { parseYuan, formatYuan, unitAddress, buildRoster, PseudonymKey, householdPseudonym } from "@fundtrace/sdk";
          const key = PseudonymKey.fromHex("0x" + "11".repeat(32));
          const roster = buildRoster([{ household: householdPseudonym(key, "11010519491231002X", 1n), amount: parseYuan("12.5") }]);
          globalThis.result = [formatYuan(roster.total), unitAddress(520102201001n, 2023), roster.root.length].join(" ");`,
        resolveDir: process.cwd(),
      },
      bundle: true,
      platform: "browser",
      format: "iife",
      write: false,
      logLevel: "silent",
    });
    expect(result.errors).to.deep.equal([]);
    const code = result.outputFiles[0]!.text;
    // Run it where there is no process, require, Buffer or module system, as in a page.
    const { runInNewContext } = await import("node:vm");
    const sandbox: Record<string, unknown> = { TextEncoder, TextDecoder, crypto: globalThis.crypto, console };
    sandbox.globalThis = sandbox;
    runInNewContext(code, sandbox);
    expect(sandbox.result).to.equal("12.50 0xFD00000000000000000000002023520102201001 66");
  });
});

describe("sdk package as published", function () {
  this.timeout(300_000);
  const node = useNode("package");

  it("packs with its build, passes publint and arethetypeswrong, installs into an app outside the repository, and reads a deployment through both entries", async function () {
    // What `npm publish` would upload: `npm pack` runs the package's prepack build.
    const packs = mkdtempSync(join(tmpdir(), "fundtrace-pack-"));
    const pack = await runCommand("npm", [
      "pack",
      "--workspace",
      "@fundtrace/sdk",
      "--pack-destination",
      packs,
      "--json",
    ]);
    expect(pack.code, pack.stderr).to.equal(0);
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const files = packed!.files.map((f) => f.path);
    expect(files).to.include.members([
      "package.json",
      "README.md",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/node/index.js",
      "dist/node/index.d.ts",
    ]);
    expect(files.filter((f) => !/^(dist|src)\//.test(f)).sort()).to.deep.equal([
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "package.json",
    ]);
    const tarball = join(packs, packed!.filename);
    // The package's exports, files and format (publint, warnings as errors), and its types under Node 16+ ESM and
    // bundlers (arethetypeswrong; the package is ESM only, so CommonJS and node10 resolution are out of scope).
    const publint = await runCommand("publint", [tarball, "--strict"]);
    expect(publint.code, publint.stdout + publint.stderr).to.equal(0);
    const attw = await runCommand("attw", [tarball, "--profile", "esm-only"]);
    expect(attw.code, attw.stdout + attw.stderr).to.equal(0);

    // A fresh app, outside this repository, that depends on the tarball and on viem (the peer dependency).
    const app = mkdtempSync(join(tmpdir(), "fundtrace-app-"));
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "sdk-consumer", private: true, type: "module" }));
    const viemVersion = (JSON.parse(readFileSync("node_modules/viem/package.json", "utf8")) as { version: string })
      .version;
    // Without this repository's source condition: the app resolves the package as any user would.
    const env = { NODE_OPTIONS: "" };
    const install = await runCommand(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, `viem@${viemVersion}`],
      env,
      undefined,
      app,
    );
    expect(install.code, install.stderr).to.equal(0);
    expect(readdirSync(join(app, "node_modules", "@fundtrace", "sdk"))).to.include("dist");

    await deployOverRpc(node.url, `0x${"ab".repeat(32)}`, node.deploymentId);
    writeFileSync(
      join(app, "read.js"),
      `import { createPublicClient, http } from "viem";
       import { formatYuan, read, ROLES } from "@fundtrace/sdk";
       import { loadIgnitionDeployment } from "@fundtrace/sdk/node";
       const deployment = loadIgnitionDeployment(process.argv[2]);
       const client = createPublicClient({ transport: http(process.argv[3]) });
       const units = await read(client, deployment, "registry", "unitCount", []);
       const registrar = await read(client, deployment, "registry", "REGISTRAR_ROLE", []);
       console.log(JSON.stringify({ units: String(units), rolesAgree: registrar === ROLES.registrar, amount: formatYuan(123450n) }));`,
    );
    const run = await runCommand(
      "node",
      ["read.js", resolve("ignition/deployments", node.deploymentId), node.url],
      env,
      undefined,
      app,
    );
    expect(run.code, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({ units: "0", rolesAgree: true, amount: "1,234.50" });
  });
});
