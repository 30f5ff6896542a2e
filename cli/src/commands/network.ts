/** `fundtrace network show`: the selected profile and what the node says. */
import type { Command } from "commander";

import type { Run } from "../context.ts";

export function registerNetwork(program: Command, run: Run): void {
  program
    .command("network")
    .description("network profiles")
    .command("show")
    .description("the selected network: RPC address, chain id, latest block, deployment")
    .action(
      run(async (ctx) => {
        const client = await ctx.connectedClient();
        const block = await client.getBlockNumber();
        const deployment = ctx.network.deployment === undefined ? null : ctx.deployment();
        const data = { name: ctx.network.name, rpcUrl: ctx.network.rpcUrl, chainId: ctx.network.chainId, feeMode: ctx.network.feeMode, block, deployment };
        ctx.out.result(data, () =>
          [
            `network   ${data.name} (chain ${data.chainId}, fees ${data.feeMode})`,
            `rpc       ${data.rpcUrl}`,
            `block     ${block}`,
            deployment === null ? "deployment none" : `registry  ${deployment.registry}\nledger    ${deployment.ledger}\nrosters   ${deployment.rosterBook}`,
          ].join("\n"),
        );
      }),
    );
}
