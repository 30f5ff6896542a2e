/**
 * The `fundtrace` command as a real process: exit codes, the JSON envelope,
 * stable error codes, keystores, and a real node over JSON-RPC.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";

import { ERROR_CODES } from "../../cli/src/errors.ts";
import { createPublicClient, http } from "viem";

import { readConfigFile } from "../../scripts/lib/config-file.ts";
import { centralTransferArgs } from "../../scripts/lib/fund-args.ts";
import { BIN, type Envelope, fundtrace } from "../helpers/cli.ts";
import { deployOverRpc, handOverOverRpc, runCommand, useNode } from "../helpers/processes.ts";

describe("fundtrace CLI", function () {
  this.timeout(180_000);
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), "fundtrace-cli-"));
  });

  it("documents every error code it can report, with its exit code", function () {
    const doc = readFileSync("docs/errors.md", "utf8");
    for (const [code, exit] of Object.entries(ERROR_CODES)) {
      expect(doc, code).to.match(new RegExp(`\\| \`${code}\` \\| ${exit} \\|`));
    }
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).to.deep.equal(Object.keys(ERROR_CODES).sort());
  });

  it("prints its version and help, exit 0", async function () {
    const version = await fundtrace(dir, ["--version"]);
    expect(version.code).to.equal(0);
    expect(version.stdout.trim()).to.equal("0.1.0");
    const help = await fundtrace(dir, ["--help"]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include("accounts");
  });

  it("reports usage errors with code USAGE and exit 2, as one envelope", async function () {
    const r = await fundtrace(dir, ["nosuch", "--json"]);
    expect(r.code).to.equal(2);
    expect(r.envelope).to.deep.include({ schema_version: 1, success: false, data: null });
    expect(r.envelope!.errors[0]!.code).to.equal("USAGE");
  });

  it("classifies division codes offline; bad codes give DIVISION_CODE_INVALID, exit 3", async function () {
    const ok = await fundtrace(dir, ["units", "classify", "419001 001 000", "--json"]);
    expect(ok.code).to.equal(0);
    expect(ok.envelope!.data).to.deep.include({ code: "419001001000", level: "township", parent: "419001000000" });
    const human = await fundtrace(dir, ["units", "classify", "520102201001"]);
    expect(human.stdout).to.include("address   0xFD00000000000000000000002023520102201001");
    const bad = await fundtrace(dir, ["units", "classify", "419000000000", "--json"]);
    expect(bad.code).to.equal(3);
    expect(bad.envelope!.errors[0]!.code).to.equal("DIVISION_CODE_INVALID");
    expect(bad.envelope!.errors[0]!.message).to.include("city segment 90");
    const plain = await fundtrace(dir, ["units", "classify", "419000000000"]);
    expect(plain.stdout).to.equal("");
    expect(plain.stderr).to.include("error DIVISION_CODE_INVALID:");
  });

  it("writes a starter config and refuses to overwrite it", async function () {
    const first = await fundtrace(dir, ["init", "--json"]);
    expect(first.code).to.equal(0);
    expect(readConfigFile(join(dir, "fundtrace.config.json")).defaultNetwork).to.equal("local");
    const again = await fundtrace(dir, ["init", "--json"]);
    expect(again.code).to.equal(4);
    expect(again.envelope!.errors[0]!.code).to.equal("CONFIG_EXISTS");
    const missing = await runCommand("node", [BIN, "accounts", "list", "--json"], {
      FUNDTRACE_CONFIG: join(dir, "none.json"),
    });
    expect(missing.code).to.equal(4);
    expect((JSON.parse(missing.stdout) as Envelope).errors[0]!.code).to.equal("CONFIG_NOT_FOUND");
  });

  it("creates, imports and lists keystores; keys never on the command line", async function () {
    await fundtrace(dir, ["init"]);
    const passwordFile = join(dir, "password");
    writeFileSync(passwordFile, "s3cret\n", { mode: 0o600 });
    const fast = ["--scrypt-n", "1024", "--password-file", passwordFile];

    const created = await fundtrace(dir, ["accounts", "create", "county-preparer", ...fast, "--json"]);
    expect(created.code, created.stderr).to.equal(0);
    const keystore = join(dir, "keystores", "county-preparer.keystore.json");
    expect(statSync(keystore).mode & 0o777).to.equal(0o600);

    const key = generatePrivateKey();
    const keyFile = join(dir, "key");
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    const imported = await fundtrace(dir, [
      "accounts",
      "import",
      "village-approver",
      "--key-file",
      keyFile,
      ...fast,
      "--json",
    ]);
    expect(imported.code, imported.stderr).to.equal(0);
    expect((imported.envelope!.data as { address: string }).address).to.equal(privateKeyToAddress(key));
    expect(readFileSync(join(dir, "keystores", "village-approver.keystore.json"), "utf8")).to.not.include(key.slice(2));
    expect(imported.stdout + imported.stderr).to.not.include(key.slice(2));

    const list = await fundtrace(dir, ["accounts", "list", "--json"]);
    expect((list.envelope!.data as { name: string }[]).map((a) => a.name)).to.deep.equal([
      "county-preparer",
      "village-approver",
    ]);

    const duplicate = await fundtrace(dir, ["accounts", "create", "county-preparer", ...fast, "--json"]);
    expect([duplicate.code, duplicate.envelope!.errors[0]!.code]).to.deep.equal([5, "ACCOUNT_EXISTS"]);

    const onCommandLine = await fundtrace(dir, ["accounts", "import", "x", "--private-key", key, "--json"]);
    expect([onCommandLine.code, onCommandLine.envelope!.errors[0]!.code]).to.deep.equal([2, "KEY_ON_COMMAND_LINE"]);
    expect(existsSync(join(dir, "keystores", "x.keystore.json"))).to.equal(false);
    expect(onCommandLine.stdout + onCommandLine.stderr).to.not.include(key.slice(2));

    chmodSync(passwordFile, 0o644);
    const unsafe = await fundtrace(dir, ["accounts", "create", "y", ...fast, "--json"]);
    expect([unsafe.code, unsafe.envelope!.errors[0]!.code]).to.deep.equal([5, "PASSWORD_FILE_UNSAFE"]);
    expect(existsSync(join(dir, "keystores", "y.keystore.json"))).to.equal(false);

    const noPassword = await fundtrace(dir, ["accounts", "create", "z", "--json"], { FUNDTRACE_PASSWORD: "" });
    expect([noPassword.code, noPassword.envelope!.errors[0]!.code]).to.deep.equal([5, "PASSWORD_REQUIRED"]);
    const fromEnv = await fundtrace(dir, ["accounts", "create", "z", "--scrypt-n", "1024", "--json"], {
      FUNDTRACE_PASSWORD: "pw",
    });
    expect(fromEnv.code, fromEnv.stderr).to.equal(0);
  });

  describe("against a node", function () {
    const node = useNode("cli");

    it("shows the selected network, refuses unknown networks and the wrong chain", async function () {
      await fundtrace(dir, ["init"]);
      const config = readConfigFile(join(dir, "fundtrace.config.json"));
      config.networks.local!.rpcUrl = node.url;
      config.networks.other = { rpcUrl: node.url, chainId: 1, feeMode: "zero" };
      writeFileSync(join(dir, "fundtrace.config.json"), JSON.stringify(config));

      const shown = await fundtrace(dir, ["network", "show", "--json"]);
      expect(shown.code, shown.stderr).to.equal(0);
      expect(shown.envelope!.data).to.deep.include({
        name: "local",
        chainId: 20520,
        feeMode: "zero",
        deployment: null,
      });

      const unknown = await fundtrace(dir, ["network", "show", "--network", "mainnet", "--json"]);
      expect([unknown.code, unknown.envelope!.errors[0]!.code]).to.deep.equal([4, "UNKNOWN_NETWORK"]);
      const wrong = await fundtrace(dir, ["network", "show", "--network", "other", "--json"]);
      expect([wrong.code, wrong.envelope!.errors[0]!.code]).to.deep.equal([4, "WRONG_CHAIN"]);
      const down = await fundtrace(dir, ["network", "show", "--json"], { FUNDTRACE_RPC_URL: "http://127.0.0.1:9" });
      expect([down.code, down.envelope!.errors[0]!.code]).to.deep.equal([7, "NETWORK_UNREACHABLE"]);
    });

    it("sends transactions: review, dry run, confirmation, refusals, receipts", async function () {
      await fundtrace(dir, ["init"]);
      const governorKey = generatePrivateKey();
      const addresses = await deployOverRpc(node.url, governorKey, node.deploymentId);
      const config = readConfigFile(join(dir, "fundtrace.config.json"));
      config.networks.local!.rpcUrl = node.url;
      config.networks.local!.deployment = {
        registry: addresses.UnitRegistry,
        ledger: addresses.FundLedger,
        rosterBook: addresses.RosterBook,
        deploymentBlock: "0",
      };
      writeFileSync(join(dir, "fundtrace.config.json"), JSON.stringify(config));
      const passwordFile = join(dir, "password");
      writeFileSync(passwordFile, "pw", { mode: 0o600 });
      const keys = { governor: governorKey, preparer: generatePrivateKey(), approver: generatePrivateKey() };
      for (const [name, key] of Object.entries(keys)) {
        writeFileSync(join(dir, name), key, { mode: 0o600 });
        const r = await fundtrace(dir, [
          "accounts",
          "import",
          name,
          "--key-file",
          join(dir, name),
          "--password-file",
          passwordFile,
          "--scrypt-n",
          "1024",
        ]);
        expect(r.code, r.stderr).to.equal(0);
      }
      const as = (name: keyof typeof keys) => ["--from", name, "--password-file", passwordFile];
      const address = (name: keyof typeof keys) => privateKeyToAddress(keys[name]);
      const send = async (args: string[]) => {
        const r = await fundtrace(dir, [...args, "--yes", "--json"]);
        expect(r.code, r.stdout + r.stderr).to.equal(0);
        return r.envelope!.data as { hash: string; events: { eventName: string; args: Record<string, string> }[] };
      };

      await send(["roles", "grant", "registrar", address("governor"), ...as("governor")]);
      const registered = await send(["units", "register", "520000000000", ...as("governor")]);
      expect(registered.events.map((e) => e.eventName)).to.deep.equal(["UnitRegistered"]);
      await send(["officers", "add", "520000000000", "preparer", address("preparer"), ...as("governor")]);
      await send(["officers", "add", "520000000000", "approver", address("approver"), ...as("governor")]);
      await handOverOverRpc(node.url, governorKey, node.deploymentId, addresses.UnitRegistry);

      const documentFile = join(dir, "approval.pdf");
      writeFileSync(documentFile, "the provincial budget approval");
      const propose = [
        "fund",
        "propose",
        "--unit",
        "520000000000",
        "--document-number",
        "GZ-2026-001",
        "--year",
        "2026",
        ...centralTransferArgs(),
        "--amount",
        "1,000,000.00",
        "--document",
        documentFile,
        ...as("preparer"),
      ];
      const client = createPublicClient({ transport: http(node.url) });
      const nonce = await client.getTransactionCount({ address: address("preparer") });

      const dry = await fundtrace(dir, [...propose, "--dry-run", "--json"]);
      expect(dry.code, dry.stderr).to.equal(0);
      expect(dry.envelope!.data).to.deep.include({ dryRun: true, function: "proposeFund" });
      expect(dry.stderr).to.include(
        "propose fund GZ-2026-001 (2026, xianjie 2130505, central general) of 1,000,000.00 yuan",
      );
      const unconfirmed = await fundtrace(dir, [...propose, "--json"]);
      expect([unconfirmed.code, unconfirmed.envelope!.errors[0]!.code]).to.deep.equal([2, "CONFIRMATION_REQUIRED"]);
      const badAmount = await fundtrace(dir, [
        ...propose.map((a) => (a === "1,000,000.00" ? "1,000.005" : a)),
        "--yes",
        "--json",
      ]);
      expect([badAmount.code, badAmount.envelope!.errors[0]!.code]).to.deep.equal([3, "AMOUNT_INVALID"]);
      expect(await client.getTransactionCount({ address: address("preparer") }), "nothing sent").to.equal(nonce);

      const proposed = await send(propose);
      const fundProposed = proposed.events.find((e) => e.eventName === "FundProposed")!;
      expect(fundProposed.args.fund).to.equal("1");

      const selfApproval = await fundtrace(dir, ["proposals", "approve", "1", ...as("preparer"), "--yes", "--json"]);
      expect([selfApproval.code, selfApproval.envelope!.errors[0]!.code]).to.deep.equal([6, "CONTRACT_REFUSED"]);
      expect(selfApproval.envelope!.errors[0]!.details.contractError).to.equal("RegistryNotApprover");

      const approved = await send(["proposals", "approve", "1", ...as("approver")]);
      expect(approved.events.map((e) => e.eventName)).to.include.members([
        "ProposalApproved",
        "FundsMoved",
        "FundCreated",
        "ProposalExecuted",
      ]);

      const shown = await fundtrace(dir, ["fund", "show", "1", "--json"]);
      expect(shown.envelope!.data).to.deep.include({ status: "active", amount: "100000000", fiscalYear: 2026 });
      const proposal = await fundtrace(dir, ["proposals", "show", "1"]);
      expect(proposal.stdout).to.include("proposal  1 (executed): create fund of 1,000,000.00 yuan of fund 1");
      for (const name of Object.keys(keys) as (keyof typeof keys)[]) {
        expect(await client.getBalance({ address: address(name) }), `${name} holds no ether`).to.equal(0n);
      }
    });
  });
});
