import { expect } from "chai";
import { network } from "hardhat";
import type { Address } from "viem";

import { ContractRevertError, fundLedgerAbi, FundTraceError, isContractError, toFundTraceError } from "@fundtrace/sdk";
import { createFund, deployScenario } from "../helpers/scenario.ts";

describe("sdk contract errors", function () {
  this.timeout(120_000);

  it("turns a revert into a typed error named after the Solidity error, with its arguments", async function () {
    const connection = await network.create();
    const s = await deployScenario(connection);
    const fund = await createFund(s, 1_000_000n);
    const client = await connection.viem.getPublicClient();
    const account = s.officers.province.preparer.address as Address;
    try {
      await client.simulateContract({
        address: (await s.ledger.getAddress()) as Address,
        abi: fundLedgerAbi,
        functionName: "proposeAllocation",
        args: [fund, s.units.province as Address, s.units.city as Address, 0n, `0x${"11".repeat(32)}`],
        account,
      });
      expect.fail("the call went through");
    } catch (error) {
      const typed = toFundTraceError(error);
      expect(typed).to.be.instanceOf(ContractRevertError);
      expect(typed).to.be.instanceOf(FundTraceError);
      expect((typed as ContractRevertError).errorName).to.equal("LedgerZeroAmount");
      expect((typed as ContractRevertError).code).to.equal("CONTRACT_LedgerZeroAmount");
    }
    try {
      await client.simulateContract({
        address: (await s.ledger.getAddress()) as Address,
        abi: fundLedgerAbi,
        functionName: "proposeAllocation",
        args: [fund, s.units.province as Address, s.units.county as Address, 5n, `0x${"11".repeat(32)}`],
        account,
      });
      expect.fail("the call went through");
    } catch (error) {
      const typed = toFundTraceError(error) as ContractRevertError;
      expect(isContractError(typed, "LedgerNotChild")).to.equal(true);
      expect(isContractError(typed, "LedgerZeroAmount")).to.equal(false);
      expect(typed.errorName).to.equal("LedgerNotChild");
      expect(typed.args).to.deep.equal({ from: s.units.province, to: s.units.county });
      expect(typed.shortMessage).to.equal(
        `the contract refused: LedgerNotChild(from=${s.units.province}, to=${s.units.county})`,
      );
    }
  });
});

describe("sdk event queries", function () {
  it("refuses an event the contract does not have, with a typed error and no request sent", async function () {
    const { createPublicClient, http } = await import("viem");
    const { getEvents, defineDeployment } = await import("@fundtrace/sdk");
    const client = createPublicClient({ transport: http("http://127.0.0.1:9") });
    const d = defineDeployment({
      chainId: 20520,
      registry: `0x${"11".repeat(20)}`,
      ledger: `0x${"22".repeat(20)}`,
      rosterBook: `0x${"33".repeat(20)}`,
      deploymentBlock: 0n,
      feeMode: "zero",
    });
    try {
      await getEvents(client, d, { contract: "ledger", eventName: "HouseholdPaid" });
      expect.fail("queried an event the ledger does not emit");
    } catch (error) {
      expect(error).to.be.instanceOf(FundTraceError);
      expect((error as FundTraceError).code).to.equal("UNKNOWN_EVENT");
    }
  });
});
