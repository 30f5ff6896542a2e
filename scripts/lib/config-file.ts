/** A `fundtrace.config.json` as scripts and tests edit it: read typed, changed, written back. */
import { readFileSync, writeFileSync } from "node:fs";

import type { Config } from "../../cli/src/config.ts";

/** The config file's contents (the CLI adds `path` when it loads one). */
export type ConfigFile = Omit<Config, "path">;

export const readConfigFile = (path: string): ConfigFile => JSON.parse(readFileSync(path, "utf8")) as ConfigFile;

/** Reads the config at `path`, lets `edit` change it, and writes it back. */
export function editConfigFile(path: string, edit: (config: ConfigFile) => void): ConfigFile {
  const config = readConfigFile(path);
  edit(config);
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return config;
}
