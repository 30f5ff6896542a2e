/** Running `fundtrace` as a real process, and a workspace for it (config, keystores) against a node. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { expect } from "chai";
import { type Address, createPublicClient, http, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";

import { editConfigFile } from "../../scripts/lib/config-file.ts";
import { runCommand } from "./processes.ts";

export const BIN = resolve("cli/bin/fundtrace.ts");

export interface Envelope {
  schema_version: number;
  success: boolean;
  data: unknown;
  errors: { code: string; message: string; details: Record<string, unknown> }[];
}

/** Runs `node cli/bin/fundtrace.ts args` with the workspace's config; parses the envelope under --json. */
export async function fundtrace(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
  const result = await runCommand(
    "node",
    [BIN, ...args],
    { ...env, FUNDTRACE_CONFIG: join(cwd, "fundtrace.config.json") },
    input,
  );
  const envelope =
    args.includes("--json") && result.stdout.trim() !== "" ? (JSON.parse(result.stdout) as Envelope) : undefined;
  return { ...result, envelope };
}

/** A temporary folder with a config pointing at `url`, a password file, and keystores for `names` (fresh keys). */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), "fundtrace-ws-"));
  readonly passwordFile = join(this.dir, "password");
  readonly keys = new Map<string, `0x${string}`>();
  readonly client: PublicClient;
  readonly url: string;

  constructor(url: string) {
    this.url = url;
    this.client = createPublicClient({ transport: http(url) });
  }

  async init(names: string[]): Promise<void> {
    await fundtrace(this.dir, ["init"]);
    editConfigFile(join(this.dir, "fundtrace.config.json"), (config) => (config.networks.local!.rpcUrl = this.url));
    writeFileSync(this.passwordFile, "workspace-password", { mode: 0o600 });
    for (const name of names) {
      const key = generatePrivateKey();
      this.keys.set(name, key);
      const keyFile = join(this.dir, `${name}.key`);
      writeFileSync(keyFile, key, { mode: 0o600 });
      const r = await fundtrace(this.dir, [
        "accounts",
        "import",
        name,
        "--key-file",
        keyFile,
        "--password-file",
        this.passwordFile,
        "--scrypt-n",
        "1024",
      ]);
      expect(r.code, r.stderr).to.equal(0);
    }
  }

  address(name: string): Address {
    return privateKeyToAddress(this.keys.get(name)!);
  }

  /** Signing options for account `name`. */
  as(name: string): string[] {
    return ["--from", name, "--password-file", this.passwordFile];
  }

  run(args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
    return fundtrace(this.dir, args, env, input);
  }

  /** Runs a write that must succeed (with --yes --json) and returns its data. */
  async send<T = { hash: string; events: { eventName: string; args: Record<string, string> }[] }>(
    args: string[],
  ): Promise<T> {
    const r = await fundtrace(this.dir, [...args, "--yes", "--json"]);
    expect(r.code, `fundtrace ${args.join(" ")}\n${r.stdout}${r.stderr}`).to.equal(0);
    return r.envelope!.data as T;
  }

  /** Runs a command that must fail with `code` and exit `exit`, sending nothing from `signer`. */
  async refused(args: string[], code: string, exit: number, signer?: string, env: NodeJS.ProcessEnv = {}) {
    const nonce = signer === undefined ? 0 : await this.client.getTransactionCount({ address: this.address(signer) });
    const r = await fundtrace(this.dir, [...args, "--yes", "--json"], env);
    expect([r.code, r.envelope?.errors[0]?.code], `fundtrace ${args.join(" ")}\n${r.stdout}${r.stderr}`).to.deep.equal([
      exit,
      code,
    ]);
    if (signer !== undefined)
      expect(await this.client.getTransactionCount({ address: this.address(signer) }), "nothing sent").to.equal(nonce);
    return r.envelope!.errors[0]!;
  }

  file(name: string, content: string | Uint8Array): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  async rpc(method: string, params: unknown[]): Promise<unknown> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return ((await response.json()) as { result: unknown }).result;
  }
}
