// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {FundLedger} from "../../contracts/FundLedger.sol";
import {RosterBook} from "../../contracts/RosterBook.sol";
import {IFundLedger, MovementKind} from "../../contracts/interfaces/IFundLedger.sol";
import {
    EntryStatus,
    IRosterBook,
    Objection,
    ObjectionStatus,
    PageEnrolment,
    PageFailedPayments,
    PagePayment,
    Roster,
    RosterState
} from "../../contracts/interfaces/IRosterBook.sol";
import {IUnitRegistry, ThresholdTier} from "../../contracts/interfaces/IUnitRegistry.sol";
import {DivisionCode} from "../../contracts/libraries/DivisionCode.sol";
import {FundTraceFixture} from "./utils/FundTraceFixture.sol";
import {vm} from "./utils/Vm.sol";

contract RosterBookTest is FundTraceFixture {
    uint128 internal constant VILLAGE_FUNDS = 90_000_000; // 900,000.00 yuan
    bytes32 internal constant DOC = keccak256("document");
    bytes32 internal constant BANK = keccak256("bank batch 0001");

    uint256 internal fund;

    function setUp() public override {
        super.setUp();
        fund = _createFund(VILLAGE_FUNDS);
        _fundVillage(fund, village, VILLAGE_FUNDS);
    }

    function _states(RosterState a) internal pure returns (bytes32) {
        return bytes32(uint256(1) << uint8(a));
    }

    function _states(RosterState a, RosterState b) internal pure returns (bytes32) {
        return _states(a) | _states(b);
    }

    function _states(RosterState a, RosterState b, RosterState c) internal pure returns (bytes32) {
        return _states(a) | _states(b) | _states(c);
    }

    // --------------------------------------------------------------- publish

    function test_publishRoster_opensWindow() public {
        (bytes32[] memory households, uint64[] memory amounts) = _entries(300, 1);
        bytes[] memory pages = _pages(households, amounts);
        bytes32 root = _root(pages);
        uint128 total = _sum(amounts);
        vm.expectEmit(true, true, true, true, address(book));
        emit IRosterBook.RosterPublished(
            1,
            fund,
            village,
            root,
            300,
            total,
            DOC,
            uint64(block.timestamp + WINDOW),
            1,
            preparer[village],
            village
        );
        vm.prank(preparer[village]);
        uint256 rosterId = book.publishRoster(fund, village, village, root, 300, total, DOC);
        Roster memory roster = book.rosterOf(rosterId);
        assertEq(roster.entryCount, 300, "entries");
        assertEq(roster.total, total, "total");
        assertEq(roster.windowEndsAt, block.timestamp + WINDOW, "window");
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.InWindow), "in window");
        assertEq(book.rosterCount(), 1, "count");
        assertEq(book.pageLeaf(1, pages[1]), _leaves(pages)[1], "page leaf matches");
    }

    function test_publishRoster_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, village, outsider));
        vm.prank(outsider);
        book.publishRoster(fund, village, village, DOC, 1, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterNotVillage.selector, township));
        vm.prank(preparer[township]);
        book.publishRoster(fund, township, township, DOC, 1, 1, DOC);
        vm.startPrank(preparer[village]);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterFundNotActive.selector, 99));
        book.publishRoster(99, village, village, DOC, 1, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterInvalidCommitment.selector, bytes32(0), 1, 1, DOC));
        book.publishRoster(fund, village, village, 0, 1, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterInvalidCommitment.selector, DOC, 0, 1, DOC));
        book.publishRoster(fund, village, village, DOC, 0, 1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterInvalidCommitment.selector, DOC, 1, 0, DOC));
        book.publishRoster(fund, village, village, DOC, 1, 0, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterInvalidCommitment.selector, DOC, 1, 1, bytes32(0)));
        book.publishRoster(fund, village, village, DOC, 1, 1, 0);
        vm.stopPrank();
        vm.prank(guardian);
        registry.pause();
        vm.expectRevert(IRosterBook.RosterPaused.selector);
        vm.prank(preparer[village]);
        book.publishRoster(fund, village, village, DOC, 1, 1, DOC);
    }

    /// @dev Review finding: a roster book with a 1-day window could be attached; 10 days is the legal minimum.
    function test_constructor_revertsOnShortWindow() public {
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterAnnouncementTooShort.selector, 1 days));
        new RosterBook(ledger, 1 days);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterAnnouncementTooShort.selector, 10 days - 1));
        new RosterBook(ledger, 10 days - 1);
        assertEq(uint256(new RosterBook(ledger, 10 days).announcementPeriod()), 10 days, "10 days");
    }

    // --------------------------------------------------------------- binding

    /// @dev Only the deploying account binds, once, a book built for this ledger; until then no fund enters.
    function test_bindRosterBook_onceByTheDeployerToABookOfThisLedger() public {
        FundLedger fresh = new FundLedger(registry, IFundLedger(address(0)));
        RosterBook freshBook = new RosterBook(fresh, WINDOW);
        assertEq(fresh.rosterBook(), address(0), "unbound");
        vm.prank(preparer[province]);
        vm.expectRevert(IFundLedger.LedgerNoRosterBook.selector);
        fresh.proposeFund(_terms(1_000, "unbound"));

        vm.prank(governor);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotDeployer.selector, governor));
        fresh.bindRosterBook(address(freshBook));
        // The fixture's book was built for the fixture's ledger, and an account without code is no book.
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerInvalidRosterBook.selector, address(book)));
        fresh.bindRosterBook(address(book));
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerInvalidRosterBook.selector, outsider));
        fresh.bindRosterBook(outsider);

        vm.expectEmit(true, false, false, false, address(fresh));
        emit IFundLedger.RosterBookBound(address(freshBook));
        fresh.bindRosterBook(address(freshBook));
        assertEq(fresh.rosterBook(), address(freshBook), "bound");
        RosterBook second = new RosterBook(fresh, WINDOW);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerInvalidRosterBook.selector, address(second)));
        fresh.bindRosterBook(address(second));
        vm.prank(preparer[province]);
        fresh.proposeFund(_terms(1_000, "bound"));
    }

    // ------------------------------------------------------------ objections

    function test_objection_blocksApprovalUntilDismissed() public {
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        vm.expectEmit(true, true, false, true, address(book));
        emit IRosterBook.ObjectionFiled(rosterId, 0, DOC, approverA[village]);
        vm.prank(approverA[village]);
        uint256 index = book.fileObjection(rosterId, DOC);
        vm.prank(inspector);
        uint256 second = book.fileObjection(rosterId, keccak256("second"));
        assertEq(index, 0, "first objection");
        assertEq(second, 1, "second objection");
        assertEq(book.objectionCount(rosterId), 2, "two objections");

        vm.warp(block.timestamp + WINDOW);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Objected), "objected");
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterUnexpectedState.selector,
                rosterId,
                RosterState.Objected,
                _states(RosterState.AwaitingApproval)
            )
        );
        vm.prank(approverB[village]);
        book.approveRoster(rosterId);

        vm.startPrank(approverB[village]);
        book.resolveObjection(rosterId, 0, false, keccak256("dismissed"));
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Objected), "one still open");
        // The inspector's objection: the approver's dismissal waits for an inspector.
        vm.expectEmit(true, true, false, true, address(book));
        emit IRosterBook.ObjectionDismissalProposed(rosterId, 1, keccak256("dismissed"), approverB[village]);
        book.resolveObjection(rosterId, 1, false, keccak256("dismissed"));
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Objected), "dismissal only proposed");
        vm.stopPrank();
        vm.prank(inspector);
        book.concurDismissal(rosterId, 1);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.AwaitingApproval), "cleared");
        vm.prank(approverB[village]);
        book.approveRoster(rosterId);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Approved), "approved");
        Objection memory objection = book.objectionOf(rosterId, 0);
        assertEq(uint8(objection.status), uint8(ObjectionStatus.Dismissed), "dismissed");
        assertEq(objection.resolvedBy, approverB[village], "resolver");
        objection = book.objectionOf(rosterId, 1);
        assertTrue(objection.byInspector, "filed by an inspector");
        assertEq(objection.concurredBy, inspector, "concurring inspector");
    }

    /// @dev Review finding: a single approver (or the publisher) dismissed an objection alone.
    function test_objection_resolvedOnlyByIndependentOfficers() public {
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        vm.prank(approverA[village]);
        book.fileObjection(rosterId, DOC);
        vm.prank(inspector);
        book.fileObjection(rosterId, keccak256("inspector"));
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterResolverNotIndependent.selector, rosterId, 0, approverA[village])
        );
        vm.prank(approverA[village]);
        book.resolveObjection(rosterId, 0, false, DOC);
        // Only an inspector concurs, and only with a proposed dismissal.
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterNotObjector.selector, village, approverB[village]));
        vm.prank(approverB[village]);
        book.concurDismissal(rosterId, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterDismissalPending.selector, rosterId, 1, ObjectionStatus.Open)
        );
        vm.prank(inspector);
        book.concurDismissal(rosterId, 1);
        // An approver can still uphold an inspector's objection after proposing to dismiss it.
        vm.startPrank(approverB[village]);
        book.resolveObjection(rosterId, 1, false, DOC);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterDismissalPending.selector,
                rosterId,
                1,
                ObjectionStatus.DismissalProposed
            )
        );
        book.resolveObjection(rosterId, 1, false, keccak256("again"));
        book.resolveObjection(rosterId, 1, true, DOC);
        vm.stopPrank();
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Rejected), "upheld");
    }

    /// @dev Review finding: 65,535 dummy objections overflowed the 16-bit counter and locked inspectors out.
    function test_objection_floodCannotLockAnyoneOut() public {
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        vm.startPrank(preparer[village]);
        book.fileObjection(rosterId, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterObjectionOpen.selector, rosterId, preparer[village]));
        book.fileObjection(rosterId, DOC);
        vm.stopPrank();
        // The inspector can still file, and the preparer again once the first is resolved.
        vm.prank(inspector);
        book.fileObjection(rosterId, DOC);
        vm.prank(approverA[village]);
        book.resolveObjection(rosterId, 0, false, DOC);
        vm.prank(preparer[village]);
        assertEq(book.fileObjection(rosterId, DOC), 2, "filed again after the ruling");
        assertEq(book.rosterOf(rosterId).openObjections, 2, "two open");
    }

    function test_objection_upheldRejectsRoster() public {
        (uint256 rosterId, bytes[] memory pages) = _publish(fund, village, 10, 1);
        vm.prank(preparer[village]);
        book.fileObjection(rosterId, DOC);
        vm.expectEmit(true, true, false, true, address(book));
        emit IRosterBook.RosterRejected(rosterId, 0);
        vm.prank(approverA[village]);
        book.resolveObjection(rosterId, 0, true, keccak256("upheld"));
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Rejected), "rejected");
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterUnexpectedState.selector,
                rosterId,
                RosterState.Rejected,
                _states(RosterState.AwaitingApproval)
            )
        );
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        PagePayment[] memory all = _allPages(pages);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterUnexpectedState.selector,
                rosterId,
                RosterState.Rejected,
                _states(RosterState.Approved)
            )
        );
        vm.prank(preparer[village]);
        book.disburse(rosterId, all, BANK);
    }

    function test_fileObjection_reverts() public {
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterNotObjector.selector, village, outsider));
        vm.prank(outsider);
        book.fileObjection(rosterId, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterNotObjector.selector, village, preparer[village2]));
        vm.prank(preparer[village2]);
        book.fileObjection(rosterId, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterUnknown.selector, 42));
        vm.prank(preparer[village]);
        book.fileObjection(42, DOC);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterUnexpectedState.selector,
                rosterId,
                RosterState.AwaitingApproval,
                _states(RosterState.InWindow, RosterState.Objected)
            )
        );
        vm.prank(preparer[village]);
        book.fileObjection(rosterId, DOC);
    }

    function test_fileObjection_closedAtWindowEndEvenWithOpenObjections() public {
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        vm.prank(preparer[village]);
        book.fileObjection(rosterId, DOC);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterUnexpectedState.selector,
                rosterId,
                RosterState.Objected,
                _states(RosterState.InWindow)
            )
        );
        vm.prank(preparer[village]);
        book.fileObjection(rosterId, DOC);
    }

    function test_resolveObjection_reverts() public {
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        vm.prank(preparer[village]);
        book.fileObjection(rosterId, DOC);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotApprover.selector, village, preparer[village]));
        vm.prank(preparer[village]);
        book.resolveObjection(rosterId, 0, false, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterUnknownObjection.selector, rosterId, 1));
        vm.prank(approverA[village]);
        book.resolveObjection(rosterId, 1, false, DOC);
        vm.prank(approverA[village]);
        book.resolveObjection(rosterId, 0, false, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterObjectionAlreadyResolved.selector, rosterId, 0));
        vm.prank(approverB[village]);
        book.resolveObjection(rosterId, 0, true, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterUnknownObjection.selector, rosterId, 1));
        book.objectionOf(rosterId, 1);
    }

    // -------------------------------------------------------------- approval

    function test_approveRoster_notBeforeWindowEnds() public {
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        vm.warp(block.timestamp + WINDOW - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterUnexpectedState.selector,
                rosterId,
                RosterState.InWindow,
                _states(RosterState.AwaitingApproval)
            )
        );
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        vm.warp(block.timestamp + 1);
        vm.expectEmit(true, true, true, true, address(book));
        emit IRosterBook.RosterApproved(rosterId, fund, village);
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        assertEq(book.rosterOf(rosterId).approvedAt, block.timestamp, "approved at");
    }

    /// @dev Review finding: approvals were not re-checked when the threshold was reached.
    function test_approveRoster_countsOnlyCurrentApprovers() public {
        ThresholdTier[] memory none = new ThresholdTier[](0);
        _govern(address(registry), abi.encodeCall(IUnitRegistry.setApprovalPolicy, (village, 2, none)));
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        vm.warp(block.timestamp + WINDOW);
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        _govern(address(registry), abi.encodeCall(IUnitRegistry.addApprover, (village, address(0xC4))));
        _govern(address(registry), abi.encodeCall(IUnitRegistry.removeApprover, (village, approverA[village])));
        vm.prank(approverB[village]);
        book.approveRoster(rosterId);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.AwaitingApproval), "a removed approver's vote");
        vm.prank(address(0xC4));
        book.approveRoster(rosterId);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Approved), "two current approvers");
    }

    function test_approveRoster_reverts() public {
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        // The publisher becomes an approver afterwards: still cannot approve its own roster.
        _govern(address(registry), abi.encodeCall(IUnitRegistry.removePreparer, (village, preparer[village])));
        _govern(address(registry), abi.encodeCall(IUnitRegistry.addApprover, (village, preparer[village])));
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterPublisherCannotApprove.selector, rosterId, preparer[village])
        );
        vm.prank(preparer[village]);
        book.approveRoster(rosterId);
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryNotApprover.selector, village, approverA[village2])
        );
        vm.prank(approverA[village2]);
        book.approveRoster(rosterId);
    }

    function test_approveRoster_largeTotalNeedsTwo() public {
        // 1,000 entries of 1,000,000.00 yuan exceed the village's tier
        (bytes32[] memory households, ) = _entries(2, 1);
        uint64[] memory amounts = new uint64[](2);
        amounts[0] = uint64(TIER);
        amounts[1] = 1;
        bytes[] memory pages = _pages(households, amounts);
        vm.prank(preparer[village]);
        uint256 rosterId = book.publishRoster(fund, village, village, _root(pages), 2, TIER + 1, DOC);
        vm.prank(preparer[village]);
        book.enrolPages(rosterId, _enrolments(pages));
        assertEq(book.rosterOf(rosterId).requiredApprovals, 2, "two approvals");
        vm.warp(block.timestamp + WINDOW);
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.AwaitingApproval), "waits for the second");
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterAlreadyApproved.selector, rosterId, approverA[village])
        );
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        vm.prank(approverB[village]);
        book.approveRoster(rosterId);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Approved), "approved");
        assertEq(book.rosterOf(rosterId).approvals.length, 2, "both recorded");
    }

    function test_withdrawRoster() public {
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, village, approverA[village])
        );
        vm.prank(approverA[village]);
        book.withdrawRoster(rosterId, DOC);
        vm.expectEmit(true, true, false, true, address(book));
        emit IRosterBook.RosterWithdrawn(rosterId, preparer[village], DOC);
        vm.prank(preparer[village]);
        book.withdrawRoster(rosterId, DOC);
        assertEq(uint8(book.rosterState(rosterId)), uint8(RosterState.Withdrawn), "withdrawn");

        (uint256 approved, ) = _approvedRoster(fund, village, 10, 2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterUnexpectedState.selector,
                approved,
                RosterState.Approved,
                _states(RosterState.InWindow, RosterState.Objected, RosterState.AwaitingApproval)
            )
        );
        vm.prank(preparer[village]);
        book.withdrawRoster(approved, DOC);
    }

    // ------------------------------------------------------------- disburse

    function test_disburse_paysEveryEntryOnce() public {
        (uint256 rosterId, bytes[] memory pages) = _approvedRoster(fund, village, 300, 1);
        (bytes32[] memory households, uint64[] memory amounts) = _entries(300, 1);
        uint128 total = _sum(amounts);
        PagePayment[] memory all = _allPages(pages);

        vm.expectEmit(true, false, false, true, address(book));
        emit IRosterBook.HouseholdPaid(households[0], 0, amounts[0]);
        vm.expectEmit(true, false, false, true, address(book));
        emit IRosterBook.HouseholdPaid(households[1], 1, amounts[1]);
        vm.prank(preparer[village]);
        (uint256 paid, uint256 amount) = book.disburse(rosterId, all, BANK);
        assertEq(paid, 300, "households");
        assertEq(amount, total, "amount");
        assertEq(book.rosterOf(rosterId).paid, total, "roster paid");
        assertEq(ledger.balanceOf(village, fund), VILLAGE_FUNDS - total, "village balance");
        assertEq(ledger.balanceOf(DivisionCode.householdsAddress(village), fund), total, "households holding");
        assertEq(ledger.accountOf(fund, village).paid, total, "village paid");
        assertEq(ledger.fundOf(fund).paid, total, "fund paid");
        for (uint256 i = 0; i < 300; i += 37) {
            assertTrue(book.isPaid(rosterId, i), "paid");
            assertEq(uint8(book.entryStatus(rosterId, i)), uint8(EntryStatus.Paid), "status");
        }
        assertFalse(book.isPaid(rosterId, 300), "beyond the roster");
        (uint256 bits, , , ) = book.pageBits(rosterId, 1);
        assertEq(bits, (uint256(1) << 44) - 1, "44 entries on page 1");
        _assertConserved(fund, village);

        // Sending the same batch again pays nobody and does not fail.
        vm.recordLogs();
        vm.prank(preparer[village]);
        (paid, amount) = book.disburse(rosterId, all, BANK);
        assertEq(paid, 0, "nobody paid twice");
        assertEq(amount, 0, "no money moved");
        assertEq(vm.getRecordedLogs().length, 0, "no record emitted");
        assertEq(ledger.balanceOf(village, fund), VILLAGE_FUNDS - total, "balance unchanged");
    }

    function test_disburse_emitsBatchAndLedgerRecords() public {
        (uint256 rosterId, bytes[] memory pages) = _approvedRoster(fund, village, 3, 1);
        uint128 total = 10_000 + 10_001 + 10_002;
        PagePayment[] memory all = _allPages(pages);
        address households = DivisionCode.householdsAddress(village);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IFundLedger.FundsMoved(
            fund,
            village,
            households,
            MovementKind.Disbursement,
            total,
            rosterId,
            preparer[village]
        );
        vm.expectEmit(true, true, true, true, address(book));
        emit IRosterBook.BatchDisbursed(rosterId, fund, village, village, BANK, 3, total);
        vm.prank(preparer[village]);
        book.disburse(rosterId, all, BANK);
    }

    function test_disburse_interruptedBatchResumes() public {
        (uint256 rosterId, bytes[] memory pages) = _approvedRoster(fund, village, 256, 1);
        // first attempt only got half of the page through
        vm.prank(preparer[village]);
        (uint256 first, ) = book.disburse(rosterId, _one(_payment(pages, 0, (uint256(1) << 128) - 1)), BANK);
        // the resent full batch pays exactly the rest
        vm.prank(preparer[village]);
        (uint256 second, uint256 amount) = book.disburse(rosterId, _allPages(pages), BANK);
        assertEq(first, 128, "first half");
        assertEq(second, 128, "second half");
        uint256 expected;
        for (uint256 i = 128; i < 256; ++i) expected += 10_000 + i;
        assertEq(amount, expected, "the second half's amounts");
        (uint256 bits, , , ) = book.pageBits(rosterId, 0);
        assertEq(bits, type(uint256).max, "all 256 paid");
    }

    /// @dev Payments carry exactly the enrolled page: anything else is refused before a bit or a fen moves.
    function test_disburse_rejectsTamperedPages() public {
        (uint256 rosterId, bytes[] memory pages) = _approvedRoster(fund, village, 300, 1);
        PagePayment memory payment = _payment(pages, 0, type(uint256).max);
        // an amount changed by one fen
        bytes memory tampered = bytes.concat(payment.entries);
        tampered[39] = bytes1(uint8(tampered[39]) + 1);
        payment.entries = tampered;
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterPageMismatch.selector, rosterId, 0));
        vm.prank(preparer[village]);
        book.disburse(rosterId, _one(payment), BANK);
        // a page presented under another page's number
        payment = _payment(pages, 1, type(uint256).max);
        payment.page = 0;
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterPageMismatch.selector, rosterId, 0));
        vm.prank(preparer[village]);
        book.disburse(rosterId, _one(payment), BANK);
        // a truncated entry
        payment = _payment(pages, 1, type(uint256).max);
        payment.entries = bytes.concat(bytes32(0), bytes7(0));
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterPageMismatch.selector, rosterId, 1));
        vm.prank(preparer[village]);
        book.disburse(rosterId, _one(payment), BANK);
        // a page beyond the roster
        payment = _payment(pages, 1, type(uint256).max);
        payment.page = 2;
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterPageMismatch.selector, rosterId, 2));
        vm.prank(preparer[village]);
        book.disburse(rosterId, _one(payment), BANK);
        assertEq(ledger.accountOf(fund, village).paid, 0, "nothing paid");
    }

    /// @dev Enrolment checks each page's shape, range, uniqueness and proof.
    function test_enrolPages_rejectsTamperedPages() public {
        (uint256 rosterId, bytes[] memory pages) = _announce(fund, village, 300, 1);
        PageEnrolment[] memory one = new PageEnrolment[](1);
        one[0] = _enrolment(pages, 0);
        one[0].entries = bytes.concat(pages[0]);
        one[0].entries[39] = bytes1(uint8(one[0].entries[39]) + 1);
        vm.startPrank(preparer[village]);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterInvalidProof.selector, rosterId, 0));
        book.enrolPages(rosterId, one);
        one[0] = _enrolment(pages, 1);
        one[0].entries = bytes.concat(bytes32(0), bytes7(0));
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterMalformedPage.selector, 1, 39));
        book.enrolPages(rosterId, one);
        one[0] = _enrolment(pages, 1);
        one[0].page = 2;
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterPageOutOfRange.selector, rosterId, 2, 44, 300));
        book.enrolPages(rosterId, one);
        one[0].page = type(uint256).max;
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterPageOutOfRange.selector, rosterId, type(uint256).max, 44, 300)
        );
        book.enrolPages(rosterId, one);
        // A short page anywhere but at the end.
        one[0] = _enrolment(pages, 1);
        one[0].page = 0;
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterPageOutOfRange.selector, rosterId, 0, 44, 300));
        book.enrolPages(rosterId, one);
        one[0] = _enrolment(pages, 0);
        book.enrolPages(rosterId, one);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterPageEnrolled.selector, rosterId, 0));
        book.enrolPages(rosterId, one);
        vm.stopPrank();
        // Approval waits for every page.
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterNotEnrolled.selector, rosterId, 256, 300));
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, village, approverA[village])
        );
        vm.prank(approverA[village]);
        book.enrolPages(rosterId, _enrolments(pages));
    }

    /// @dev Review finding: the same spreadsheet published twice gave two payable rosters (200 households paid twice).
    function test_enrolPages_householdOncePerFund() public {
        (uint256 first, bytes[] memory pages) = _publish(fund, village, 10, 7);
        (bytes32[] memory households, ) = _entries(10, 7);
        // The same list again, for the same village or another one of the fund.
        (uint256 again, ) = _announce(fund, village, 10, 7);
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterHouseholdClaimed.selector, again, 0, households[0], first)
        );
        vm.prank(preparer[village]);
        book.enrolPages(again, _enrolments(pages));
        (uint256 elsewhere, ) = _announce(fund, village2, 10, 7);
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterHouseholdClaimed.selector, elsewhere, 0, households[0], first)
        );
        vm.prank(preparer[village2]);
        book.enrolPages(elsewhere, _enrolments(pages));
        assertEq(book.claimsOf(fund, households[3]), _ids(first), "claimed by the first roster");
        // Withdrawing the first roster frees its households for a corrected one.
        vm.prank(preparer[village]);
        book.withdrawRoster(first, DOC);
        assertEq(book.claimsOf(fund, households[3]), _ids(0), "freed");
        vm.prank(preparer[village]);
        book.enrolPages(again, _enrolments(pages));
        assertEq(book.claimsOf(fund, households[3]), _ids(again), "claimed by the corrected roster");
    }

    /**
     * @dev A fund paid in instalments holds each household to that many live rosters: two here, in any villages,
     * never twice in one roster; a withdrawn instalment frees its place.
     */
    function test_enrolPages_householdAsOftenAsInstalments() public {
        uint256 twice = _createFund(VILLAGE_FUNDS, 2);
        _fundVillage(twice, village, VILLAGE_FUNDS / 2);
        _fundVillage(twice, village2, VILLAGE_FUNDS / 2);
        (bytes32[] memory households, ) = _entries(10, 7);
        (uint256 first, bytes[] memory pages) = _approvedRoster(twice, village, 10, 7);
        (uint256 second, ) = _approvedRoster(twice, village2, 10, 7);
        assertEq(book.claimsOf(twice, households[9]), _ids(first, second), "both instalments");
        assertEq(book.claimsOf(fund, households[9]), _ids(0), "another fund keeps its own places");
        (uint256 third, ) = _announce(twice, village, 10, 7);
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterHouseholdClaimed.selector, third, 0, households[0], second)
        );
        vm.prank(preparer[village]);
        book.enrolPages(third, _enrolments(pages));
        // Both instalments are paid, each in full.
        vm.prank(preparer[village]);
        (uint256 paidFirst, ) = book.disburse(first, _allPages(pages), BANK);
        vm.prank(preparer[village2]);
        (uint256 paidSecond, ) = book.disburse(second, _allPages(pages), BANK);
        assertEq(paidFirst + paidSecond, 20, "each household twice");

        // The same household twice in one roster is refused even while a place is free.
        (bytes32[] memory fresh, ) = _entries(2, 8);
        fresh[1] = fresh[0];
        uint64[] memory amounts = new uint64[](2);
        (amounts[0], amounts[1]) = (5, 5);
        bytes[] memory doubled = _pages(fresh, amounts);
        vm.prank(preparer[village]);
        uint256 rosterId = book.publishRoster(twice, village, village, _root(doubled), 2, 10, DOC);
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterHouseholdClaimed.selector, rosterId, 1, fresh[0], rosterId)
        );
        vm.prank(preparer[village]);
        book.enrolPages(rosterId, _enrolments(doubled));
    }

    /// @dev A withdrawn instalment frees its place: the next roster takes the first free one.
    function test_enrolPages_withdrawnInstalmentFreesItsPlace() public {
        uint256 twice = _createFund(VILLAGE_FUNDS, 2);
        _fundVillage(twice, village, VILLAGE_FUNDS);
        (uint256 other, bytes[] memory otherPages) = _publish(twice, village, 3, 9);
        vm.prank(preparer[village]);
        book.withdrawRoster(other, DOC);
        (bytes32[] memory otherHouseholds, ) = _entries(3, 9);
        assertEq(book.claimsOf(twice, otherHouseholds[0]), _ids(0, 0), "nothing held");
        (uint256 again, ) = _announce(twice, village, 3, 9);
        vm.prank(preparer[village]);
        book.enrolPages(again, _enrolments(otherPages));
        assertEq(book.claimsOf(twice, otherHouseholds[0]), _ids(again, 0), "one place held");
        (uint256 later, ) = _publish(twice, village, 3, 9);
        assertEq(book.claimsOf(twice, otherHouseholds[2]), _ids(again, later), "both held");
    }

    function _ids(uint256 a) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _ids(uint256 a, uint256 b) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        (ids[0], ids[1]) = (a, b);
    }

    /// @dev Review finding: the same pseudonym twice in one roster was paid twice; zero amounts made orphan records.
    function test_enrolPages_refusesDuplicatesAndZeroAmounts() public {
        (bytes32[] memory households, uint64[] memory amounts) = _entries(4, 1);
        households[2] = households[1];
        bytes[] memory pages = _pages(households, amounts);
        vm.prank(preparer[village]);
        uint256 rosterId = book.publishRoster(fund, village, village, _root(pages), 4, _sum(amounts), DOC);
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterHouseholdClaimed.selector, rosterId, 2, households[1], rosterId)
        );
        vm.prank(preparer[village]);
        book.enrolPages(rosterId, _enrolments(pages));
        (households, amounts) = _entries(4, 2);
        amounts[3] = 0;
        pages = _pages(households, amounts);
        vm.prank(preparer[village]);
        rosterId = book.publishRoster(fund, village, village, _root(pages), 4, _sum(amounts), DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterZeroAmount.selector, rosterId, 3));
        vm.prank(preparer[village]);
        book.enrolPages(rosterId, _enrolments(pages));
    }

    /**
     * @dev Review finding: a root holding two versions of one page let a 1-fen payment be failed as 99,999 fen and
     * re-issued. Once one version is enrolled, every payment, failure and re-issue carries exactly that one.
     */
    function test_enrolPages_bindsOneVersionPerPage() public {
        (bytes32[] memory households, uint64[] memory amounts) = _entries(1, 3);
        amounts[0] = 1;
        bytes memory small = bytes.concat(households[0], bytes8(uint64(1)));
        bytes memory large = bytes.concat(households[0], bytes8(uint64(99_999)));
        // A two-leaf tree over (page 0, small) and (page 0, large): both prove under the root.
        bytes32 a = keccak256(bytes.concat(keccak256(abi.encode(uint256(0), keccak256(small)))));
        bytes32 b = keccak256(bytes.concat(keccak256(abi.encode(uint256(0), keccak256(large)))));
        bytes32 root = a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
        vm.prank(preparer[village]);
        uint256 rosterId = book.publishRoster(fund, village, village, root, 1, 1, DOC);
        PageEnrolment[] memory one = new PageEnrolment[](1);
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = b;
        one[0] = PageEnrolment({page: 0, entries: small, proof: proof});
        vm.prank(preparer[village]);
        book.enrolPages(rosterId, one);
        proof[0] = a;
        one[0] = PageEnrolment({page: 0, entries: large, proof: proof});
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterPageEnrolled.selector, rosterId, 0));
        vm.prank(preparer[village]);
        book.enrolPages(rosterId, one);
        vm.warp(block.timestamp + WINDOW);
        vm.prank(approverA[village]);
        book.approveRoster(rosterId);
        bytes[] memory pages = new bytes[](1);
        pages[0] = small;
        vm.prank(preparer[village]);
        book.disburse(rosterId, _allPages(pages), BANK);
        PageFailedPayments[] memory failures = new PageFailedPayments[](1);
        uint256[] memory slots = new uint256[](1);
        bytes32[] memory reasons = new bytes32[](1);
        reasons[0] = "CARD_CLOSED";
        failures[0] = PageFailedPayments({page: 0, entries: large, slots: slots, reasons: reasons});
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterPageMismatch.selector, rosterId, 0));
        vm.prank(preparer[village]);
        book.recordFailedPayments(rosterId, failures);
        assertEq(ledger.accountOf(fund, village).paid, 1, "one fen paid, and nothing else");
    }

    function test_disburse_reverts() public {
        (uint256 rosterId, bytes[] memory pages) = _approvedRoster(fund, village, 10, 1);
        PagePayment[] memory all = _allPages(pages);
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, village, approverA[village])
        );
        vm.prank(approverA[village]);
        book.disburse(rosterId, all, BANK);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterUnknown.selector, 9));
        vm.prank(preparer[village]);
        book.disburse(9, all, BANK);

        (uint256 announced, ) = _publish(fund, village, 10, 2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterUnexpectedState.selector,
                announced,
                RosterState.InWindow,
                _states(RosterState.Approved)
            )
        );
        vm.prank(preparer[village]);
        book.disburse(announced, all, BANK);

        vm.prank(guardian);
        registry.pause();
        vm.expectRevert(IRosterBook.RosterPaused.selector);
        vm.prank(preparer[village]);
        book.disburse(rosterId, all, BANK);
    }

    function test_disburse_blockedByFreeze() public {
        (uint256 rosterId, bytes[] memory pages) = _approvedRoster(fund, village, 10, 1);
        PagePayment[] memory all = _allPages(pages);
        vm.prank(inspector);
        uint256 freezeId = ledger.freezeUnit(village, DOC);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnitFrozen.selector, village));
        vm.prank(preparer[village]);
        book.disburse(rosterId, all, BANK);
        vm.startPrank(inspector);
        ledger.liftFreeze(freezeId, DOC);
        ledger.freezeFund(fund, DOC);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerFundFrozen.selector, fund));
        vm.prank(preparer[village]);
        book.disburse(rosterId, all, BANK);
        (uint256 bits, , , ) = book.pageBits(rosterId, 0);
        assertEq(bits, 0, "a blocked batch marks nobody paid");
    }

    function test_disburse_needsVillageBalance() public {
        (uint256 rosterId, bytes[] memory pages) = _approvedRoster(fund, village2, 10, 1);
        uint256 total = 10 * 10_000 + 45;
        vm.expectRevert(
            abi.encodeWithSelector(IFundLedger.LedgerInsufficientBalance.selector, fund, village2, 0, total)
        );
        vm.prank(preparer[village2]);
        book.disburse(rosterId, _allPages(pages), BANK);
    }

    function test_enrolPages_entriesMustAddUpToTheTotal() public {
        // Entries adding up to more than the declared total, or (once complete) to less, are refused.
        (bytes32[] memory households, uint64[] memory amounts) = _entries(4, 1);
        bytes[] memory pages = _pages(households, amounts);
        vm.startPrank(preparer[village]);
        uint256 rosterId = book.publishRoster(fund, village, village, _root(pages), 4, 20_001, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterTotalExceeded.selector, rosterId, 20_001, 40_006));
        book.enrolPages(rosterId, _enrolments(pages));
        rosterId = book.publishRoster(fund, village, village, _root(pages), 4, 40_007, DOC);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterTotalMismatch.selector, rosterId, 40_007, 40_006));
        book.enrolPages(rosterId, _enrolments(pages));
        vm.stopPrank();
    }

    // ---------------------------------------------------- failures, re-issue

    // State shared by the failure tests (kept in storage to stay within the stack).
    uint256 internal failRoster;
    bytes[] internal failPages;
    uint256 internal failPaid;
    uint256 internal failCredit;

    /// @dev Pays a 20-entry roster in full and reports entries 3 and 17 failed.
    function _payAndFailTwo() internal returns (PageFailedPayments[] memory failures) {
        (uint256 rosterId, bytes[] memory pages) = _approvedRoster(fund, village, 20, 1);
        (, uint64[] memory amounts) = _entries(20, 1);
        vm.prank(preparer[village]);
        (, failPaid) = book.disburse(rosterId, _allPages(pages), BANK);
        failRoster = rosterId;
        failPages = pages;
        failCredit = uint256(amounts[3]) + amounts[17];
        failures = new PageFailedPayments[](1);
        uint256[] memory slots = new uint256[](2);
        slots[0] = 3;
        slots[1] = 17;
        bytes32[] memory reasons = new bytes32[](2);
        reasons[0] = "CARD_CLOSED";
        reasons[1] = "NAME_MISMATCH";
        failures[0] = PageFailedPayments({page: 0, entries: pages[0], slots: slots, reasons: reasons});
    }

    function test_recordFailedPayments_creditsVillage() public {
        (bytes32[] memory households, uint64[] memory amounts) = _entries(20, 1);
        PageFailedPayments[] memory failures = _payAndFailTwo();
        vm.expectEmit(true, true, false, true, address(book));
        emit IRosterBook.PaymentFailed(households[3], failRoster, 3, amounts[3], "CARD_CLOSED");
        vm.prank(preparer[village]);
        (uint256 failed, uint256 amount) = book.recordFailedPayments(failRoster, failures);
        assertEq(failed, 2, "two failed");
        assertEq(amount, failCredit, "credited");
        assertEq(ledger.balanceOf(village, fund), VILLAGE_FUNDS - failPaid + failCredit, "money back");
        assertEq(ledger.accountOf(fund, village).failed, failCredit, "failed total");
        assertEq(ledger.fundOf(fund).failed, failCredit, "fund failed total");
        assertEq(book.rosterOf(failRoster).failed, failCredit, "roster failed total");
        assertEq(
            ledger.balanceOf(DivisionCode.householdsAddress(village), fund),
            failPaid - failCredit,
            "households net"
        );
        assertEq(uint8(book.entryStatus(failRoster, 3)), uint8(EntryStatus.Failed), "failed");
        assertFalse(book.isPaid(failRoster, 3), "not paid now");
        _assertConserved(fund, village);

        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterEntryNotPaid.selector, failRoster, 3, EntryStatus.Failed)
        );
        vm.prank(preparer[village]);
        book.recordFailedPayments(failRoster, failures);
    }

    function test_reissue_paysFailedEntriesOnce() public {
        (bytes32[] memory households, uint64[] memory amounts) = _entries(20, 1);
        PageFailedPayments[] memory failures = _payAndFailTwo();
        vm.prank(preparer[village]);
        book.recordFailedPayments(failRoster, failures);

        PagePayment[] memory all = _allPages(failPages);
        vm.prank(preparer[village]);
        (uint256 again, ) = book.disburse(failRoster, all, BANK);
        assertEq(again, 0, "disburse skips failed entries");

        vm.expectEmit(true, false, false, true, address(book));
        emit IRosterBook.PaymentReissued(households[3], 3, amounts[3]);
        vm.prank(preparer[village]);
        (uint256 reissued, uint256 amount) = book.reissue(failRoster, all, BANK);
        assertEq(reissued, 2, "both re-issued");
        assertEq(amount, failCredit, "same amounts");
        assertEq(uint8(book.entryStatus(failRoster, 17)), uint8(EntryStatus.Reissued), "re-issued");
        assertTrue(book.isPaid(failRoster, 17), "paid again");
        vm.prank(preparer[village]);
        (reissued, ) = book.reissue(failRoster, all, BANK);
        assertEq(reissued, 0, "only once");
    }

    function test_reissue_failedAgainIsFinal() public {
        PageFailedPayments[] memory failures = _payAndFailTwo();
        PagePayment[] memory all = _allPages(failPages);
        vm.startPrank(preparer[village]);
        book.recordFailedPayments(failRoster, failures);
        book.reissue(failRoster, all, BANK);
        book.recordFailedPayments(failRoster, failures);
        (uint256 reissued, ) = book.reissue(failRoster, all, BANK);
        vm.stopPrank();
        assertEq(uint8(book.entryStatus(failRoster, 3)), uint8(EntryStatus.ReissueFailed), "re-issue failed");
        assertEq(reissued, 0, "no third payment");
        assertEq(ledger.balanceOf(village, fund), VILLAGE_FUNDS - failPaid + failCredit, "money stays in the village");
        assertEq(book.rosterOf(failRoster).paid, failPaid + failCredit, "gross paid counts the re-issue");
        _assertConserved(fund, village);
    }

    function test_recordFailedPayments_reverts() public {
        (uint256 rosterId, bytes[] memory pages) = _approvedRoster(fund, village, 20, 1);
        vm.prank(preparer[village]);
        book.disburse(rosterId, _one(_payment(pages, 0, 1)), BANK);
        PageFailedPayments[] memory failures = new PageFailedPayments[](1);
        uint256[] memory slots = new uint256[](1);
        bytes32[] memory reasons = new bytes32[](1);
        failures[0] = PageFailedPayments({page: 0, entries: pages[0], slots: slots, reasons: reasons});

        slots[0] = 1;
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterEntryNotPaid.selector, rosterId, 1, EntryStatus.Unpaid)
        );
        vm.prank(preparer[village]);
        book.recordFailedPayments(rosterId, failures);

        slots[0] = 20;
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterInvalidSlot.selector, rosterId, 0, 20));
        vm.prank(preparer[village]);
        book.recordFailedPayments(rosterId, failures);

        failures[0].reasons = new bytes32[](2);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterLengthMismatch.selector, 1, 2));
        vm.prank(preparer[village]);
        book.recordFailedPayments(rosterId, failures);

        uint256[] memory twice = new uint256[](2);
        failures[0].slots = twice; // slot 0 listed twice
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterEntryNotPaid.selector, rosterId, 0, EntryStatus.Failed)
        );
        vm.prank(preparer[village]);
        book.recordFailedPayments(rosterId, failures);

        failures[0].slots = slots;
        failures[0].reasons = reasons;
        slots[0] = 0;
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, village, inspector));
        vm.prank(inspector);
        book.recordFailedPayments(rosterId, failures);
    }

    /// @dev Paying random subsets in random order pays each entry exactly once and the total exactly.
    function testFuzz_disburse_subsetsPayEachOnce(uint256 firstMask, uint256 secondMask, uint16 count) public {
        count = uint16(1 + (count % 400));
        (uint256 rosterId, bytes[] memory pages) = _approvedRoster(fund, village, count, 7);
        (uint256 c1, uint256 a1) = _payEachPage(rosterId, pages, firstMask, false);
        (uint256 c2, uint256 a2) = _payEachPage(rosterId, pages, secondMask, true);
        vm.prank(preparer[village]);
        (uint256 c3, uint256 a3) = book.disburse(rosterId, _allPages(pages), BANK);
        (, uint64[] memory amounts) = _entries(count, 7);
        assertEq(c1 + c2 + c3, count, "each entry paid once");
        assertEq(a1 + a2 + a3, _sum(amounts), "exactly the roster total");
        assertEq(book.rosterOf(rosterId).paid, _sum(amounts), "roster paid");
    }

    function _payEachPage(
        uint256 rosterId,
        bytes[] memory pages,
        uint256 mask,
        bool reverse
    ) internal returns (uint256 count, uint256 total) {
        for (uint256 i = 0; i < pages.length; ++i) {
            uint256 p = reverse ? pages.length - 1 - i : i;
            PagePayment[] memory payment = _one(_payment(pages, p, mask));
            vm.prank(preparer[village]);
            (uint256 c, uint256 a) = book.disburse(rosterId, payment, BANK);
            count += c;
            total += a;
        }
    }
}

