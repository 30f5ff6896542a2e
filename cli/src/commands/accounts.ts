/** `fundtrace accounts create | import | list`: encrypted JSON keystores. */
import type { Hex } from "viem";
import { generatePrivateKey } from "viem/accounts";

import { listAccounts, saveAccount } from "../accounts.ts";
import type { Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { readPassword, readPrivateFile } from "../secrets.ts";

interface AccountOptions {
  passwordFile?: string;
  keyFile?: string;
  privateKey?: string;
  scryptN?: string;
}

const scryptOf = (options: AccountOptions) => (options.scryptN === undefined ? undefined : Number(options.scryptN));

export function registerAccounts(program: Program, run: Run): void {
  const accounts = program.command("accounts").description("create, import and list encrypted keystores");

  accounts
    .command("create <name>")
    .description("create a new key in an encrypted keystore")
    .option("--password-file <file>", "read the password from a file only you can read")
    .option("--scrypt-n <n>", "scrypt cost (default 131072)")
    .action(
      run(async (ctx, name, o) => {
        const password = await readPassword(o, `new account "${name}"`);
        const address = await saveAccount(ctx.config, name, generatePrivateKey(), password, scryptOf(o));
        ctx.out.result({ name, address }, () => `created account ${name} ${address}`);
      }),
    );

  accounts
    .command("import <name>")
    .description("import a private key from a file (never from the command line)")
    .option("--key-file <file>", "file holding the 0x-prefixed private key, readable only by you")
    .option("--password-file <file>", "read the keystore password from a file only you can read")
    .option("--private-key <key>", "refused: keys on the command line end up in shell history and process lists")
    .option("--scrypt-n <n>", "scrypt cost (default 131072)")
    .action(
      run(async (ctx, name, o) => {
        if (o.privateKey !== undefined) {
          throw new CliError(
            "KEY_ON_COMMAND_LINE",
            "a private key on the command line ends up in shell history and process lists: put it in a file only you can read and pass --key-file",
          );
        }
        if (o.keyFile === undefined) throw new CliError("USAGE", "accounts import needs --key-file <file>");
        const key = readPrivateFile(o.keyFile, "key").trim() as Hex;
        if (!/^0x[0-9a-fA-F]{64}$/.test(key))
          throw new CliError("KEYSTORE_INVALID", `${o.keyFile} does not hold a 0x-prefixed 32-byte key`);
        const password = await readPassword(o, `account "${name}"`);
        const address = await saveAccount(ctx.config, name, key, password, scryptOf(o));
        ctx.out.result({ name, address }, () => `imported account ${name} ${address}`);
      }),
    );

  accounts
    .command("list")
    .description("list the accounts in the keystore folder")
    .action(
      run((ctx) => {
        const list = listAccounts(ctx.config);
        ctx.out.result(list, () =>
          list.length === 0 ? "no accounts" : list.map((a) => `${a.name.padEnd(20)} ${a.address}`).join("\n"),
        );
      }),
    );
}
