/**
 * Encrypted JSON keystores in the config's keystore folder: signing accounts
 * (`<name>.keystore.json`) and the bureau's pseudonym keys
 * (`<name>.pseudonym-key.json`, the same Web3 Secret Storage format).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

import { type Address, getAddress, type Hex, type LocalAccount } from "viem";
import { nonceManager, privateKeyToAccount } from "viem/accounts";

import { decryptKeystore, encryptKeystore, type KeystoreV3 } from "@fundtrace/sdk/node";
import type { Config } from "./config.ts";
import { CliError } from "./errors.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function keystoreDir(config: Config): string {
  return resolve(dirname(config.path), config.keystoreDir);
}

export type SecretKind = "account" | "pseudonym key";
const SUFFIX: Record<SecretKind, string> = { account: ".keystore.json", "pseudonym key": ".pseudonym-key.json" };

function fileOf(config: Config, name: string, kind: SecretKind): string {
  if (!NAME.test(name))
    throw new CliError("USAGE", `${kind} name "${name}" must be letters, digits, dot, dash or underscore`);
  return join(keystoreDir(config), `${name}${SUFFIX[kind]}`);
}

export async function saveAccount(
  config: Config,
  name: string,
  key: Hex,
  password: string,
  scryptN?: number,
  kind: SecretKind = "account",
): Promise<string> {
  const file = fileOf(config, name, kind);
  if (existsSync(file))
    throw new CliError("ACCOUNT_EXISTS", `${kind} "${name}" exists already (${file})`, { account: name });
  const keystore = await encryptKeystore(key, password, scryptN === undefined ? undefined : { n: scryptN, r: 8, p: 1 });
  mkdirSync(keystoreDir(config), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(keystore, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return getAddress(`0x${keystore.address}`);
}

export function listAccounts(config: Config, kind: SecretKind = "account"): { name: string; address: string }[] {
  const dir = keystoreDir(config);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(SUFFIX[kind]))
    .sort()
    .map((f) => {
      const keystore = JSON.parse(readFileSync(join(dir, f), "utf8")) as KeystoreV3;
      return { name: f.slice(0, -SUFFIX[kind].length), address: getAddress(`0x${keystore.address}`) };
    });
}

/** Decrypts a stored secret: the 32-byte key. */
export async function unlockSecret(config: Config, name: string, password: string, kind: SecretKind): Promise<Hex> {
  const file = fileOf(config, name, kind);
  if (!existsSync(file))
    throw new CliError("ACCOUNT_NOT_FOUND", `no ${kind} "${name}" in ${keystoreDir(config)}`, { account: name });
  return decryptKeystore(readFileSync(file, "utf8"), password);
}

export async function unlockAccount(config: Config, name: string, password: string): Promise<LocalAccount> {
  return privateKeyToAccount(await unlockSecret(config, name, password, "account"), { nonceManager });
}

/** An address given as 0x… or as the name of an account in the keystore folder. */
export function addressOf(config: Config, value: string): Address {
  if (/^0x[0-9a-fA-F]{40}$/.test(value)) return getAddress(value);
  const found = listAccounts(config).find((a) => a.name === value);
  if (found === undefined) {
    throw new CliError(
      "ACCOUNT_NOT_FOUND",
      `"${value}" is neither an address (0x and 40 hex digits) nor an account in ${keystoreDir(config)}`,
      { account: value },
    );
  }
  return found.address as Address;
}
