import { expect } from "chai";
import { encryptKeystoreJson, Wallet } from "ethers";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";

import { decryptKeystore, encryptKeystore, KeystoreError } from "@fundtrace/sdk/node";

const FAST = { n: 1024, r: 8, p: 1 };

describe("sdk node entry: keystores", function () {
  this.timeout(120_000);

  it("round-trips a key and stores only its address in clear", async function () {
    const key = generatePrivateKey();
    const keystore = await encryptKeystore(key, "correct horse", FAST);
    expect(`0x${keystore.address}`).to.equal(privateKeyToAddress(key).toLowerCase());
    expect(JSON.stringify(keystore)).to.not.include(key.slice(2));
    expect(await decryptKeystore(JSON.stringify(keystore), "correct horse")).to.equal(key);
  });

  it("refuses a wrong password with a stable code and no key material", async function () {
    const key = generatePrivateKey();
    const keystore = await encryptKeystore(key, "right", FAST);
    try {
      await decryptKeystore(keystore, "wrong");
      expect.fail("decrypted with a wrong password");
    } catch (error) {
      expect(error).to.be.instanceOf(KeystoreError);
      expect((error as KeystoreError).code).to.equal("KEYSTORE_WRONG_PASSWORD");
      expect(String(error)).to.not.include(key.slice(2));
    }
  });

  it("reads keystores written by ethers and writes keystores ethers reads", async function () {
    const wallet = Wallet.createRandom();
    const byEthers = await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, "pw", {
      scrypt: { N: 1024 },
    });
    expect(await decryptKeystore(byEthers, "pw")).to.equal(wallet.privateKey);
    const key = generatePrivateKey();
    const ours = await encryptKeystore(key, "pw", FAST);
    const read = await Wallet.fromEncryptedJson(JSON.stringify(ours), "pw");
    expect(read.privateKey).to.equal(key);
  });

  it("decrypts the Web3 Secret Storage test vectors (scrypt and PBKDF2)", async function () {
    const expected = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";
    const scrypt = {
      crypto: {
        cipher: "aes-128-ctr",
        cipherparams: { iv: "83dbcc02d8ccb40e466191a123791e0e" },
        ciphertext: "d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c",
        kdf: "scrypt",
        kdfparams: {
          dklen: 32,
          n: 262144,
          p: 8,
          r: 1,
          salt: "ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19",
        },
        mac: "2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097",
      },
      id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
      version: 3,
    };
    const pbkdf2 = {
      crypto: {
        cipher: "aes-128-ctr",
        cipherparams: { iv: "6087dab2f9fdbbfaddc31a909735c1e6" },
        ciphertext: "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
        kdf: "pbkdf2",
        kdfparams: {
          c: 262144,
          dklen: 32,
          prf: "hmac-sha256",
          salt: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd",
        },
        mac: "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
      },
      id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
      version: 3,
    };
    expect(await decryptKeystore(JSON.stringify(scrypt), "testpassword")).to.equal(expected);
    expect(await decryptKeystore(JSON.stringify(pbkdf2), "testpassword")).to.equal(expected);
  });
});
