// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {
    Account,
    Finding,
    Freeze,
    Fund,
    FundStatus,
    FundTerms,
    IFundLedger,
    MovementKind,
    Proposal,
    ProposalKind,
    ProposalStatus,
    RecordKind,
    SourceLevel
} from "../../contracts/interfaces/IFundLedger.sol";
import {IUnitRegistry} from "../../contracts/interfaces/IUnitRegistry.sol";
import {RosterBook} from "../../contracts/RosterBook.sol";
import {FundTraceFixture} from "./utils/FundTraceFixture.sol";
import {DivisionCode} from "../../contracts/libraries/DivisionCode.sol";
import {vm} from "./utils/Vm.sol";

contract FundLedgerTest is FundTraceFixture {
    uint128 internal constant AMOUNT = 50_000_000; // 500,000.00 yuan: one approval
    uint128 internal constant LARGE = 5_000_000_000; // 50,000,000.00 yuan: two approvals
    bytes32 internal constant DOC = keccak256("document");

    // --------------------------------------------------------- proposeFund

    function test_proposeFund_recordsFundAndProposal() public {
        FundTerms memory terms = _terms(AMOUNT, "GZ-2026-001");
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.FundProposed(1, province, "GZ-2026-001", 1, terms);
        vm.prank(preparer[province]);
        (uint256 fund, uint256 proposalId) = ledger.proposeFund(terms);
        assertEq(fund, 1, "fund id");
        assertEq(proposalId, 1, "proposal id");
        Fund memory stored = ledger.fundOf(fund);
        assertEq(uint8(stored.status), uint8(FundStatus.Proposed), "proposed");
        assertEq(stored.terms.amount, AMOUNT, "amount");
        uint256[] memory byDocument = ledger.fundsWithDocument("GZ-2026-001");
        assertEq(byDocument.length, 1, "one fund of the document");
        assertEq(byDocument[0], 1, "found by its document number");
        assertEq(stored.terms.documentNumber, "GZ-2026-001", "document number as text");
        assertEq(stored.terms.classification, 2130505, "classification code");
        assertEq(stored.terms.programme, "xianjie", "programme");
        assertEq(ledger.totalSupply(fund), 0, "nothing minted yet");
        Proposal memory proposal = ledger.proposalOf(proposalId);
        assertEq(uint8(proposal.kind), uint8(ProposalKind.CreateFund), "kind");
        assertEq(proposal.unit, province, "acting unit");
        assertEq(proposal.from, address(0), "from nowhere");
        assertEq(proposal.to, province, "to the province");
        assertEq(proposal.proposer, preparer[province], "proposer");
        assertEq(proposal.requiredApprovals, 1, "threshold");
    }

    function test_proposeFund_reverts() public {
        FundTerms memory terms = _terms(AMOUNT, "GZ-2026-001");
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, province, approverA[province])
        );
        vm.prank(approverA[province]);
        ledger.proposeFund(terms);

        terms.unit = city;
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerWrongSourceLevel.selector, city, SourceLevel.Central));
        vm.prank(preparer[city]);
        ledger.proposeFund(terms);

        terms = _terms(0, "GZ-2026-001");
        vm.expectRevert(IFundLedger.LedgerZeroAmount.selector);
        vm.prank(preparer[province]);
        ledger.proposeFund(terms);

        terms = _terms(AMOUNT, "GZ-2026-001");
        terms.documentHash = 0;
        vm.expectRevert(IFundLedger.LedgerEmptyHash.selector);
        vm.prank(preparer[province]);
        ledger.proposeFund(terms);

        // Each household is paid from 1 to 12 times.
        terms = _terms(AMOUNT, "GZ-2026-001");
        terms.instalments = 0;
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerInvalidInstalments.selector, 0));
        vm.prank(preparer[province]);
        ledger.proposeFund(terms);
        terms.instalments = 13;
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerInvalidInstalments.selector, 13));
        vm.prank(preparer[province]);
        ledger.proposeFund(terms);
        terms.instalments = 12;
        vm.prank(preparer[province]);
        (uint256 monthly, ) = ledger.proposeFund(terms);
        assertEq(ledger.fundOf(monthly).terms.instalments, 12, "paid monthly");
    }

    function test_proposeFund_revertsOnDuplicateUnlessCancelled() public {
        vm.prank(preparer[province]);
        (uint256 fund, uint256 proposalId) = ledger.proposeFund(_terms(AMOUNT, "GZ-2026-001"));
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerDuplicateFund.selector, fund));
        vm.prank(preparer[province]);
        ledger.proposeFund(_terms(AMOUNT, "GZ-2026-001"));

        vm.prank(preparer[province]);
        ledger.cancelProposal(proposalId);
        vm.prank(preparer[province]);
        (uint256 again, ) = ledger.proposeFund(_terms(AMOUNT, "GZ-2026-001"));
        assertEq(again, 2, "a cancelled fund's document can be proposed again");
    }

    /// @dev One document makes one fund per unit and classification code; the document lists them all.
    function test_proposeFund_oneDocumentManyUnitsAndClassifications() public {
        FundTerms memory terms = _terms(AMOUNT, "GZ-2026-001");
        vm.prank(preparer[province]);
        (uint256 first, ) = ledger.proposeFund(terms);
        terms.classification = 2130504;
        vm.prank(preparer[province]);
        (uint256 second, ) = ledger.proposeFund(terms);
        terms = _terms(county, SourceLevel.County, AMOUNT, "GZ-2026-001");
        vm.prank(preparer[county]);
        (uint256 third, ) = ledger.proposeFund(terms);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerDuplicateFund.selector, third));
        vm.prank(preparer[county]);
        ledger.proposeFund(terms);
        uint256[] memory all = ledger.fundsWithDocument("GZ-2026-001");
        assertEq(all.length, 3, "three funds of one document");
        assertEq(all[0], first, "in order: the province's first");
        assertEq(all[1], second, "its second classification");
        assertEq(all[2], third, "the county's last");
        assertEq(ledger.fundsWithDocument("GZ-2026-002").length, 0, "another document has none");
    }

    /// @dev Money enters at the level whose budget it is: central and provincial at a province, city, county.
    function test_proposeFund_atTheLevelOfItsSource() public {
        address[4] memory at = [province, province, city, county];
        address[4] memory wrong = [county, city, province, city];
        for (uint256 i = 0; i < 4; ++i) {
            SourceLevel source = SourceLevel(i);
            string memory document = string.concat("level-", vm.toString(i));
            FundTerms memory terms = _terms(wrong[i], source, AMOUNT, document);
            vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerWrongSourceLevel.selector, wrong[i], source));
            vm.prank(preparer[wrong[i]]);
            ledger.proposeFund(terms);
            terms.unit = at[i];
            vm.prank(preparer[at[i]]);
            (uint256 fund, uint256 proposalId) = ledger.proposeFund(terms);
            _approveAll(at[i], proposalId, AMOUNT);
            assertEq(ledger.balanceOf(at[i], fund), AMOUNT, "created at its level");
        }
        FundTerms memory atTownship = _terms(township, SourceLevel.County, AMOUNT, "township");
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerWrongSourceLevel.selector, township, SourceLevel.County)
        );
        vm.prank(preparer[township]);
        ledger.proposeFund(atTownship);
    }

    /// @dev The readable terms, on both sides of every limit.
    function test_proposeFund_readableTermsWithinTheirLimits() public {
        bytes memory longest = new bytes(96);
        bytes memory longestProgramme = new bytes(32);
        for (uint256 i = 0; i < 96; ++i) longest[i] = "x";
        for (uint256 i = 0; i < 32; ++i) longestProgramme[i] = "p";
        _refuseTerms("", 2130505, "xianjie");
        _acceptTerms(string(longest), 2130505, "xianjie");
        _refuseTerms(string.concat(string(longest), "x"), 2130505, "xianjie");
        _refuseTerms("doc-a", 2130505, "");
        _acceptTerms("doc-b", 2130505, string(longestProgramme));
        _refuseTerms("doc-c", 2130505, string.concat(string(longestProgramme), "p"));
        _refuseTerms("doc-d", 999_999, "xianjie");
        _acceptTerms("doc-e", 1_000_000, "xianjie");
        _acceptTerms("doc-f", 9_999_999, "xianjie");
        _refuseTerms("doc-g", 10_000_000, "xianjie");
    }

    function _refuseTerms(string memory document, uint32 classification, string memory programme) private {
        FundTerms memory terms = _terms(AMOUNT, document);
        terms.classification = classification;
        terms.programme = programme;
        vm.expectRevert(IFundLedger.LedgerInvalidFundTerms.selector);
        vm.prank(preparer[province]);
        ledger.proposeFund(terms);
    }

    function _acceptTerms(string memory document, uint32 classification, string memory programme) private {
        FundTerms memory terms = _terms(AMOUNT, document);
        terms.classification = classification;
        terms.programme = programme;
        vm.prank(preparer[province]);
        (uint256 fund, ) = ledger.proposeFund(terms);
        assertEq(ledger.fundOf(fund).terms.documentNumber, document, "kept as given");
    }

    /// @dev Central transfers need the province's receipt, other funds their budget's approval; neither in the future.
    function test_proposeFund_datesTheDeadlinesCountFrom() public {
        uint64 nowAt = uint64(block.timestamp);
        FundTerms memory terms = _terms(AMOUNT, "central");
        terms.receivedAt = 0;
        _refuseDates(province, terms);
        terms.receivedAt = nowAt + 1;
        _refuseDates(province, terms);
        terms.receivedAt = nowAt;
        terms.budgetApprovedAt = nowAt + 1;
        _refuseDates(province, terms);
        terms.budgetApprovedAt = nowAt;
        vm.prank(preparer[province]);
        ledger.proposeFund(terms);

        terms = _terms(county, SourceLevel.County, AMOUNT, "county");
        terms.budgetApprovedAt = 0;
        terms.receivedAt = nowAt;
        _refuseDates(county, terms);
        terms.budgetApprovedAt = nowAt + 1;
        _refuseDates(county, terms);
        terms.budgetApprovedAt = nowAt;
        terms.receivedAt = nowAt + 1;
        _refuseDates(county, terms);
        terms.receivedAt = 0;
        vm.prank(preparer[county]);
        (uint256 fund, ) = ledger.proposeFund(terms);
        assertEq(ledger.fundOf(fund).terms.budgetApprovedAt, nowAt, "approval date kept");
    }

    function _refuseDates(address unit, FundTerms memory terms) private {
        vm.expectRevert(
            abi.encodeWithSelector(
                IFundLedger.LedgerInvalidFundDates.selector,
                terms.budgetApprovedAt,
                terms.receivedAt
            )
        );
        vm.prank(preparer[unit]);
        ledger.proposeFund(terms);
    }

    /// @dev 省直管县: once governance places the county under the province, the province allocates to it directly,
    /// takes its returns and reclaims from it; the city, skipped, no longer can.
    function test_fiscalParent_provinceAllocatesToACountyDirectly() public {
        uint256 fund = _createFund(AMOUNT);
        _allocate(fund, province, city, 100);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotChild.selector, province, county));
        vm.prank(preparer[province]);
        ledger.proposeAllocation(fund, province, county, 100, DOC);
        _govern(address(registry), abi.encodeCall(registry.setFiscalParent, (county, province, DOC)));
        _allocate(fund, province, county, 300);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotChild.selector, city, county));
        vm.prank(preparer[city]);
        ledger.proposeAllocation(fund, city, county, 100, DOC);
        vm.prank(preparer[county]);
        uint256 back = ledger.proposeReturn(fund, county, 100, DOC);
        _approveAll(county, back, 100);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, province, preparer[city]));
        vm.prank(preparer[city]);
        ledger.proposeReclaim(fund, county, 100, DOC);
        vm.prank(preparer[province]);
        uint256 reclaim = ledger.proposeReclaim(fund, county, 100, DOC);
        _approveAll(province, reclaim, 100);
        assertEq(ledger.balanceOf(county, fund), 100, "what the province left at the county");
        assertEq(ledger.accountOf(fund, county).received, 300, "received from the province only");
        assertEq(ledger.accountOf(fund, city).allocated, 0, "the city passed nothing on");
        assertEq(ledger.balanceOf(city, fund), 100, "the city keeps what it held, to return");
        assertEq(ledger.balanceOf(province, fund), AMOUNT - 200, "returned and reclaimed to the province");
    }

    /// @dev A county's own fund stays in the county's tree: it cannot go up to the city.
    function test_countyFund_goesNoHigherThanTheCounty() public {
        vm.prank(preparer[county]);
        (uint256 fund, uint256 proposalId) = ledger.proposeFund(
            _terms(county, SourceLevel.County, AMOUNT, "county own")
        );
        _approveAll(county, proposalId, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNoParent.selector, county));
        vm.prank(preparer[county]);
        ledger.proposeReturn(fund, county, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerWrongUnit.selector, county));
        vm.prank(preparer[city]);
        ledger.proposeReclaim(fund, county, 1, DOC);
        // Below the county the tree works as ever.
        _allocate(fund, county, township, 100);
        vm.prank(preparer[township]);
        uint256 back = ledger.proposeReturn(fund, township, 40, DOC);
        _approveAll(township, back, 40);
        vm.prank(preparer[county]);
        uint256 reclaim = ledger.proposeReclaim(fund, township, 60, DOC);
        _approveAll(county, reclaim, 60);
        assertEq(ledger.balanceOf(county, fund), AMOUNT, "all back at the county");
        assertEq(ledger.balanceOf(city, fund), 0, "the city never held it");
    }

    function test_proposeFund_revertsWhenPaused() public {
        vm.prank(guardian);
        registry.pause();
        vm.expectRevert(IFundLedger.LedgerPaused.selector);
        vm.prank(preparer[province]);
        ledger.proposeFund(_terms(AMOUNT, "GZ-2026-001"));
    }

    // ------------------------------------------------------------ amendments

    function _amend(uint256 fund, ProposalKind kind, uint128 amount, string memory document) private returns (uint256) {
        vm.prank(preparer[province]);
        uint256 proposalId = ledger.proposeAmendment(fund, kind, amount, document, keccak256(bytes(document)));
        _approveAll(province, proposalId, amount);
        return proposalId;
    }

    /// @dev 追加 and 调减: the fund's amount, its supply and the receiving unit's account follow, conserved.
    function test_amendment_topUpAndCutChangeTheFundsAmount() public {
        uint256 fund = _createFund(AMOUNT);
        vm.expectEmit(true, true, false, true, address(ledger));
        emit IFundLedger.FundAmendmentProposed(fund, 2, ProposalKind.TopUp, 300, unicode"黔财农〔2026〕30号");
        vm.prank(preparer[province]);
        uint256 topUp = ledger.proposeAmendment(fund, ProposalKind.TopUp, 300, unicode"黔财农〔2026〕30号", DOC);
        assertEq(ledger.fundOf(fund).terms.amount, AMOUNT, "unchanged until approved");
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.FundsMoved(fund, address(0), province, MovementKind.TopUp, 300, topUp, approverA[province]);
        vm.prank(approverA[province]);
        ledger.approveProposal(topUp);
        assertEq(ledger.fundOf(fund).terms.amount, AMOUNT + 300, "topped up");
        assertEq(ledger.totalSupply(fund), AMOUNT + 300, "supply follows");
        assertEq(ledger.accountOf(fund, province).received, AMOUNT + 300, "received the top-up");

        _allocate(fund, province, city, 1_000);
        uint256 cut = _amend(fund, ProposalKind.Cut, 500, unicode"黔财农〔2026〕31号");
        assertEq(uint8(ledger.proposalOf(cut).kind), uint8(ProposalKind.Cut), "a cut");
        Account memory a = ledger.accountOf(fund, province);
        assertEq(a.returned, 500, "a cut counts as returned to the budget");
        assertEq(a.balance, AMOUNT + 300 - 1_000 - 500, "held at the province");
        assertEq(a.received, a.allocated + a.returned + a.balance, "the account still balances");
        assertEq(ledger.fundOf(fund).terms.amount, AMOUNT - 200, "cut");
        assertEq(ledger.totalSupply(fund), AMOUNT - 200, "supply follows the cut");
        uint256[] memory byCut = ledger.fundsWithDocument(unicode"黔财农〔2026〕31号");
        assertEq(byCut.length, 1, "the amending document finds the fund");
        assertEq(byCut[0], fund, "this fund");
    }

    function test_proposeAmendment_reverts() public {
        uint256 fund = _createFund(AMOUNT);
        _allocate(fund, province, city, AMOUNT - 100);
        // Only the receiving unit's preparers.
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, province, preparer[city]));
        vm.prank(preparer[city]);
        ledger.proposeAmendment(fund, ProposalKind.TopUp, 1, "doc", DOC);
        // Only top-ups and cuts.
        for (uint8 k = 0; k < 4; ++k) {
            vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotAnAmendment.selector, ProposalKind(k)));
            vm.prank(preparer[province]);
            ledger.proposeAmendment(fund, ProposalKind(k), 1, "doc", DOC);
        }
        // Its own document number, 1 to 96 bytes; a document hash; an amount.
        bytes memory longest = new bytes(96);
        for (uint256 i = 0; i < 96; ++i) longest[i] = "x";
        vm.startPrank(preparer[province]);
        vm.expectRevert(IFundLedger.LedgerInvalidFundTerms.selector);
        ledger.proposeAmendment(fund, ProposalKind.TopUp, 1, "", DOC);
        vm.expectRevert(IFundLedger.LedgerInvalidFundTerms.selector);
        ledger.proposeAmendment(fund, ProposalKind.TopUp, 1, string.concat(string(longest), "x"), DOC);
        ledger.proposeAmendment(fund, ProposalKind.TopUp, 1, string(longest), DOC);
        vm.expectRevert(IFundLedger.LedgerEmptyHash.selector);
        ledger.proposeAmendment(fund, ProposalKind.TopUp, 1, "doc", 0);
        vm.expectRevert(IFundLedger.LedgerZeroAmount.selector);
        ledger.proposeAmendment(fund, ProposalKind.Cut, 0, "doc", DOC);
        vm.stopPrank();
    }

    /// @dev A cut takes only what the receiving unit holds, nothing of a frozen unit; nothing moves while paused.
    function test_proposeAmendment_revertsOnBalanceFreezeAndState() public {
        uint256 fund = _createFund(AMOUNT);
        _allocate(fund, province, city, AMOUNT - 100);
        // A cut takes only what the receiving unit holds: the rest is below it.
        vm.prank(preparer[province]);
        uint256 tooMuch = ledger.proposeAmendment(fund, ProposalKind.Cut, 101, "doc", DOC);
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerInsufficientBalance.selector, fund, province, 100, 101)
        );
        vm.prank(approverA[province]);
        ledger.approveProposal(tooMuch);
        // Nothing of a frozen unit is cut.
        vm.prank(inspector);
        ledger.freezeUnit(province, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnitFrozen.selector, province));
        vm.prank(preparer[province]);
        ledger.proposeAmendment(fund, ProposalKind.Cut, 1, "doc", DOC);
        // Nor is a fund not active amended, nor anything while paused.
        vm.prank(preparer[province]);
        (uint256 proposed, ) = ledger.proposeFund(_terms(AMOUNT, "not yet"));
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerFundNotActive.selector, proposed, FundStatus.Proposed)
        );
        vm.prank(preparer[province]);
        ledger.proposeAmendment(proposed, ProposalKind.TopUp, 1, "doc", DOC);
        vm.prank(guardian);
        registry.pause();
        vm.expectRevert(IFundLedger.LedgerPaused.selector);
        vm.prank(preparer[province]);
        ledger.proposeAmendment(fund, ProposalKind.TopUp, 1, "doc", DOC);
    }

    // ------------------------------------------------------- approve / execute

    function test_approveProposal_createsFundAndMints() public {
        vm.prank(preparer[province]);
        (uint256 fund, uint256 proposalId) = ledger.proposeFund(_terms(AMOUNT, "GZ-2026-001"));
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IERC1155.TransferSingle(approverA[province], address(0), province, fund, AMOUNT);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.FundsMoved(
            fund,
            address(0),
            province,
            MovementKind.Creation,
            AMOUNT,
            proposalId,
            approverA[province]
        );
        vm.prank(approverA[province]);
        ledger.approveProposal(proposalId);
        assertEq(uint8(ledger.fundOf(fund).status), uint8(FundStatus.Active), "active");
        assertEq(ledger.fundOf(fund).createdAt, block.timestamp, "created at");
        assertEq(ledger.balanceOf(province, fund), AMOUNT, "province holds it");
        assertEq(ledger.totalSupply(fund), AMOUNT, "supply");
        assertEq(ledger.accountOf(fund, province).received, AMOUNT, "received");
        Proposal memory proposal = ledger.proposalOf(proposalId);
        assertEq(uint8(proposal.status), uint8(ProposalStatus.Executed), "executed");
        assertEq(proposal.approvals.length, 1, "one approval");
        assertEq(proposal.approvals[0], approverA[province], "approver recorded");
        assertEq(proposal.closedAt, block.timestamp, "closed at");
        _assertConserved(fund, province);
    }

    function test_approveProposal_largeAmountNeedsTwo() public {
        vm.prank(preparer[province]);
        (uint256 fund, uint256 proposalId) = ledger.proposeFund(_terms(LARGE, "GZ-2026-001"));
        assertEq(ledger.proposalOf(proposalId).requiredApprovals, 2, "tier applies");
        vm.prank(approverA[province]);
        ledger.approveProposal(proposalId);
        assertEq(uint8(ledger.proposalOf(proposalId).status), uint8(ProposalStatus.Pending), "still pending");
        assertEq(ledger.balanceOf(province, fund), 0, "nothing yet");
        vm.prank(approverB[province]);
        ledger.approveProposal(proposalId);
        assertEq(ledger.balanceOf(province, fund), LARGE, "executed on the second approval");
    }

    function test_approveProposal_proposerNeverApproves() public {
        // The province preparer proposes, then becomes an approver instead: still cannot approve its own proposal.
        vm.prank(preparer[province]);
        (, uint256 proposalId) = ledger.proposeFund(_terms(AMOUNT, "GZ-2026-001"));
        _expectGovernedRevert(
            address(registry),
            abi.encodeCall(IUnitRegistry.addApprover, (province, preparer[province])),
            abi.encodeWithSelector(IUnitRegistry.RegistryMakerIsChecker.selector, province, preparer[province])
        );
        _govern(address(registry), abi.encodeCall(IUnitRegistry.removePreparer, (province, preparer[province])));
        _govern(address(registry), abi.encodeCall(IUnitRegistry.addApprover, (province, preparer[province])));
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerProposerCannotApprove.selector, proposalId, preparer[province])
        );
        vm.prank(preparer[province]);
        ledger.approveProposal(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerProposerCannotApprove.selector, proposalId, preparer[province])
        );
        vm.prank(preparer[province]);
        ledger.rejectProposal(proposalId, DOC);
    }

    /// @dev Review finding: an approver removed for misconduct still counted when the threshold was reached.
    function test_approveProposal_countsOnlyCurrentApprovers() public {
        vm.prank(preparer[province]);
        (uint256 fund, uint256 proposalId) = ledger.proposeFund(_terms(LARGE, "GZ-2026-009"));
        vm.prank(approverA[province]);
        ledger.approveProposal(proposalId);
        _govern(address(registry), abi.encodeCall(IUnitRegistry.addApprover, (province, address(0xC3))));
        _govern(address(registry), abi.encodeCall(IUnitRegistry.removeApprover, (province, approverA[province])));
        vm.expectEmit(true, true, false, true, address(ledger));
        emit IFundLedger.ProposalApproved(proposalId, approverB[province], 1, 2);
        vm.prank(approverB[province]);
        ledger.approveProposal(proposalId);
        assertEq(uint8(ledger.fundOf(fund).status), uint8(FundStatus.Proposed), "one current approval is not two");
        vm.prank(address(0xC3));
        ledger.approveProposal(proposalId);
        assertEq(uint8(ledger.fundOf(fund).status), uint8(FundStatus.Active), "two current approvals");
    }

    /// @dev Review finding: pending proposals never expired.
    function test_proposal_expiresAndFreesItsDocument() public {
        vm.prank(preparer[province]);
        (uint256 fund, uint256 proposalId) = ledger.proposeFund(_terms(AMOUNT, "GZ-2026-010"));
        uint256 expiresAt = block.timestamp + ledger.PROPOSAL_LIFETIME();
        vm.warp(expiresAt - 1);
        vm.prank(preparer[province]);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerDuplicateFund.selector, fund));
        ledger.proposeFund(_terms(AMOUNT, "GZ-2026-010"));
        vm.warp(expiresAt);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerProposalExpired.selector, proposalId, expiresAt));
        vm.prank(approverA[province]);
        ledger.approveProposal(proposalId);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerProposalExpired.selector, proposalId, expiresAt));
        vm.prank(approverA[province]);
        ledger.rejectProposal(proposalId, DOC);
        vm.expectEmit(true, true, false, true, address(ledger));
        emit IFundLedger.FundCancelled(fund, proposalId);
        vm.prank(preparer[province]);
        (uint256 again, ) = ledger.proposeFund(_terms(AMOUNT, "GZ-2026-010"));
        assertEq(uint8(ledger.fundOf(fund).status), uint8(FundStatus.Cancelled), "expired fund cancelled");
        uint256[] memory byDocument = ledger.fundsWithDocument("GZ-2026-010");
        assertEq(byDocument[byDocument.length - 1], again, "the document now names the new fund too");
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerDuplicateFund.selector, again));
        vm.prank(preparer[province]);
        ledger.proposeFund(_terms(AMOUNT, "GZ-2026-010"));
    }

    function test_approveProposal_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownProposal.selector, 7));
        vm.prank(approverA[province]);
        ledger.approveProposal(7);

        vm.prank(preparer[province]);
        (, uint256 proposalId) = ledger.proposeFund(_terms(LARGE, "GZ-2026-001"));
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotApprover.selector, province, approverA[city]));
        vm.prank(approverA[city]);
        ledger.approveProposal(proposalId);

        vm.prank(approverA[province]);
        ledger.approveProposal(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerAlreadyApproved.selector, proposalId, approverA[province])
        );
        vm.prank(approverA[province]);
        ledger.approveProposal(proposalId);

        vm.prank(approverB[province]);
        ledger.approveProposal(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerProposalNotPending.selector, proposalId, ProposalStatus.Executed)
        );
        vm.prank(approverB[province]);
        ledger.approveProposal(proposalId);
    }

    function test_approveProposal_revertsWhenPaused() public {
        vm.prank(preparer[province]);
        (, uint256 proposalId) = ledger.proposeFund(_terms(AMOUNT, "GZ-2026-001"));
        vm.prank(guardian);
        registry.pause();
        vm.expectRevert(IFundLedger.LedgerPaused.selector);
        vm.prank(approverA[province]);
        ledger.approveProposal(proposalId);
    }

    // ------------------------------------------------------ reject / cancel

    function test_rejectProposal_cancelsProposedFund() public {
        vm.prank(preparer[province]);
        (uint256 fund, uint256 proposalId) = ledger.proposeFund(_terms(AMOUNT, "GZ-2026-001"));
        vm.expectEmit(true, true, false, true, address(ledger));
        emit IFundLedger.FundCancelled(fund, proposalId);
        vm.expectEmit(true, true, false, true, address(ledger));
        emit IFundLedger.ProposalRejected(proposalId, approverA[province], DOC);
        vm.prank(approverA[province]);
        ledger.rejectProposal(proposalId, DOC);
        assertEq(uint8(ledger.proposalOf(proposalId).status), uint8(ProposalStatus.Rejected), "rejected");
        assertEq(uint8(ledger.fundOf(fund).status), uint8(FundStatus.Cancelled), "fund cancelled");
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerProposalNotPending.selector, proposalId, ProposalStatus.Rejected)
        );
        vm.prank(approverB[province]);
        ledger.approveProposal(proposalId);
    }

    function test_rejectProposal_onlyApprovers() public {
        vm.prank(preparer[province]);
        (, uint256 proposalId) = ledger.proposeFund(_terms(AMOUNT, "GZ-2026-001"));
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotApprover.selector, province, outsider));
        vm.prank(outsider);
        ledger.rejectProposal(proposalId, DOC);
    }

    function test_cancelProposal_onlyProposer() public {
        uint256 fund = _createFund(AMOUNT);
        vm.prank(preparer[province]);
        uint256 proposalId = ledger.proposeAllocation(fund, province, city, AMOUNT, DOC);
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerNotProposer.selector, proposalId, approverA[province])
        );
        vm.prank(approverA[province]);
        ledger.cancelProposal(proposalId);
        vm.expectEmit(true, true, false, true, address(ledger));
        emit IFundLedger.ProposalCancelled(proposalId, preparer[province]);
        vm.prank(preparer[province]);
        ledger.cancelProposal(proposalId);
        assertEq(uint8(ledger.proposalOf(proposalId).status), uint8(ProposalStatus.Cancelled), "cancelled");
        assertEq(uint8(ledger.fundOf(fund).status), uint8(FundStatus.Active), "the fund stays active");
    }

    // ----------------------------------------------------------- allocation

    function test_allocation_movesMoneyToChild() public {
        uint256 fund = _createFund(AMOUNT);
        vm.prank(preparer[province]);
        uint256 proposalId = ledger.proposeAllocation(fund, province, city, 30_000_000, DOC);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IERC1155.TransferSingle(approverA[province], province, city, fund, 30_000_000);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.FundsMoved(
            fund,
            province,
            city,
            MovementKind.Allocation,
            30_000_000,
            proposalId,
            approverA[province]
        );
        vm.prank(approverA[province]);
        ledger.approveProposal(proposalId);
        assertEq(ledger.balanceOf(province, fund), 20_000_000, "province keeps the rest");
        assertEq(ledger.balanceOf(city, fund), 30_000_000, "city received");
        Account memory p = ledger.accountOf(fund, province);
        assertEq(p.allocated, 30_000_000, "allocated");
        assertEq(p.lastMovementAt, block.timestamp, "last movement");
        _assertConserved(fund, province);
        _assertConserved(fund, city);
    }

    function test_proposeAllocation_onlyToDirectChild() public {
        uint256 fund = _createFund(AMOUNT);
        vm.startPrank(preparer[province]);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotChild.selector, province, county));
        ledger.proposeAllocation(fund, province, county, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotChild.selector, province, outsider));
        ledger.proposeAllocation(fund, province, outsider, 1, DOC);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotChild.selector, village, village2));
        vm.prank(preparer[village]);
        ledger.proposeAllocation(fund, village, village2, 1, DOC);
    }

    function test_proposeAllocation_reverts() public {
        uint256 fund = _createFund(AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, province, outsider));
        vm.prank(outsider);
        ledger.proposeAllocation(fund, province, city, 1, DOC);

        vm.startPrank(preparer[province]);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownFund.selector, 9));
        ledger.proposeAllocation(9, province, city, 1, DOC);
        vm.expectRevert(IFundLedger.LedgerZeroAmount.selector);
        ledger.proposeAllocation(fund, province, city, 0, DOC);
        vm.expectRevert(IFundLedger.LedgerEmptyHash.selector);
        ledger.proposeAllocation(fund, province, city, 1, 0);
        (uint256 proposed, ) = ledger.proposeFund(_terms(AMOUNT, "GZ-2026-009"));
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerFundNotActive.selector, proposed, FundStatus.Proposed)
        );
        ledger.proposeAllocation(proposed, province, city, 1, DOC);
        vm.stopPrank();
    }

    function test_allocation_revertsOnInsufficientBalance_andStaysPending() public {
        uint256 fund = _createFund(AMOUNT);
        vm.prank(preparer[province]);
        uint256 proposalId = ledger.proposeAllocation(fund, province, city, AMOUNT + 1, DOC);
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerInsufficientBalance.selector, fund, province, AMOUNT, AMOUNT + 1)
        );
        vm.prank(approverA[province]);
        ledger.approveProposal(proposalId);
        assertEq(uint8(ledger.proposalOf(proposalId).status), uint8(ProposalStatus.Pending), "pending");
        assertEq(ledger.proposalOf(proposalId).approvals.length, 0, "the failed approval is not kept");
    }

    // --------------------------------------------------- return and reclaim

    function test_return_goesToParent() public {
        uint256 fund = _createFund(AMOUNT);
        _allocate(fund, province, city, AMOUNT);
        vm.prank(preparer[city]);
        uint256 proposalId = ledger.proposeReturn(fund, city, 1_000_000, DOC);
        Proposal memory proposal = ledger.proposalOf(proposalId);
        assertEq(proposal.to, province, "to the parent");
        assertEq(uint8(proposal.kind), uint8(ProposalKind.Return), "kind");
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.FundsMoved(fund, city, province, MovementKind.Return, 1_000_000, proposalId, approverA[city]);
        vm.prank(approverA[city]);
        ledger.approveProposal(proposalId);
        assertEq(ledger.accountOf(fund, city).returned, 1_000_000, "returned");
        assertEq(ledger.accountOf(fund, province).received, AMOUNT + 1_000_000, "received back");
        assertEq(ledger.balanceOf(province, fund), 1_000_000, "province balance");
        _assertConserved(fund, city);
        _assertConserved(fund, province);
    }

    function test_proposeReturn_provinceHasNoParent() public {
        uint256 fund = _createFund(AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNoParent.selector, province));
        vm.prank(preparer[province]);
        ledger.proposeReturn(fund, province, 1, DOC);
    }

    function test_reclaim_parentTakesBack() public {
        uint256 fund = _createFund(AMOUNT);
        _allocate(fund, province, city, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, province, preparer[city]));
        vm.prank(preparer[city]);
        ledger.proposeReclaim(fund, city, 1, DOC);

        vm.prank(preparer[province]);
        uint256 proposalId = ledger.proposeReclaim(fund, city, 2_000_000, DOC);
        assertEq(ledger.proposalOf(proposalId).unit, province, "the parent acts");
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotApprover.selector, province, approverA[city]));
        vm.prank(approverA[city]);
        ledger.approveProposal(proposalId);
        vm.prank(approverA[province]);
        ledger.approveProposal(proposalId);
        assertEq(ledger.accountOf(fund, city).reclaimed, 2_000_000, "reclaimed");
        assertEq(ledger.balanceOf(city, fund), AMOUNT - 2_000_000, "city keeps the rest");
        _assertConserved(fund, city);
        _assertConserved(fund, province);
    }

    function test_proposeReclaim_reverts() public {
        uint256 fund = _createFund(AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerWrongUnit.selector, province));
        vm.prank(preparer[province]);
        ledger.proposeReclaim(fund, province, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerWrongUnit.selector, outsider));
        vm.prank(preparer[province]);
        ledger.proposeReclaim(fund, outsider, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownFund.selector, fund + 1));
        vm.prank(preparer[province]);
        ledger.proposeReclaim(fund + 1, city, 1, DOC);
    }

    // ----------------------------------------------------------- supervision

    bytes32 internal constant LIFT = keccak256("lift decision");

    function test_freezeUnit_blocksOutflowsNotInflows() public {
        uint256 fund = _createFund(AMOUNT);
        _allocate(fund, province, city, 10_000_000);
        vm.prank(preparer[city]);
        uint256 pending = ledger.proposeAllocation(fund, city, county, 1_000_000, DOC);

        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.UnitFrozen(1, city, inspector, DOC);
        vm.prank(inspector);
        uint256 freezeId = ledger.freezeUnit(city, DOC);
        assertEq(freezeId, 1, "first freeze");
        assertTrue(ledger.isUnitFrozen(city), "frozen");

        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnitFrozen.selector, city));
        vm.prank(approverA[city]);
        ledger.approveProposal(pending);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnitFrozen.selector, city));
        vm.prank(preparer[city]);
        ledger.proposeReturn(fund, city, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnitFrozen.selector, city));
        vm.prank(preparer[province]);
        ledger.proposeReclaim(fund, city, 1, DOC);

        // money may still arrive
        _allocate(fund, province, city, 1_000_000);
        assertEq(ledger.balanceOf(city, fund), 11_000_000, "inflow allowed");

        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.UnitUnfrozen(freezeId, city, inspector, LIFT);
        vm.prank(inspector);
        ledger.liftFreeze(freezeId, LIFT);
        assertFalse(ledger.isUnitFrozen(city), "lifted");
        vm.prank(approverA[city]);
        ledger.approveProposal(pending);
        assertEq(ledger.balanceOf(county, fund), 1_000_000, "moves after the lift");
    }

    function test_freezeFund_blocksEveryUnit() public {
        uint256 fund = _createFund(AMOUNT);
        vm.prank(preparer[province]);
        uint256 pending = ledger.proposeAllocation(fund, province, city, 1_000_000, DOC);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.FundFrozen(1, fund, inspector, DOC);
        vm.prank(inspector);
        uint256 freezeId = ledger.freezeFund(fund, DOC);
        assertTrue(ledger.isFundFrozen(fund), "frozen");
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerFundFrozen.selector, fund));
        vm.prank(approverA[province]);
        ledger.approveProposal(pending);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.FundUnfrozen(freezeId, fund, inspector, LIFT);
        vm.prank(inspector);
        ledger.liftFreeze(freezeId, LIFT);
        assertFalse(ledger.isFundFrozen(fund), "lifted");
        vm.prank(approverA[province]);
        ledger.approveProposal(pending);
    }

    function test_freeze_reverts() public {
        uint256 fund = _createFund(AMOUNT);
        bytes32 role = registry.INSPECTOR_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerMissingRole.selector, approverA[city], role));
        vm.prank(approverA[city]);
        ledger.freezeUnit(city, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerMissingRole.selector, governor, role));
        vm.prank(governor);
        ledger.freezeFund(fund, DOC);

        vm.startPrank(inspector);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerWrongUnit.selector, outsider));
        ledger.freezeUnit(outsider, DOC);
        vm.expectRevert(IFundLedger.LedgerEmptyHash.selector);
        ledger.freezeUnit(city, 0);
        vm.expectRevert(IFundLedger.LedgerEmptyHash.selector);
        ledger.freezeFund(fund, 0);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownFund.selector, 5));
        ledger.freezeFund(5, DOC);
        // The same office, target and decision twice is one case: refused while it is in force.
        uint256 unitCase = ledger.freezeUnit(city, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerFreezeExists.selector, unitCase));
        ledger.freezeUnit(city, DOC);
        uint256 fundCase = ledger.freezeFund(fund, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerFreezeExists.selector, fundCase));
        ledger.freezeFund(fund, DOC);
        // A second decision is a second case; lifting one leaves the other in force.
        uint256 second = ledger.freezeUnit(city, LIFT);
        ledger.liftFreeze(unitCase, LIFT);
        assertTrue(ledger.isUnitFrozen(city), "the second case holds");
        ledger.liftFreeze(second, DOC);
        assertFalse(ledger.isUnitFrozen(city), "both lifted");
        // Once lifted, the same decision may freeze again (a case reopened).
        assertEq(ledger.freezeUnit(city, DOC), ledger.freezeCount(), "reopened");
        vm.stopPrank();
    }

    /// @dev Review finding: any inspector could lift another office's freeze (one boolean per unit).
    function test_freeze_perCaseAndOffice() public {
        uint256 fund = _createFund(AMOUNT);
        address audit = address(0x1A6);
        _govern(address(registry), abi.encodeCall(registry.grantRole, (registry.INSPECTOR_ROLE(), audit)));
        vm.prank(inspector);
        uint256 mine = ledger.freezeUnit(city, DOC);
        vm.prank(audit);
        uint256 theirs = ledger.freezeUnit(city, DOC);
        vm.prank(audit);
        uint256 theirFund = ledger.freezeFund(fund, DOC);

        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotFreezingOffice.selector, mine, audit));
        vm.prank(audit);
        ledger.liftFreeze(mine, LIFT);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotFreezingOffice.selector, theirFund, inspector));
        vm.prank(inspector);
        ledger.liftFreeze(theirFund, LIFT);

        vm.prank(inspector);
        ledger.liftFreeze(mine, LIFT);
        assertTrue(ledger.isUnitFrozen(city), "the other office's freeze holds");
        Freeze memory lifted = ledger.freezeOf(mine);
        assertEq(uint8(lifted.kind), uint8(RecordKind.Unit), "kind");
        assertEq(lifted.target, uint160(city), "target");
        assertEq(lifted.office, inspector, "office");
        assertEq(lifted.documentHash, DOC, "decision");
        assertEq(lifted.frozenAt, block.timestamp, "frozen at");
        assertEq(lifted.liftedAt, block.timestamp, "lifted at");
        assertEq(lifted.liftedBy, inspector, "lifted by");
        assertEq(lifted.liftDocumentHash, LIFT, "lift decision");
        Freeze memory held = ledger.freezeOf(theirs);
        assertEq(held.office, audit, "office");
        assertEq(held.liftedAt, 0, "in force");
        assertEq(held.liftedBy, address(0), "nobody lifted it");

        vm.prank(audit);
        ledger.liftFreeze(theirs, LIFT);
        assertFalse(ledger.isUnitFrozen(city), "every freeze lifted");
        assertTrue(ledger.isFundFrozen(fund), "the fund's freeze is its own case");
    }

    /// @dev Only the freezing office (while an inspector) or governance lifts; nobody lifts twice.
    function test_liftFreeze_onlyOfficeOrGovernance() public {
        uint256 fund = _createFund(AMOUNT);
        vm.startPrank(inspector);
        uint256 unitCase = ledger.freezeUnit(city, DOC);
        uint256 fundCase = ledger.freezeFund(fund, DOC);
        vm.stopPrank();
        address[5] memory others = [preparer[city], approverA[city], governor, council[0], guardian];
        for (uint256 i = 0; i < others.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotFreezingOffice.selector, unitCase, others[i]));
            vm.prank(others[i]);
            ledger.liftFreeze(unitCase, LIFT);
        }
        vm.startPrank(inspector);
        vm.expectRevert(IFundLedger.LedgerEmptyHash.selector);
        ledger.liftFreeze(unitCase, 0);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownFreeze.selector, 0));
        ledger.liftFreeze(0, LIFT);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownFreeze.selector, 3));
        ledger.liftFreeze(3, LIFT);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownFreeze.selector, 3));
        ledger.freezeOf(3);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownFreeze.selector, 0));
        ledger.freezeOf(0);

        // An office whose inspector role was revoked no longer lifts its freezes; governance does.
        _govern(address(registry), abi.encodeCall(registry.revokeRole, (registry.INSPECTOR_ROLE(), inspector)));
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotFreezingOffice.selector, unitCase, inspector));
        vm.prank(inspector);
        ledger.liftFreeze(unitCase, LIFT);
        _govern(address(ledger), abi.encodeCall(ledger.liftFreeze, (unitCase, LIFT)));
        _govern(address(ledger), abi.encodeCall(ledger.liftFreeze, (fundCase, LIFT)));
        assertFalse(ledger.isUnitFrozen(city), "governance lifted the unit");
        assertFalse(ledger.isFundFrozen(fund), "governance lifted the fund");
        assertEq(ledger.freezeOf(unitCase).liftedBy, address(governance), "lifted by governance");
        _expectGovernedRevert(
            address(ledger),
            abi.encodeCall(ledger.liftFreeze, (unitCase, LIFT)),
            abi.encodeWithSelector(IFundLedger.LedgerFreezeLifted.selector, unitCase)
        );
    }

    function test_supervision_worksWhilePaused() public {
        uint256 fund = _createFund(AMOUNT);
        vm.prank(guardian);
        registry.pause();
        vm.startPrank(inspector);
        ledger.freezeUnit(city, DOC);
        uint256 freezeId = ledger.freezeFund(fund, DOC);
        ledger.recordFinding(RecordKind.Fund, fund, 3, DOC);
        ledger.liftFreeze(freezeId, LIFT);
        vm.stopPrank();
    }

    function test_recordFinding_onAnyRecord() public {
        uint256 fund = _createFund(AMOUNT);
        vm.startPrank(inspector);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.FindingRecorded(1, RecordKind.Unit, uint256(uint160(village)), 2, DOC, inspector);
        uint256 id = ledger.recordFinding(RecordKind.Unit, uint256(uint160(village)), 2, DOC);
        ledger.recordFinding(RecordKind.Fund, fund, 1, DOC);
        ledger.recordFinding(RecordKind.Proposal, 1, 1, DOC);
        ledger.recordFinding(RecordKind.Roster, 1, 4, DOC);
        ledger.recordFinding(RecordKind.RosterEntry, (uint256(1) << 32) | 17, 4, DOC);
        ledger.recordFinding(RecordKind.Transaction, uint256(keccak256("tx")), 5, DOC);
        vm.stopPrank();
        assertEq(id, 1, "first finding");
        assertEq(ledger.findingCount(), 6, "six findings");
        Finding memory finding = ledger.findingOf(5);
        assertEq(uint8(finding.kind), uint8(RecordKind.RosterEntry), "kind");
        assertEq(finding.recordId, (uint256(1) << 32) | 17, "record");
        assertEq(finding.inspector, inspector, "inspector");
    }

    function test_recordFinding_reverts() public {
        bytes32 role = registry.INSPECTOR_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerMissingRole.selector, outsider, role));
        vm.prank(outsider);
        ledger.recordFinding(RecordKind.Fund, 1, 1, DOC);
        vm.startPrank(inspector);
        vm.expectRevert(IFundLedger.LedgerEmptyHash.selector);
        ledger.recordFinding(RecordKind.Fund, 1, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerWrongUnit.selector, outsider));
        ledger.recordFinding(RecordKind.Unit, uint256(uint160(outsider)), 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownFund.selector, 3));
        ledger.recordFinding(RecordKind.Fund, 3, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownProposal.selector, 3));
        ledger.recordFinding(RecordKind.Proposal, 3, 1, DOC);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownFinding.selector, 1));
        ledger.findingOf(1);
    }

    function test_inspectorCannotMoveMoney() public {
        uint256 fund = _createFund(AMOUNT);
        vm.startPrank(inspector);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotRosterBook.selector, inspector));
        ledger.payOut(fund, province, DivisionCode.householdsAddress(province), 1, 1, inspector);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotRosterBook.selector, inspector));
        ledger.creditFailedPayment(fund, province, DivisionCode.householdsAddress(province), 1, 1, inspector);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, province, inspector));
        ledger.proposeAllocation(fund, province, city, 1, DOC);
        vm.expectRevert(IFundLedger.LedgerTransfersDisabled.selector);
        ledger.safeTransferFrom(province, inspector, fund, 1, "");
        vm.stopPrank();
    }

    /// @dev Review finding: the administrator granted itself the payout role and paid a village out with no roster.
    function test_governanceCannotMoveMoney() public {
        uint256 fund = _createFund(AMOUNT);
        _fundVillage(fund, village, 1_000_000);
        address admin = address(governance);
        _govern(address(registry), abi.encodeCall(IAccessControl.grantRole, (registry.REGISTRAR_ROLE(), admin)));
        _govern(address(registry), abi.encodeCall(IAccessControl.grantRole, (registry.PAUSER_ROLE(), admin)));
        _govern(
            address(registry),
            abi.encodeCall(IAccessControl.grantRole, (keccak256("fundtrace.role.payout"), admin))
        );
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotRosterBook.selector, admin));
        ledger.payOut(fund, village, DivisionCode.householdsAddress(village), 1, 1, admin);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotRosterBook.selector, admin));
        ledger.creditFailedPayment(fund, village, DivisionCode.householdsAddress(village), 1, 1, admin);
        vm.stopPrank();
        // A second roster book, even one with a lawful window, cannot pay through this ledger.
        RosterBook other = new RosterBook(ledger, 10 days);
        vm.prank(address(other));
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotRosterBook.selector, address(other)));
        ledger.payOut(fund, village, DivisionCode.householdsAddress(village), 1, 1, governor);
        assertEq(ledger.balanceOf(village, fund), 1_000_000, "village balance untouched");
        assertEq(ledger.rosterBook(), address(book), "the book bound at deployment");
        // Nor can anyone bind it: the binding happened once, from the deploying account.
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotDeployer.selector, admin));
        ledger.bindRosterBook(address(other));
    }

    // ------------------------------------------------------------ ERC-1155

    function test_erc1155_readSide() public {
        uint256 fund = _createFund(AMOUNT);
        _allocate(fund, province, city, 1_000);
        address[] memory holders = new address[](2);
        uint256[] memory ids = new uint256[](2);
        holders[0] = province;
        holders[1] = city;
        ids[0] = fund;
        ids[1] = fund;
        uint256[] memory balances = ledger.balanceOfBatch(holders, ids);
        assertEq(balances[0], AMOUNT - 1_000, "province");
        assertEq(balances[1], 1_000, "city");
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerArrayLengthMismatch.selector, 2, 1));
        ledger.balanceOfBatch(holders, new uint256[](1));
        assertTrue(ledger.supportsInterface(type(IERC1155).interfaceId), "ERC-1155");
        assertTrue(ledger.supportsInterface(type(IERC1155MetadataURI).interfaceId), "metadata");
        assertTrue(ledger.supportsInterface(type(IERC165).interfaceId), "ERC-165");
        assertFalse(ledger.supportsInterface(0xdeadbeef), "other");
        assertFalse(ledger.isApprovedForAll(province, outsider), "no operator");
        assertEq(bytes(ledger.uri(fund)).length, 0, "no uri");
        assertEq(keccak256(bytes(ledger.name())), keccak256("FundTrace fund ledger"), "name");
        assertEq(keccak256(bytes(ledger.symbol())), keccak256("FUND"), "symbol");
        assertEq(ledger.registry(), address(registry), "registry");
    }

    function test_erc1155_transfersDisabled() public {
        vm.startPrank(province);
        vm.expectRevert(IFundLedger.LedgerTransfersDisabled.selector);
        ledger.setApprovalForAll(outsider, true);
        vm.expectRevert(IFundLedger.LedgerTransfersDisabled.selector);
        ledger.safeTransferFrom(province, outsider, 1, 1, "");
        vm.expectRevert(IFundLedger.LedgerTransfersDisabled.selector);
        ledger.safeBatchTransferFrom(province, outsider, new uint256[](1), new uint256[](1), "");
        vm.stopPrank();
    }

    /// @dev Any split of a fund down the hierarchy and back keeps every account balanced.
    function testFuzz_movements_conserveAtEveryUnit(uint64 down, uint64 back, uint64 taken) public {
        uint128 amount = LARGE;
        uint256 fund = _createFund(amount);
        uint128 d = uint128(bound(down, 1, amount));
        uint128 b = uint128(bound(back, 0, d));
        _allocate(fund, province, city, d);
        if (b > 0) {
            vm.prank(preparer[city]);
            uint256 id = ledger.proposeReturn(fund, city, b, DOC);
            _approveAll(city, id, b);
        }
        uint128 t = uint128(bound(taken, 0, d - b));
        if (t > 0) {
            vm.prank(preparer[province]);
            uint256 id = ledger.proposeReclaim(fund, city, t, DOC);
            _approveAll(province, id, t);
        }
        _assertConserved(fund, province);
        _assertConserved(fund, city);
        assertEq(ledger.balanceOf(province, fund) + ledger.balanceOf(city, fund), amount, "supply preserved");
        assertEq(ledger.balanceOf(city, fund), d - b - t, "city balance");
    }

    function bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return lo + (x % (hi - lo + 1));
    }
}

