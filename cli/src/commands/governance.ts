/** `fundtrace roles grant | revoke`: deployment roles (governor only). */
import type { Hex } from "viem";

import { grantRole, isRoleName, revokeRole, ROLES } from "@fundtrace/sdk";
import { addressOf } from "../accounts.ts";
import type { Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";
import { signerOptions } from "../options.ts";
import { describeEvents, submit } from "../transactions.ts";

export function roleOf(name: string): Hex {
  if (!isRoleName(name))
    throw new CliError("USAGE", `unknown role "${name}" (known: ${Object.keys(ROLES).join(", ")})`);
  return ROLES[name];
}

export function registerGovernance(program: Program, run: Run): void {
  const roles = program.command("roles").description("deployment roles: admin, registrar, inspector, pauser");
  for (const [verb, build] of [
    ["grant", grantRole],
    ["revoke", revokeRole],
  ] as const) {
    signerOptions(
      roles
        .command(`${verb} <role> <account>`)
        .description(`${verb} a role to an address or an account name (governor only)`),
    ).action(
      run(async (ctx, role, address, options) => {
        const account = addressOf(ctx.config, address);
        const call = build(ctx.deployment(), { role: roleOf(role), account });
        const result = await submit(ctx, options, call, [`${verb} role ${role} to ${account}`]);
        ctx.out.result(result, () => describeEvents(result));
      }),
    );
  }
}
