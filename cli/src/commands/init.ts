/** `fundtrace init`: writes a starter config file. */
import { existsSync, writeFileSync } from "node:fs";

import { configPath, starterConfig } from "../config.ts";
import type { Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";

export function registerInit(program: Program, run: Run): void {
  program
    .command("init")
    .description("write a starter fundtrace.config.json (network profiles, keystore folder)")
    .option("--force", "overwrite an existing config")
    .action(
      run((ctx, options) => {
        const path = configPath(ctx.options.config);
        if (existsSync(path) && options.force !== true) {
          throw new CliError("CONFIG_EXISTS", `${path} exists already: use --force to overwrite it`, { path });
        }
        const config = starterConfig();
        writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
        ctx.out.result(
          { path, ...config },
          () => `wrote ${path} (network "local" at ${config.networks.local!.rpcUrl})`,
        );
      }),
    );
}