/// @notice Paths the roster book never takes, checked against the ledger directly.
contract FundLedgerGuardsTest is FundTraceFixture {
    bytes32 internal constant DOC = keccak256("document");
    address internal payer;

    function setUp() public override {
        super.setUp();
        payer = address(book);
    }

    function test_creditFailedPayment_neverExceedsNetPaid() public {
        uint256 fund = _createFund(1_000_000);
        _fundVillage(fund, village, 1_000_000);
        vm.startPrank(payer);
        ledger.payOut(fund, village, DivisionCode.householdsAddress(village), 600, 1, payer);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerFailedExceedsPaid.selector, fund, village, 600, 601));
        ledger.creditFailedPayment(fund, village, DivisionCode.householdsAddress(village), 601, 1, payer);
        ledger.creditFailedPayment(fund, village, DivisionCode.householdsAddress(village), 600, 1, payer);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerFailedExceedsPaid.selector, fund, village, 0, 1));
        ledger.creditFailedPayment(fund, village, DivisionCode.householdsAddress(village), 1, 1, payer);
        vm.expectRevert(IFundLedger.LedgerZeroAmount.selector);
        ledger.payOut(fund, village, DivisionCode.householdsAddress(village), 0, 1, payer);
        // A fund that does not exist has nothing to pay from, and nothing paid to fail.
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerInsufficientBalance.selector, 9, village, 0, 1));
        ledger.payOut(9, village, DivisionCode.householdsAddress(village), 1, 1, payer);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerFailedExceedsPaid.selector, 9, village, 0, 1));
        ledger.creditFailedPayment(9, village, DivisionCode.householdsAddress(village), 1, 1, payer);
        vm.stopPrank();
        _assertConserved(fund, village);
    }

    function test_proposalWrites_revertWhenPaused() public {
        uint256 fund = _createFund(1_000_000);
        vm.prank(preparer[province]);
        uint256 id = ledger.proposeAllocation(fund, province, city, 1, DOC);
        vm.prank(guardian);
        registry.pause();
        bytes[] memory calls = new bytes[](7);
        calls[6] = abi.encodeCall(
            ledger.creditFailedPayment,
            (fund, village, DivisionCode.householdsAddress(village), 1, 1, address(book))
        );
        calls[0] = abi.encodeCall(ledger.proposeAllocation, (fund, province, city, 1, DOC));
        calls[1] = abi.encodeCall(ledger.proposeReturn, (fund, city, 1, DOC));
        calls[2] = abi.encodeCall(ledger.proposeReclaim, (fund, city, 1, DOC));
        calls[3] = abi.encodeCall(ledger.rejectProposal, (id, DOC));
        calls[4] = abi.encodeCall(ledger.cancelProposal, (id));
        calls[5] = abi.encodeCall(
            ledger.payOut,
            (fund, village, DivisionCode.householdsAddress(village), 1, 1, address(book))
        );
        for (uint256 i = 0; i < calls.length; ++i) {
            vm.prank(i >= 5 ? address(book) : preparer[province]);
            (bool ok, bytes memory err) = address(ledger).call(calls[i]);
            assertFalse(ok, "refused while paused");
            assertEq(bytes4(err), IFundLedger.LedgerPaused.selector, "LedgerPaused");
        }
    }

    function test_proposeReturn_reverts() public {
        uint256 fund = _createFund(1_000_000);
        _allocate(fund, province, city, 1_000);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, city, preparer[province]));
        vm.prank(preparer[province]);
        ledger.proposeReturn(fund, city, 1, DOC);
        vm.prank(inspector);
        ledger.freezeFund(fund, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerFundFrozen.selector, fund));
        vm.prank(preparer[city]);
        ledger.proposeReturn(fund, city, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnknownFund.selector, 7));
        vm.prank(preparer[city]);
        ledger.proposeReturn(7, city, 1, DOC);
    }

    function test_cancelProposal_ofFundCancelsFund() public {
        vm.prank(preparer[province]);
        (uint256 fund, uint256 id) = ledger.proposeFund(_terms(1_000, "line"));
        vm.prank(preparer[province]);
        ledger.cancelProposal(id);
        assertEq(uint8(ledger.fundOf(fund).status), uint8(FundStatus.Cancelled), "cancelled");
        assertEq(ledger.totalSupply(fund), 0, "never minted");
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerFundNotActive.selector, fund, FundStatus.Cancelled));
        vm.prank(preparer[province]);
        ledger.proposeAllocation(fund, province, city, 1, DOC);
    }
}
