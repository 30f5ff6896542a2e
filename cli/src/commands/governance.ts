/** `fundtrace roles grant | revoke`: deployment roles (governor only). */
import type { Command } from "commander";
import { keccak256, toHex, type Hex } from "viem";

import { grantRole, revokeRole } from "../../../sdk/src/index.ts";
import type { Run } from "../context.ts";
import { addressOf } from "../accounts.ts";
import { CliError } from "../errors.ts";
import { describeEvents, type SignerOptions, submit } from "../transactions.ts";

/** Role names as the registry defines them. */
export const ROLES: Record<string, Hex> = {
  admin: `0x${"00".repeat(32)}`,
  registrar: keccak256(toHex("fundtrace.role.registrar")),
  inspector: keccak256(toHex("fundtrace.role.inspector")),
  pauser: keccak256(toHex("fundtrace.role.pauser")),
};

export function roleOf(name: string): Hex {
  const role = ROLES[name];
  if (role === undefined) throw new CliError("USAGE", `unknown role "${name}" (known: ${Object.keys(ROLES).join(", ")})`);
  return role;
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