/// @notice Every roster write refuses while paused; documents are required.
contract RosterBookGuardsTest is FundTraceFixture {
    bytes32 internal constant DOC = keccak256("document");

    function test_rosterWrites_revertWhenPaused() public {
        uint256 fund = _createFund(1_000_000);
        (uint256 rosterId, bytes[] memory pages) = _publish(fund, village, 10, 1);
        vm.prank(guardian);
        registry.pause();
        PageFailedPayments[] memory failures = new PageFailedPayments[](0);
        bytes[] memory calls = new bytes[](10);
        calls[8] = abi.encodeCall(book.enrolPages, (rosterId, new PageEnrolment[](0)));
        calls[9] = abi.encodeCall(book.concurDismissal, (rosterId, 0));
        calls[0] = abi.encodeCall(book.publishRoster, (fund, village, village, DOC, 1, 1, DOC));
        calls[1] = abi.encodeCall(book.fileObjection, (rosterId, DOC));
        calls[2] = abi.encodeCall(book.resolveObjection, (rosterId, 0, false, DOC));
        calls[3] = abi.encodeCall(book.approveRoster, (rosterId));
        calls[4] = abi.encodeCall(book.withdrawRoster, (rosterId, DOC));
        calls[5] = abi.encodeCall(book.disburse, (rosterId, _allPages(pages), DOC));
        calls[6] = abi.encodeCall(book.reissue, (rosterId, _allPages(pages), DOC));
        calls[7] = abi.encodeCall(book.recordFailedPayments, (rosterId, failures));
        for (uint256 i = 0; i < calls.length; ++i) {
            vm.prank(preparer[village]);
            (bool ok, bytes memory err) = address(book).call(calls[i]);
            assertFalse(ok, "refused while paused");
            assertEq(bytes4(err), IRosterBook.RosterPaused.selector, "RosterPaused");
        }
    }

    function test_objections_needDocuments() public {
        uint256 fund = _createFund(1_000_000);
        (uint256 rosterId, ) = _publish(fund, village, 10, 1);
        vm.expectRevert(IRosterBook.RosterEmptyDocument.selector);
        vm.prank(preparer[village]);
        book.fileObjection(rosterId, 0);
        vm.prank(preparer[village]);
        book.fileObjection(rosterId, DOC);
        vm.expectRevert(IRosterBook.RosterEmptyDocument.selector);
        vm.prank(approverA[village]);
        book.resolveObjection(rosterId, 0, false, 0);
    }

    function test_paymentWrites_needApprovedRoster() public {
        uint256 fund = _createFund(1_000_000);
        (uint256 rosterId, bytes[] memory pages) = _publish(fund, village, 10, 1);
        bytes32 approved = bytes32(uint256(1) << uint8(RosterState.Approved));
        PageFailedPayments[] memory failures = new PageFailedPayments[](0);
        vm.startPrank(preparer[village]);
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterUnexpectedState.selector, rosterId, RosterState.InWindow, approved)
        );
        book.reissue(rosterId, _allPages(pages), DOC);
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterUnexpectedState.selector, rosterId, RosterState.InWindow, approved)
        );
        book.recordFailedPayments(rosterId, failures);
        vm.stopPrank();
    }
}
