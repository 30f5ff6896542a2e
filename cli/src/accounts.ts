/** Encrypted JSON keystores in the config's keystore folder, one file per account name. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

import { getAddress, type Hex, type LocalAccount } from "viem";
import { nonceManager, privateKeyToAccount } from "viem/accounts";

import { decryptKeystore, encryptKeystore, type KeystoreV3 } from "../../sdk/src/node/index.ts";
import type { Config } from "./config.ts";
import { CliError } from "./errors.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function keystoreDir(config: Config): string {
  return resolve(dirname(config.path), config.keystoreDir);
}

function fileOf(config: Config, name: string): string {
  if (!NAME.test(name)) throw new CliError("USAGE", `account name "${name}" must be letters, digits, dot, dash or underscore`);
  return join(keystoreDir(config), `${name}.keystore.json`);
}

export async function saveAccount(config: Config, name: string, key: Hex, password: string, scryptN?: number): Promise<string> {
  const file = fileOf(config, name);
  if (existsSync(file)) throw new CliError("ACCOUNT_EXISTS", `account "${name}" exists already (${file})`, { account: name });
  const keystore = await encryptKeystore(key, password, scryptN === undefined ? undefined : { n: scryptN, r: 8, p: 1 });
  mkdirSync(keystoreDir(config), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(keystore, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return getAddress(`0x${keystore.address}`);
}

export function listAccounts(config: Config): { name: string; address: string }[] {
  const dir = keystoreDir(config);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".keystore.json"))
    .sort()
    .map((f) => {
      const keystore = JSON.parse(readFileSync(join(dir, f), "utf8")) as KeystoreV3;
      return { name: f.replace(/\.keystore\.json$/, ""), address: getAddress(`0x${keystore.address}`) };
    });
}

export async function unlockAccount(config: Config, name: string, password: string): Promise<LocalAccount> {
  const file = fileOf(config, name);
  if (!existsSync(file)) throw new CliError("ACCOUNT_NOT_FOUND", `no account "${name}" in ${keystoreDir(config)}`, { account: name });
  const key = await decryptKeystore(readFileSync(file, "utf8"), password);
  return privateKeyToAccount(key, { nonceManager });
}
