/** `fundtrace network show | advance-time`: the selected profile, what its node says, and a local chain's clock. */

import type { Program, Run } from "../context.ts";
import { CliError } from "../errors.ts";

export function registerNetwork(program: Program, run: Run): void {
  const network = program.command("network").description("network profiles");
  network
    .command("advance-time <days>")
    .description(
      "move a local development chain's clock forward (Hardhat or Anvil only), e.g. past a roster's announcement window",
    )
    .action(
      run(async (ctx, days) => {
        const n = Number(days);
        if (!Number.isFinite(n) || n <= 0) throw new CliError("USAGE", `days must be a positive number, not "${days}"`);
        const client = await ctx.connectedClient();
        const seconds = Math.round(n * 86_400);
        try {
          await client.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
          await client.request({ method: "evm_mine" as never, params: [] as never });
        } catch (error) {
          throw new CliError(
            "USAGE",
            `network "${ctx.network.name}" is not a local development chain (evm_increaseTime: ${(error as Error).message.split("\n")[0]})`,
          );
        }
        const block = await client.getBlock();
        ctx.out.result(
          { advancedBy: seconds, timestamp: block.timestamp },
          () => `chain time now ${new Date(Number(block.timestamp) * 1000).toISOString()} (block ${block.number})`,
        );
      }),
    );
  network
    .command("show")
    .description("the selected network: RPC address, chain id, latest block, deployment")
    .action(
      run(async (ctx) => {
        const client = await ctx.connectedClient();
        const block = await client.getBlockNumber();
        const deployment = ctx.network.deployment === undefined ? null : ctx.deployment();
        const data = {
          name: ctx.network.name,
          rpcUrl: ctx.network.rpcUrl,
          chainId: ctx.network.chainId,
          feeMode: ctx.network.feeMode,
          block,
          deployment,
        };
        ctx.out.result(data, () =>
          [
            `network   ${data.name} (chain ${data.chainId}, fees ${data.feeMode})`,
            `rpc       ${data.rpcUrl}`,
            `block     ${block}`,
            deployment === null
              ? "deployment none"
              : `registry  ${deployment.registry}\nledger    ${deployment.ledger}\nrosters   ${deployment.rosterBook}`,
          ].join("\n"),
        );
      }),
    );
}
