/**
 * Encrypted JSON keystores (Web3 Secret Storage v3), as geth, ethers and
 * most wallets write them: scrypt or PBKDF2-HMAC-SHA256, AES-128-CTR, and a
 * Keccak-256 MAC. Keys leave this module only as return values, never in
 * errors.
 */
import { randomBytes, randomUUID } from "node:crypto";

import { ctr } from "@noble/ciphers/aes";
import { pbkdf2Async } from "@noble/hashes/pbkdf2";
import { scryptAsync } from "@noble/hashes/scrypt";
import { sha256 } from "@noble/hashes/sha2";
import { keccak_256 } from "@noble/hashes/sha3";
import { bytesToHex, getAddress, type Hex, hexToBytes, isHex } from "viem";
import { privateKeyToAddress } from "viem/accounts";

import { FundTraceError } from "../errors.ts";

export class KeystoreError extends FundTraceError {
  override name = "KeystoreError";
}

export interface KeystoreV3 {
  version: 3;
  id: string;
  address: string;
  crypto: {
    cipher: "aes-128-ctr";
    cipherparams: { iv: string };
    ciphertext: string;
    kdf: "scrypt" | "pbkdf2";
    kdfparams: Record<string, number | string>;
    mac: string;
  };
}

/** A keystore as read from a file: any wallet may have written it, so the cipher and KDF are checked, not assumed. */
interface KeystoreCryptoJson {
  cipher?: string;
  cipherparams?: { iv?: unknown };
  ciphertext?: unknown;
  kdf?: string;
  kdfparams?: Record<string, number | string>;
  mac?: unknown;
}

/** scrypt cost of new keystores: N = 2^17, r = 8, p = 1 (geth's and ethers' default). */
export const DEFAULT_SCRYPT = { n: 131_072, r: 8, p: 1 } as const;

const unhex = (value: unknown, field: string): Uint8Array => {
  const text = typeof value === "string" ? (value.startsWith("0x") ? value : `0x${value}`) : "";
  if (!isHex(text, { strict: true })) throw new KeystoreError("KEYSTORE_INVALID", `keystore field ${field} is not hex`);
  return hexToBytes(text);
};

async function deriveKey(password: string, crypto: KeystoreCryptoJson): Promise<Uint8Array> {
  const params = crypto.kdfparams ?? {};
  const salt = unhex(params.salt, "kdfparams.salt");
  const dkLen = Number(params.dklen ?? 32);
  if (dkLen < 32) throw new KeystoreError("KEYSTORE_INVALID", "keystore dklen is below 32");
  const secret = new TextEncoder().encode(password.normalize("NFKC"));
  if (crypto.kdf === "scrypt") {
    return scryptAsync(secret, salt, {
      N: Number(params.n),
      r: Number(params.r),
      p: Number(params.p),
      dkLen,
      maxmem: 2 ** 31,
    });
  }
  if (crypto.kdf === "pbkdf2") {
    if (params.prf !== "hmac-sha256")
      throw new KeystoreError("KEYSTORE_UNSUPPORTED", `keystore PRF ${String(params.prf)} is not supported`);
    return pbkdf2Async(sha256, secret, salt, { c: Number(params.c), dkLen });
  }
  throw new KeystoreError("KEYSTORE_UNSUPPORTED", `keystore KDF ${String(crypto.kdf)} is not supported`);
}

const mac = (derived: Uint8Array, ciphertext: Uint8Array) =>
  keccak_256(Uint8Array.from([...derived.subarray(16, 32), ...ciphertext]));

/** Decrypts a keystore; throws `KEYSTORE_WRONG_PASSWORD` when the MAC does not match. */
export async function decryptKeystore(keystore: string | KeystoreV3, password: string): Promise<Hex> {
  // Read as any wallet may have written it (geth spells the key "Crypto"); every field used is checked.
  let parsed: { version?: unknown; address?: string; crypto?: KeystoreCryptoJson; Crypto?: KeystoreCryptoJson };
  try {
    parsed = typeof keystore === "string" ? (JSON.parse(keystore) as typeof parsed) : keystore;
  } catch (error) {
    throw new KeystoreError("KEYSTORE_INVALID", "keystore is not valid JSON", { cause: error });
  }
  const crypto = parsed.crypto ?? parsed.Crypto;
  if (parsed.version !== 3 || crypto === undefined)
    throw new KeystoreError("KEYSTORE_INVALID", "keystore is not a version 3 keystore");
  if (crypto.cipher !== "aes-128-ctr")
    throw new KeystoreError("KEYSTORE_UNSUPPORTED", `keystore cipher ${String(crypto.cipher)} is not supported`);
  const derived = await deriveKey(password, crypto);
  const ciphertext = unhex(crypto.ciphertext, "ciphertext");
  if (bytesToHex(mac(derived, ciphertext)) !== bytesToHex(unhex(crypto.mac, "mac"))) {
    throw new KeystoreError("KEYSTORE_WRONG_PASSWORD", "wrong password for this keystore");
  }
  const key = bytesToHex(
    ctr(derived.subarray(0, 16), unhex(crypto.cipherparams?.iv, "cipherparams.iv")).decrypt(ciphertext),
  );
  if (
    parsed.address !== undefined &&
    privateKeyToAddress(key).toLowerCase() !== `0x${parsed.address.replace(/^0x/, "").toLowerCase()}`
  ) {
    throw new KeystoreError("KEYSTORE_INVALID", "keystore address does not match its key");
  }
  return key;
}

/** Encrypts a private key into a new keystore (scrypt, AES-128-CTR). */
export async function encryptKeystore(
  privateKey: Hex,
  password: string,
  scrypt: { n: number; r: number; p: number } = DEFAULT_SCRYPT,
): Promise<KeystoreV3> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey))
    throw new KeystoreError("KEYSTORE_INVALID", "private key must be 32 bytes of hex");
  if (password.length === 0) throw new KeystoreError("KEYSTORE_WEAK_PASSWORD", "the password is empty");
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const crypto: KeystoreV3["crypto"] = {
    cipher: "aes-128-ctr",
    cipherparams: { iv: bytesToHex(iv).slice(2) },
    ciphertext: "",
    kdf: "scrypt",
    kdfparams: { dklen: 32, n: scrypt.n, r: scrypt.r, p: scrypt.p, salt: bytesToHex(salt).slice(2) },
    mac: "",
  };
  const derived = await deriveKey(password, crypto);
  const ciphertext = ctr(derived.subarray(0, 16), iv).encrypt(hexToBytes(privateKey));
  crypto.ciphertext = bytesToHex(ciphertext).slice(2);
  crypto.mac = bytesToHex(mac(derived, ciphertext)).slice(2);
  return {
    version: 3,
    id: randomUUID(),
    address: getAddress(privateKeyToAddress(privateKey)).slice(2).toLowerCase(),
    crypto,
  };
}
