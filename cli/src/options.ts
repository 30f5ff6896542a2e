/**
 * Options that several commands share, declared once. Each helper adds its
 * options to a command and returns it with the options in its type, so an
 * action reads them typed (commander's extra typings), with no cast.
 */
import { type Command, InvalidArgumentError, Option, type OptionValues } from "@commander-js/extra-typings";

import { DEFAULT_EDITION } from "@fundtrace/sdk";
import type { Encoding } from "./spreadsheet.ts";

/** The account that signs (a keystore name) and where its password comes from. */
export const signerOptions = <A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
) =>
  command
    .option("--from <account>", "signing account (a keystore name from `accounts list`)")
    .option("--password-file <file>", "read the keystore password from a file only you can read");

/** The bureau's pseudonym key and where its password comes from. */
export const keyOptions = <A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
) =>
  command
    .option("--key <name>", "the bureau's pseudonym key (`pseudonym-key list`)", "bureau")
    .option("--key-password-file <file>", "password of the pseudonym key, from a file only you can read");

/** How an audit reads the chain: its block range, the log cache, chunks and concurrency, explorer links. */
export const readOptions = <A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
) =>
  command
    .option(
      "--cache <file>",
      "keep the deployment's logs in this SQLite file, so that the next audit reads only new blocks (or FUNDTRACE_AUDIT_CACHE)",
    )
    .option("--from-block <n>", "first block to read (default: the deployment block)")
    .option("--to-block <n>", "last block to read (default: the latest); every figure is as of this block")
    .option(
      "--chunk-size <blocks>",
      "blocks per eth_getLogs request (halved automatically when the node refuses a range)",
      "50000",
    )
    .option("--concurrency <n>", "eth_getLogs requests in flight", "4")
    .option(
      "--explorer-url <template>",
      "block-explorer link for each transaction, e.g. https://scan.example/tx/{tx} (or FUNDTRACE_EXPLORER_URL)",
    );

/** `--edition`: the division-code edition of the codes a command takes (`.addOption(editionOption())`). */
export const editionOption = (of = "") =>
  new Option("--edition <year>", `division-code edition${of === "" ? "" : ` of ${of}`}`).default(
    String(DEFAULT_EDITION),
  );

const ENCODINGS = ["auto", "utf8", "gbk", "gb18030"] as const;

/** `--encoding`: how the spreadsheets a command reads are encoded (GBK is read as its superset GB18030). */
export const encodingOption = (of = "") =>
  new Option("--encoding <encoding>", `${of === "" ? "" : `of ${of}: `}${ENCODINGS.join(", ")}`)
    .default<Encoding>("auto")
    .argParser((value): Encoding => {
      if (value === "gbk") return "gb18030";
      if (value === "auto" || value === "utf8" || value === "gb18030") return value;
      throw new InvalidArgumentError(`must be one of ${ENCODINGS.join(", ")}`);
    });

/** For a keystore being written: where its password comes from, and the scrypt cost. */
export const newKeystoreOptions = <A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
) =>
  command
    .option("--password-file <file>", "read the password from a file only you can read")
    .option("--scrypt-n <n>", "scrypt cost (default 131072)");
