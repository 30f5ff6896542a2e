/** `fundtrace roles grant | revoke`: deployment roles (governor only). */
import type { Command } from "commander";
import type { Hex } from "viem";

import { grantRole, isRoleName, revokeRole, ROLES } from "@fundtrace/sdk";
import type { Run } from "../context.ts";
import { addressOf } from "../accounts.ts";
import { CliError } from "../errors.ts";
import { describeEvents, type SignerOptions, submit } from "../transactions.ts";

export function roleOf(name: string): Hex {
  if (!isRoleName(name)) throw new CliError("USAGE", `unknown role "${name}" (known: ${Object.keys(ROLES).join(", ")})`);
  return ROLES[name];
}

export const signerOptions = (command: Command): Command =>
  command
    .option("--from <account>", "signing account (a keystore name from `accounts list`)")
    .option("--password-file <file>", "read the keystore password from a file only you can read");

export function registerGovernance(program: Command, run: Run): void {
  const roles = program.command("roles").description("deployment roles: admin, registrar, inspector, pauser");
  for (const [verb, build] of [
    ["grant", grantRole],
    ["revoke", revokeRole],
  ] as const) {
    signerOptions(roles.command(`${verb} <role> <account>`).description(`${verb} a role to an address or an account name (governor only)`)).action(
      run(async (ctx, role, address, options) => {
        const account = addressOf(ctx.config, String(address));
        const call = build(ctx.deployment(), { role: roleOf(String(role)), account });
        const result = await submit(ctx, options as SignerOptions, call, [`${verb} role ${String(role)} to ${account}`]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
  }
}
