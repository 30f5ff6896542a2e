import { expect } from "chai";
import { network } from "hardhat";

import {
  FundTraceError,
  fundPayments,
  proposeAmendment,
  readFundTree,
  reconcileWithChain,
  traceFund,
} from "@fundtrace/sdk";
import { allocate, createFund, deployScenario, doc, sdkDeployment } from "../helpers/scenario.ts";

/** 追加 and 调减: a fund's amount amended by approved proposals, traced and reconciled from events. */
describe("sdk fund amendments", function () {
  this.timeout(120_000);

  it("traces top-ups and cuts, and reconciles them with the contracts to the fen", async function () {
    const connection = await network.create();
    const s = await deployScenario(connection);
    const d = await sdkDeployment(s);
    const client = await connection.viem.getPublicClient();
    const fund = await createFund(s, 10_000n);
    await allocate(s, fund, "province", "city", 4_000n);

    const amend = async (kind: "top-up" | "cut", amount: bigint, documentNumber: string) => {
      const call = proposeAmendment(d, { fund, kind, amount, documentNumber, documentHash: doc(documentNumber) });
      await (await s.officers.province.preparer.sendTransaction({ to: call.to, data: call.data })).wait();
      const proposalId = await s.ledger.proposalCount();
      await (await s.ledger.connect(s.officers.province.approvers[0]).approveProposal(proposalId)).wait();
    };
    await amend("top-up", 2_500n, "黔财农[2026]30号");
    await amend("cut", 1_500n, "黔财农〔2026〕31号");
    expect((await s.ledger.fundOf(fund)).terms.amount).to.equal(11_000n);
    // The typed bracket was brought to the normal form before sending.
    expect(await s.ledger.fundsWithDocument("黔财农〔2026〕30号")).to.deep.equal([fund]);

    const trace = await traceFund(client, d, fund);
    expect(trace.movements.map((m) => m.kind)).to.deep.equal(["creation", "allocation", "top-up", "cut"]);
    expect(trace.created).to.equal(11_000n);
    const province = trace.units.get(s.units.province.toLowerCase())!;
    expect([province.received, province.allocated, province.returned, province.balance]).to.deep.equal([
      12_500n,
      4_000n,
      1_500n,
      7_000n,
    ]);
    const payments = await fundPayments(client, d, fund, { toBlock: trace.toBlock });
    const reconciliation = await reconcileWithChain(client, d, trace, payments);
    expect(reconciliation.differences).to.deep.equal([]);
    expect((await readFundTree(client, d, fund)).reconciliation.balanced).to.equal(true);

    // A document number the ledger would refuse is named before anything is sent.
    expect(() =>
      proposeAmendment(d, { fund, kind: "top-up", amount: 1n, documentNumber: "", documentHash: doc("x") }),
    ).to.throw(FundTraceError, "documentNumber");
  });
});
