// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";

import {Account, IFundLedger} from "../../contracts/interfaces/IFundLedger.sol";
import {IRosterBook, PageFailedPayments, RosterState} from "../../contracts/interfaces/IRosterBook.sol";
import {IUnitRegistry, Level} from "../../contracts/interfaces/IUnitRegistry.sol";
import {DivisionCode} from "../../contracts/libraries/DivisionCode.sol";
import {FundTraceFixture} from "./utils/FundTraceFixture.sol";
import {vm} from "./utils/Vm.sol";

/// @dev Rosters announced in a village and paid from the balance of its township or county (乡财县管, 县级报账制).
contract RosterPayerTest is FundTraceFixture {
    bytes32 internal constant DOC = keccak256("document");
    bytes32 internal constant BANK = keccak256("bank batch");
    uint128 internal constant COUNTY_FUNDS = 5_000_000;

    uint256 internal fund;
    address internal otherCounty;
    address internal otherVillage;

    function setUp() public override {
        super.setUp();
        otherCounty = _register(520103000000, Level.County, city);
        address otherTownship = _register(520103001000, Level.Township, otherCounty);
        otherVillage = _register(520103001001, Level.Village, otherTownship);
        _handOver();
        fund = _createFund(COUNTY_FUNDS);
        _allocate(fund, province, city, COUNTY_FUNDS);
        _allocate(fund, city, county, COUNTY_FUNDS);
    }

    /// @dev The extra county is registered before the hand-over, like the fixture's own units.
    function _handsOver() internal pure override returns (bool) {
        return false;
    }

    function test_publishRoster_payerIsTheVillageItsTownshipOrItsCounty() public {
        (uint256 byVillage, ) = _announcePaidBy(fund, village, village, 1, 1);
        (uint256 byTownship, ) = _announcePaidBy(fund, village, township, 1, 2);
        (uint256 byCounty, ) = _announcePaidBy(fund, village, county, 1, 3);
        assertEq(book.rosterOf(byVillage).payer, village, "village pays");
        assertEq(book.rosterOf(byTownship).payer, township, "township pays");
        assertEq(book.rosterOf(byCounty).payer, county, "county pays");
        address[5] memory refused = [city, province, otherCounty, otherVillage, village2];
        for (uint256 i = 0; i < refused.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterInvalidPayer.selector, village, refused[i]));
            vm.prank(preparer[village]);
            book.publishRoster(fund, village, refused[i], DOC, 1, 1, NOTICE);
        }
    }

    function test_countyPays_onlyWithTheCountysApproval() public {
        (uint256 rosterId, bytes[] memory pages) = _announcePaidBy(fund, village, county, 4, 1);
        vm.prank(preparer[village]);
        book.enrolPages(rosterId, _enrolments(pages));
        vm.warp(block.timestamp + WINDOW);
        // A county approver cannot stand in for the village's review.
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotApprover.selector, village, approverA[county]));
        vm.prank(approverA[county]);
        book.approveRoster(rosterId);
        vm.expectEmit(true, true, true, true, address(book));
        emit IRosterBook.RosterVillageApproved(rosterId, village, county);
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        assertEq(book.rosterOf(rosterId).villageApprovedAt, block.timestamp, "the village approved");
        // Not payable on the village's word: the county's money waits for the county's approvers.
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterUnexpectedState.selector,
                rosterId,
                RosterState.AwaitingApproval,
                bytes32(uint256(1) << uint8(RosterState.Approved))
            )
        );
        vm.prank(preparer[county]);
        book.disburse(rosterId, _allPages(pages), BANK);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotApprover.selector, county, approverB[village]));
        vm.prank(approverB[village]);
        book.approveRoster(rosterId);
        vm.expectEmit(true, true, false, true, address(book));
        emit IRosterBook.RosterApprovalRecorded(rosterId, approverA[county], 1, 1, county);
        vm.prank(approverA[county]);
        book.approveRoster(rosterId);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Approved), "approved by both");
        vm.prank(preparer[county]);
        book.disburse(rosterId, _allPages(pages), BANK);
    }

    function test_countyPays_byTheCountysOwnPolicy() public {
        // Above the tier the county's policy asks two of its approvers, whatever the village's asks.
        (bytes32[] memory households, uint64[] memory amounts) = _entries(1, 7);
        amounts[0] = uint64(TIER) + 1;
        bytes[] memory pages = _pages(households, amounts);
        vm.prank(preparer[village]);
        uint256 rosterId = book.publishRoster(fund, village, county, _root(pages), 1, TIER + 1, NOTICE);
        assertEq(book.rosterOf(rosterId).payerRequiredApprovals, 2, "the county's tier");
        (uint256 byVillage, ) = _announcePaidBy(fund, village, village, 1, 8);
        assertEq(book.rosterOf(byVillage).payerRequiredApprovals, 0, "no second stage when the village pays");
        vm.prank(preparer[village]);
        book.enrolPages(rosterId, _enrolments(pages));
        vm.warp(block.timestamp + WINDOW);
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        vm.prank(approverB[village]);
        book.approveRoster(rosterId);
        vm.prank(approverA[county]);
        book.approveRoster(rosterId);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.AwaitingApproval), "one of two");
        vm.prank(approverB[county]);
        book.approveRoster(rosterId);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Approved), "two of two");
        assertEq(book.rosterOf(rosterId).payerApprovals.length, 2, "the county's approvals, kept apart");
    }

    function test_countyPays_villageAndTownshipHoldNothing() public {
        (uint256 rosterId, bytes[] memory pages) = _countyRoster(20, 1);
        uint256 total = book.rosterOf(rosterId).total;
        // The village publishes and approves; only the payer's preparers pay.
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, county, preparer[village]));
        vm.prank(preparer[village]);
        book.disburse(rosterId, _allPages(pages), BANK);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IERC1155.TransferSingle(preparer[county], county, DivisionCode.householdsAddress(village), fund, total);
        vm.prank(preparer[county]);
        (uint256 households, uint256 amount) = book.disburse(rosterId, _allPages(pages), BANK);
        assertEq(households, 20, "every household");
        assertEq(amount, total, "the roster's total");
        assertEq(ledger.balanceOf(county, fund), COUNTY_FUNDS - total, "county paid");
        assertEq(ledger.accountOf(fund, county).paid, total, "county's paid");
        assertEq(ledger.balanceOf(DivisionCode.householdsAddress(village), fund), total, "village households");
        Account memory villageAccount = ledger.accountOf(fund, village);
        assertEq(villageAccount.received + villageAccount.paid + villageAccount.balance, 0, "village untouched");
        assertEq(ledger.accountOf(fund, township).received, 0, "township untouched");
        _assertConserved(fund, county);
        // Paid once: a second batch pays nobody.
        vm.prank(preparer[county]);
        (households, ) = book.disburse(rosterId, _allPages(pages), BANK);
        assertEq(households, 0, "nobody twice");
    }

    function test_countyPays_failuresGoBackToTheCounty() public {
        (uint256 rosterId, bytes[] memory pages) = _countyRoster(4, 1);
        vm.prank(preparer[county]);
        (, uint256 paid) = book.disburse(rosterId, _allPages(pages), BANK);
        PageFailedPayments[] memory failures = new PageFailedPayments[](1);
        failures[0].page = 0;
        failures[0].entries = pages[0];
        failures[0].slots = new uint256[](1);
        failures[0].slots[0] = 2;
        failures[0].reasons = new bytes32[](1);
        failures[0].reasons[0] = "CARD_CLOSED";
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, county, preparer[village]));
        vm.prank(preparer[village]);
        book.recordFailedPayments(rosterId, failures);
        vm.prank(preparer[county]);
        (, uint256 failed) = book.recordFailedPayments(rosterId, failures);
        assertEq(ledger.balanceOf(county, fund), COUNTY_FUNDS - paid + failed, "back at the county");
        assertEq(ledger.accountOf(fund, county).failed, failed, "county's failed");
        assertEq(ledger.balanceOf(DivisionCode.householdsAddress(village), fund), paid - failed, "households net");
        _assertConserved(fund, county);
        vm.prank(preparer[county]);
        (uint256 again, ) = book.reissue(rosterId, _allPages(pages), BANK);
        assertEq(again, 1, "the failed household paid again, from the county");
        assertEq(ledger.balanceOf(county, fund), COUNTY_FUNDS - paid, "county paid it again");
    }

    function test_countyPays_stoppedByAFrozenVillageOrCounty() public {
        (uint256 rosterId, bytes[] memory pages) = _countyRoster(4, 1);
        vm.prank(inspector);
        uint256 freezeId = ledger.freezeUnit(village, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnitFrozen.selector, village));
        vm.prank(preparer[county]);
        book.disburse(rosterId, _allPages(pages), BANK);
        vm.startPrank(inspector);
        ledger.liftFreeze(freezeId, DOC);
        ledger.freezeUnit(county, DOC);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnitFrozen.selector, county));
        vm.prank(preparer[county]);
        book.disburse(rosterId, _allPages(pages), BANK);
        (uint256 bits, , , ) = book.pageBits(rosterId, 0);
        assertEq(bits, 0, "nobody marked paid");
    }

    function test_countyPays_onlyFromWhatTheCountyHolds() public {
        (uint256 rosterId, bytes[] memory pages) = _townshipRoster(4, 1);
        uint256 total = book.rosterOf(rosterId).total;
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerInsufficientBalance.selector, fund, township, 0, total)
        );
        vm.prank(preparer[township]);
        book.disburse(rosterId, _allPages(pages), BANK);
        _allocate(fund, county, township, uint128(total));
        vm.prank(preparer[township]);
        book.disburse(rosterId, _allPages(pages), BANK);
        assertEq(ledger.balanceOf(township, fund), 0, "township paid all it held");
    }

    function _countyRoster(uint256 count, uint256 salt) internal returns (uint256 rosterId, bytes[] memory pages) {
        return _approvedPaidBy(county, count, salt);
    }

    function _townshipRoster(uint256 count, uint256 salt) internal returns (uint256 rosterId, bytes[] memory pages) {
        return _approvedPaidBy(township, count, salt);
    }

    function _approvedPaidBy(
        address payer,
        uint256 count,
        uint256 salt
    ) internal returns (uint256 rosterId, bytes[] memory pages) {
        (rosterId, pages) = _announcePaidBy(fund, village, payer, count, salt);
        vm.prank(preparer[village]);
        book.enrolPages(rosterId, _enrolments(pages));
        vm.warp(block.timestamp + WINDOW);
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        vm.prank(approverA[payer]);
        book.approveRoster(rosterId);
    }
}
