/** What every command gets: global options, output, and lazily the config, network and clients. */
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { type Chain, createPublicClient, defineChain, http, type PublicClient } from "viem";

import { type Deployment, type GovernedDeployment, isGoverned, withGovernance } from "@fundtrace/sdk";
import { type Config, deploymentOf, loadConfig, type SelectedNetwork, selectNetwork } from "./config.ts";
import { CliError } from "./errors.ts";
import type { Output } from "./output.ts";

export interface GlobalOptions {
  json?: boolean;
  network?: string;
  config?: string;
  yes?: boolean;
  dryRun?: boolean;
}

/**
 * How commands wrap their actions: each gets a fresh {@link Context} first,
 * then the action's own arguments and options, typed from its declaration.
 */
export type Run = <A extends unknown[]>(
  action: (ctx: Context, ...args: A) => Promise<void> | void,
) => (...args: A) => Promise<void>;

/** The program the command groups register on. */
export type Program = CommandUnknownOpts;

export class Context {
  #config?: Config;
  #network?: SelectedNetwork;
  #client?: Promise<PublicClient>;
  #deployment?: Deployment;
  #governed?: Promise<Deployment>;

  readonly options: GlobalOptions;
  readonly out: Output;

  constructor(options: GlobalOptions, out: Output) {
    this.options = options;
    this.out = out;
  }

  get config(): Config {
    this.#config ??= loadConfig(this.options.config);
    return this.#config;
  }

  get network(): SelectedNetwork {
    this.#network ??= selectNetwork(this.config, this.options.network);
    return this.#network;
  }

  get chain(): Chain {
    const network = this.network;
    return defineChain({
      id: network.chainId,
      name: network.name,
      nativeCurrency: { name: "none", symbol: "NONE", decimals: 18 },
      rpcUrls: { default: { http: [network.rpcUrl] } },
    });
  }

  publicClient(): PublicClient {
    // Audits read large log ranges: up to 128 MiB per response (a larger one is refused and the range halved), 2
    // minutes each.
    return createPublicClient({
      chain: this.chain,
      transport: http(this.network.rpcUrl, { retryCount: 1, maxResponseBodySize: 128 * 1024 * 1024, timeout: 120_000 }),
    });
  }

  /**
   * A client whose node's chain id was checked against the profile (a wrong
   * RPC address must not receive transactions); checked once per command.
   */
  connectedClient(): Promise<PublicClient> {
    this.#client ??= this.#connect();
    return this.#client;
  }

  async #connect(): Promise<PublicClient> {
    const client = this.publicClient();
    let chainId: number;
    try {
      chainId = await client.getChainId();
    } catch (error) {
      throw new CliError(
        "NETWORK_UNREACHABLE",
        `cannot reach ${this.network.rpcUrl} (network "${this.network.name}"): ${(error as Error).message.split("\n")[0]}`,
        {
          network: this.network.name,
        },
      );
    }
    if (chainId !== this.network.chainId) {
      throw new CliError(
        "WRONG_CHAIN",
        `${this.network.rpcUrl} serves chain ${chainId}, but network "${this.network.name}" is chain ${this.network.chainId}`,
        {
          network: this.network.name,
          expected: this.network.chainId,
          actual: chainId,
        },
      );
    }
    return client;
  }

  deployment(): Deployment {
    if (this.#deployment !== undefined) return this.#deployment;
    const deployment = deploymentOf(this.config, this.network);
    if (deployment === undefined) {
      throw new CliError(
        "CONFIG_INVALID",
        `network "${this.network.name}" has no deployment in ${this.config.path}: run \`fundtrace deploy\` or add one`,
        {
          network: this.network.name,
        },
      );
    }
    this.#deployment = deployment;
    return deployment;
  }

  /** The deployment with the governance its registry names (read once per command); unchanged while bootstrapping. */
  governedDeployment(): Promise<Deployment> {
    this.#governed ??= this.connectedClient().then((client) => withGovernance(client, this.deployment()));
    return this.#governed;
  }

  /** {@link governedDeployment}, for commands that need the council: NOT_GOVERNED while bootstrapping. */
  async councilDeployment(): Promise<GovernedDeployment> {
    const d = await this.governedDeployment();
    if (!isGoverned(d))
      throw new CliError(
        "NOT_GOVERNED",
        "the deployment has no governance yet: the deploying account administers it until `governance hand-over`",
      );
    return d;
  }
}
