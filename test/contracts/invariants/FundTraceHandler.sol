// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {FundLedger} from "../../../contracts/FundLedger.sol";
import {RosterBook} from "../../../contracts/RosterBook.sol";
import {UnitRegistry} from "../../../contracts/UnitRegistry.sol";
import {
    Account,
    Freeze,
    FundTerms,
    Proposal,
    ProposalKind,
    ProposalStatus,
    SourceLevel,
    TransferType
} from "../../../contracts/interfaces/IFundLedger.sol";
import {PageFailedPayments, PagePayment, Roster, RosterState} from "../../../contracts/interfaces/IRosterBook.sol";
import {IGovernance} from "../../../contracts/interfaces/IGovernance.sol";
import {ThresholdTier} from "../../../contracts/interfaces/IUnitRegistry.sol";
import {DivisionCode} from "../../../contracts/libraries/DivisionCode.sol";
import {RosterPage} from "../../../contracts/libraries/RosterPage.sol";
import {vm, Vm} from "../utils/Vm.sol";
import {HandlerRosters, RosterData} from "./HandlerRosters.sol";

/**
 * @notice Drives a FundTrace deployment with random but well-formed sequences
 * of operations, plus attempts that the rules forbid, and keeps ghost
 * accounting built from emitted logs (not from the contracts' own state).
 */
contract FundTraceHandler {
    using HandlerRosters for RosterData;

    error UnknownUnit(address unit);

    uint256 internal constant MAX_FUNDS = 3;
    uint256 internal constant MAX_ROSTERS = 6;
    /// @notice Room kept beyond MAX_ROSTERS for copies accepted as later instalments.
    uint256 internal constant MAX_INSTALMENT_COPIES = 3;
    uint256 internal constant MAX_ENTRIES = 300;
    bytes32 internal constant HOUSEHOLD_PAID = keccak256("HouseholdPaid(bytes32,uint256,uint256)");
    bytes32 internal constant PAYMENT_REISSUED = keccak256("PaymentReissued(bytes32,uint256,uint256)");
    bytes32 internal constant PAYMENT_FAILED = keccak256("PaymentFailed(bytes32,uint256,uint256,uint256,bytes32)");

    UnitRegistry public immutable registry;
    FundLedger public immutable ledger;
    RosterBook public immutable book;
    /// @notice Two supervisory offices (inspector accounts), and the governance that may lift any freeze.
    address public immutable inspector;
    address public immutable auditOffice;
    address public immutable governance;
    uint64 public immutable window;

    address[] public units;
    mapping(address unit => address) public preparer;
    mapping(address unit => address[2]) internal _approvers;

    uint256[] public funds;
    RosterData[] internal _rosters;

    // ------------------------------------------------------ ghost accounting
    /// @notice Payment logs per (roster, entry), counted from emitted events.
    mapping(uint256 rosterId => mapping(uint256 entry => uint256)) public ghostPaid;
    mapping(uint256 rosterId => mapping(uint256 entry => uint256)) public ghostFailed;
    /// @notice Payments whose household or amount is not the roster's entry.
    uint256 public ghostOffRoster;
    /// @notice Entries whose payment history broke a rule (paid twice, re-issued without failure, view disagrees).
    uint256 public ghostPaymentViolations;
    /// @notice Executed proposals that broke maker-checker.
    uint256 public ghostMakerCheckerViolations;
    /// @notice Forbidden operations that went through (self-approval, outsider approval, frozen outflow...).
    uint256 public ghostForbiddenSucceeded;
    /// @notice Inspector actions that changed any balance.
    uint256 public ghostInspectorMovedMoney;
    /// @notice Lifts by anyone but the freezing office or governance that went through, and lifts by them refused.
    uint256 public ghostFreezeViolations;
    /// @notice Each fund's instalments, and per family of rosters (one list of households) how many are live.
    mapping(uint256 fund => uint256) public instalmentsOf;
    /// @notice Index in `units` of the unit each fund entered at: nothing above it may ever hold any of it.
    mapping(uint256 fund => uint256) public rootOf;
    mapping(uint256 family => uint256) internal _familySize;
    /// @notice Net payments (paid and re-issued minus failed) per fund and household, from logs.
    mapping(uint256 fund => mapping(bytes32 household => uint256)) public ghostNetPayments;
    /// @notice A household paid more often than its fund allows, a place granted beyond them, or one refused below.
    uint256 public ghostInstalmentViolations;
    /// @notice Outflow totals of each frozen unit / fund when it was frozen.
    mapping(address unit => uint256) public outflowAtFreeze;
    mapping(uint256 fund => uint256) public fundOutflowAtFreeze;

    // ------------------------------------------------------------ call counts
    bytes32[18] internal ACTIONS = [
        bytes32("createFund"),
        "allocate",
        "returnUp",
        "reclaim",
        "publish",
        "disburse",
        "reissue",
        "recordFailure",
        "supervise",
        "liftFreeze",
        "inspectorMoves",
        "passTime",
        "duplicate",
        "midProposal",
        "pause",
        "fiscalParent",
        "amend",
        // Not called by the fuzzer: a copy accepted and kept as a later instalment (counted by `duplicate`).
        "instalment"
    ];
    mapping(bytes32 action => uint256) public calls;
    mapping(bytes32 action => uint256) public successes;
    uint256 public totalSuccesses;

    constructor(
        UnitRegistry registry_,
        FundLedger ledger_,
        RosterBook book_,
        address[2] memory offices,
        address governance_,
        address[] memory units_,
        address[] memory preparers,
        address[] memory approversA,
        address[] memory approversB
    ) {
        registry = registry_;
        ledger = ledger_;
        book = book_;
        inspector = offices[0];
        auditOffice = offices[1];
        governance = governance_;
        window = book_.announcementPeriod();
        units = units_;
        for (uint256 i = 0; i < units_.length; ++i) {
            preparer[units_[i]] = preparers[i];
            _approvers[units_[i]] = [approversA[i], approversB[i]];
        }
    }

    modifier counted(bytes32 action) {
        ++calls[action];
        _;
    }

    function _success(bytes32 action) internal {
        ++successes[action];
        ++totalSuccesses;
    }

    // ------------------------------------------------------------- actions

    function createFund(uint64 amountSeed) external counted("createFund") {
        if (funds.length >= MAX_FUNDS) return;
        uint128 amount = uint128(1e6 + (amountSeed % 1e11));
        // The first fund is a central transfer at the province; later ones enter at the level of a random source.
        SourceLevel source = funds.length == 0 ? SourceLevel.Central : SourceLevel((amountSeed >> 8) % 4);
        uint256 root = source == SourceLevel.Central ? 0 : uint256(source) - 1;
        FundTerms memory terms = FundTerms({
            unit: units[root],
            documentNumber: string.concat("doc-", vm.toString(funds.length)),
            classification: 2130505,
            programme: "xianjie",
            fiscalYear: 2026,
            source: source,
            transferType: TransferType.Special,
            amount: amount,
            // Half the funds pay each household once, half in two instalments.
            instalments: uint8(1 + (amountSeed % 2)),
            budgetApprovedAt: uint64(block.timestamp),
            receivedAt: uint64(block.timestamp),
            documentHash: keccak256("approval")
        });
        vm.prank(preparer[units[root]]);
        (uint256 fund, uint256 proposalId) = ledger.proposeFund(terms);
        _approve(units[root], proposalId);
        funds.push(fund);
        rootOf[fund] = root;
        instalmentsOf[fund] = terms.instalments;
        _success("createFund");
    }

    /// @notice Allocates part of a unit's balance to one of its children.
    function allocate(uint256 fundSeed, uint256 unitSeed, uint256 amountSeed) external counted("allocate") {
        if (funds.length == 0) return;
        uint256 fund = funds[fundSeed % funds.length];
        address from = units[unitSeed % units.length];
        address to = _childOf(from, amountSeed);
        if (to == address(0)) return;
        uint256 balance = ledger.balanceOf(from, fund);
        if (balance == 0) return;
        uint128 amount = uint128(1 + (amountSeed % balance));
        if (_frozen(fund, from)) {
            _attemptFrozenOutflow(fund, from, to, amount);
            return;
        }
        vm.prank(preparer[from]);
        uint256 proposalId = ledger.proposeAllocation(fund, from, to, amount, keccak256("allocation"));
        // A forbidden approval that got through is recorded; stop before anything could revert it.
        if (_tryForbiddenApprovals(from, proposalId)) return;
        _approve(from, proposalId);
        _success("allocate");
    }

    function returnUp(uint256 fundSeed, uint256 unitSeed, uint256 amountSeed) external counted("returnUp") {
        if (funds.length == 0) return;
        uint256 fund = funds[fundSeed % funds.length];
        address from = units[1 + (unitSeed % (units.length - 1))];
        uint256 balance = ledger.balanceOf(from, fund);
        if (balance == 0 || _frozen(fund, from)) return;
        uint128 amount = uint128(1 + (amountSeed % balance));
        vm.prank(preparer[from]);
        if (_indexOf(from) == rootOf[fund]) {
            // The unit the fund entered at has nothing above it in this fund.
            try ledger.proposeReturn(fund, from, amount, keccak256("return")) {
                ++ghostForbiddenSucceeded;
            } catch {}
            return;
        }
        uint256 proposalId = ledger.proposeReturn(fund, from, amount, keccak256("return"));
        _approve(from, proposalId);
        _success("returnUp");
    }

    function reclaim(uint256 fundSeed, uint256 unitSeed, uint256 amountSeed) external counted("reclaim") {
        if (funds.length == 0) return;
        uint256 fund = funds[fundSeed % funds.length];
        address child = units[1 + (unitSeed % (units.length - 1))];
        uint256 balance = ledger.balanceOf(child, fund);
        if (balance == 0 || _frozen(fund, child)) return;
        address parent = registry.unitOf(child).fiscalParent;
        uint128 amount = uint128(1 + (amountSeed % balance));
        vm.prank(preparer[parent]);
        if (_indexOf(child) == rootOf[fund]) {
            // A unit above the fund's entry cannot reclaim it.
            try ledger.proposeReclaim(fund, child, amount, keccak256("reclaim")) {
                ++ghostForbiddenSucceeded;
            } catch {}
            return;
        }
        uint256 proposalId = ledger.proposeReclaim(fund, child, amount, keccak256("reclaim"));
        _approve(parent, proposalId);
        _success("reclaim");
    }

    /**
     * @notice Publishes a roster, paid by its village, its township or its county, lets its window pass and approves
     * it. With `objected`, an inspector objects in the window: approval must be refused until the objection is
     * dismissed by an approver and an inspector concurs.
     */
    function publishRoster(
        uint256 fundSeed,
        uint256 villageSeed,
        uint256 countSeed,
        bool objected
    ) external counted("publish") {
        if (funds.length == 0 || _rosters.length >= MAX_ROSTERS) return;
        uint256 fund = funds[fundSeed % funds.length];
        address village = units[4 + (villageSeed % 2)];
        uint256 count = 1 + (countSeed % MAX_ENTRIES);
        RosterData storage roster = _rosters.push();
        roster.village = village;
        address[3] memory payers = [village, units[3], units[2]];
        address payer = payers[(countSeed / MAX_ENTRIES) % 3];
        roster.payer = payer;
        roster.fund = fund;
        roster.family = _rosters.length;
        _familySize[roster.family] = 1;
        uint128 total = roster.buildPages(count, _rosters.length);
        roster.count = uint32(count);
        roster.total = total;
        bytes32 root = roster.rootOf();
        vm.prank(preparer[village]);
        uint256 rosterId = book.publishRoster(fund, village, payer, root, uint32(count), total, keccak256("notice"));
        roster.id = rosterId;
        vm.prank(preparer[village]);
        book.enrolPages(rosterId, roster.enrolments());
        if (objected) {
            vm.prank(inspector);
            book.fileObjection(rosterId, "objection");
        }
        vm.warp(block.timestamp + window);
        if (objected) {
            vm.prank(_approvers[village][0]);
            try book.approveRoster(rosterId) {
                ++ghostForbiddenSucceeded;
            } catch {}
            vm.prank(_approvers[village][0]);
            book.resolveObjection(rosterId, 0, false, "ruling");
            vm.prank(auditOffice);
            book.concurDismissal(rosterId, 0);
        }
        _approveRoster(village, rosterId);
        _success("publish");
    }

    /**
     * @notice Publishes a live roster's list again for the same fund, in the same or the other village, and tries to
     * enrol it. A household is on as many live rosters of a fund as its instalments at most: the enrolment must be
     * refused once the list's households hold them all, and accepted before; an accepted copy is approved and paid
     * like any roster (when there is room to keep it).
     */
    function duplicate(uint256 rosterSeed, uint256 villageSeed) external counted("duplicate") {
        if (_rosters.length == 0) return;
        RosterData storage original = _rosters[rosterSeed % _rosters.length];
        address village = units[4 + (villageSeed % 2)];
        if (_frozen(original.fund, village)) return;
        bool allowed = _familySize[original.family] < instalmentsOf[original.fund];
        vm.prank(preparer[village]);
        uint256 rosterId = book.publishRoster(
            original.fund,
            village,
            village,
            original.rootOf(),
            original.count,
            original.total,
            keccak256("copy")
        );
        vm.prank(preparer[village]);
        try book.enrolPages(rosterId, original.enrolments()) {
            if (!allowed) ++ghostInstalmentViolations;
        } catch {
            if (allowed) ++ghostInstalmentViolations;
        }
        _success("duplicate");
        if (allowed && _rosters.length < MAX_ROSTERS + MAX_INSTALMENT_COPIES) {
            _keepInstalment(original, village, rosterId);
        } else {
            // The copy could never be approved, or there is no room to follow it: withdraw it.
            vm.prank(preparer[village]);
            book.withdrawRoster(rosterId, keccak256("copy"));
        }
    }

    /// @dev Follows an accepted copy of `original` as a later instalment: approved after its window, then payable.
    function _keepInstalment(RosterData storage original, address village, uint256 rosterId) internal {
        RosterData storage copy = _rosters.push();
        (copy.id, copy.village, copy.payer, copy.fund) = (rosterId, village, village, original.fund);
        (copy.count, copy.total, copy.family) = (original.count, original.total, original.family);
        for (uint256 p = 0; p < original.pages.length; ++p) {
            copy.pages.push(original.pages[p]);
            copy.proofs.push(original.proofs[p]);
        }
        ++_familySize[original.family];
        vm.warp(block.timestamp + window);
        _approveRoster(village, rosterId);
        ++calls["instalment"];
        _success("instalment");
    }

    function disburse(uint256 rosterSeed, uint256 pageSeed, uint256 select) external counted("disburse") {
        _pay(rosterSeed, pageSeed, select, false);
    }

    function reissue(uint256 rosterSeed, uint256 pageSeed) external counted("reissue") {
        _pay(rosterSeed, pageSeed, type(uint256).max, true);
    }

    /// @dev Pays (or re-issues) the selected entries of one page and checks every record it emits.
    function _pay(uint256 rosterSeed, uint256 pageSeed, uint256 select, bool again) internal {
        if (_rosters.length == 0) return;
        RosterData storage roster = _rosters[rosterSeed % _rosters.length];
        uint256 page = pageSeed % roster.pages.length;
        PagePayment[] memory payment = new PagePayment[](1);
        payment[0] = PagePayment({page: page, select: select, entries: roster.pages[page]});
        // A frozen payer or a frozen village stops the payment.
        bool frozen = _frozen(roster.fund, roster.payer) || ledger.isUnitFrozen(roster.village);
        vm.recordLogs();
        vm.prank(preparer[roster.payer]);
        try (again ? book.reissue : book.disburse)(roster.id, payment, keccak256("bank")) returns (
            uint256 paid,
            uint256
        ) {
            _countPayments(roster, again ? PAYMENT_REISSUED : HOUSEHOLD_PAID);
            if (frozen && paid > 0) ++ghostForbiddenSucceeded;
            if (paid > 0) _success(again ? bytes32("reissue") : bytes32("disburse"));
        } catch {
            vm.getRecordedLogs();
        }
    }

    /// @notice Reports one random paid entry of a roster as failed at the bank.
    function recordFailure(uint256 rosterSeed, uint256 entrySeed) external counted("recordFailure") {
        if (_rosters.length == 0) return;
        RosterData storage roster = _rosters[rosterSeed % _rosters.length];
        uint256 page = entrySeed % roster.pages.length;
        uint256 slot = (entrySeed >> 8) % (roster.pages[page].length / RosterPage.ENTRY_SIZE);
        PageFailedPayments[] memory failures = new PageFailedPayments[](1);
        uint256[] memory slots = new uint256[](1);
        slots[0] = slot;
        bytes32[] memory reasons = new bytes32[](1);
        reasons[0] = "CARD_CLOSED";
        failures[0] = PageFailedPayments({page: page, entries: roster.pages[page], slots: slots, reasons: reasons});
        vm.recordLogs();
        vm.prank(preparer[roster.payer]);
        try book.recordFailedPayments(roster.id, failures) {
            Vm.Log[] memory logs = vm.getRecordedLogs();
            for (uint256 i = 0; i < logs.length; ++i) {
                if (logs[i].emitter == address(book) && logs[i].topics[0] == PAYMENT_FAILED) {
                    (uint256 entry, , ) = abi.decode(logs[i].data, (uint256, uint256, bytes32));
                    ++ghostFailed[roster.id][entry];
                    --ghostNetPayments[roster.fund][logs[i].topics[1]];
                    _checkEntry(roster.id, entry);
                }
            }
            _success("recordFailure");
        } catch {
            vm.getRecordedLogs();
        }
    }

    /// @notice One of two offices freezes a unit or a fund in a new case; no balance may change.
    function supervise(uint256 targetSeed, bool onFund, bool byAudit) external counted("supervise") {
        uint256 before = _balanceFingerprint();
        address office = byAudit ? auditOffice : inspector;
        bytes32 decision = keccak256(abi.encode("case", ledger.freezeCount()));
        vm.startPrank(office);
        if (onFund && funds.length > 0) {
            uint256 fund = funds[targetSeed % funds.length];
            if (!ledger.isFundFrozen(fund)) fundOutflowAtFreeze[fund] = _fundOutflow(fund);
            ledger.freezeFund(fund, decision);
        } else {
            address unit = units[targetSeed % units.length];
            if (!ledger.isUnitFrozen(unit)) outflowAtFreeze[unit] = _unitOutflow(unit);
            ledger.freezeUnit(unit, decision);
        }
        vm.stopPrank();
        if (_balanceFingerprint() != before) ++ghostInspectorMovedMoney;
        _success("supervise");
    }

    /// @notice Someone tries to lift a freeze: only its office or governance may, and they always can while in force.
    function liftFreeze(uint256 freezeSeed, uint8 callerSeed) external counted("liftFreeze") {
        uint256 count = ledger.freezeCount();
        if (count == 0) return;
        uint256 freezeId = (freezeSeed % count) + 1;
        Freeze memory f = ledger.freezeOf(freezeId);
        address[5] memory callers = [inspector, auditOffice, governance, preparer[units[0]], _approvers[units[4]][0]];
        address caller = callers[callerSeed % callers.length];
        bool entitled = f.liftedAt == 0 && (caller == f.office || caller == governance);
        uint256 before = _balanceFingerprint();
        vm.prank(caller);
        try ledger.liftFreeze(freezeId, keccak256("lifted")) {
            if (!entitled) ++ghostFreezeViolations;
            _success("liftFreeze");
        } catch {
            if (entitled) ++ghostFreezeViolations;
        }
        if (_balanceFingerprint() != before) ++ghostInspectorMovedMoney;
    }

    /// @notice An inspector tries to move money by every route; none may succeed.
    function inspectorTriesToMoveMoney(uint256 fundSeed) external counted("inspectorMoves") {
        if (funds.length == 0) return;
        uint256 fund = funds[fundSeed % funds.length];
        uint256 before = _balanceFingerprint();
        vm.startPrank(inspector);
        try ledger.payOut(fund, units[4], DivisionCode.householdsAddress(units[4]), 1, 1, inspector) {
            ++ghostForbiddenSucceeded;
        } catch {}
        try ledger.proposeAllocation(fund, units[0], units[1], 1, keccak256("x")) {
            ++ghostForbiddenSucceeded;
        } catch {}
        try ledger.safeTransferFrom(units[0], inspector, fund, 1, "") {
            ++ghostForbiddenSucceeded;
        } catch {}
        vm.stopPrank();
        if (_balanceFingerprint() != before) ++ghostInspectorMovedMoney;
        _success("inspectorMoves");
    }

    /**
     * @notice Governance changes a unit's officers and threshold while a proposal waits: the threshold goes to two,
     * a proposal is made, one approver approves, then governance lowers the threshold and removes that approver,
     * and the other approves. The proposal keeps the threshold it was made with and a removed officer's approval
     * no longer counts, so it must not execute. Everything is put back afterwards.
     */
    function approverRemovedMidProposal(
        uint256 fundSeed,
        uint256 unitSeed,
        uint256 amountSeed
    ) external counted("midProposal") {
        if (funds.length == 0) return;
        uint256 fund = funds[fundSeed % funds.length];
        address from = units[unitSeed % units.length];
        address to = _childOf(from, amountSeed);
        uint256 balance = ledger.balanceOf(from, fund);
        if (to == address(0) || balance == 0 || _frozen(fund, from)) return;
        _midProposal(fund, from, to, uint128(1 + (amountSeed % balance)));
        _success("midProposal");
    }

    function _midProposal(uint256 fund, address from, address to, uint128 amount) internal {
        (uint8 base, ThresholdTier[] memory tiers) = registry.approvalPolicyOf(from);
        ThresholdTier[] memory none = new ThresholdTier[](0);
        address[2] memory approvers = _approvers[from];
        vm.prank(governance);
        registry.setApprovalPolicy(from, 2, none);
        vm.prank(preparer[from]);
        uint256 proposalId = ledger.proposeAllocation(fund, from, to, amount, "mid");
        vm.prank(approvers[0]);
        ledger.approveProposal(proposalId);
        vm.startPrank(governance);
        registry.setApprovalPolicy(from, 1, none);
        registry.removeApprover(from, approvers[0]);
        vm.stopPrank();
        vm.prank(approvers[1]);
        ledger.approveProposal(proposalId);
        if (ledger.proposalOf(proposalId).status == ProposalStatus.Executed) ++ghostMakerCheckerViolations;
        vm.startPrank(governance);
        registry.addApprover(from, approvers[0]);
        registry.setApprovalPolicy(from, base, tiers);
        vm.stopPrank();
        vm.prank(preparer[from]);
        ledger.cancelProposal(proposalId);
    }

    /**
     * @notice A guardian pauses the deployment: no proposal, payment or roster goes through and no balance
     * changes until governance resumes it.
     */
    function pauseAndTry(uint256 fundSeed, uint256 rosterSeed) external counted("pause") {
        if (funds.length == 0 || _rosters.length == 0) return;
        uint256 fund = funds[fundSeed % funds.length];
        RosterData storage roster = _rosters[rosterSeed % _rosters.length];
        uint256 before = _balanceFingerprint();
        vm.prank(IGovernance(governance).guardians()[0]);
        registry.pause();
        vm.prank(preparer[units[0]]);
        try ledger.proposeAllocation(fund, units[0], units[1], 1, "paused") {
            ++ghostForbiddenSucceeded;
        } catch {}
        PagePayment[] memory pages = new PagePayment[](1);
        pages[0] = PagePayment({page: 0, select: type(uint256).max, entries: roster.pages[0]});
        vm.startPrank(preparer[roster.payer]);
        try book.disburse(roster.id, pages, "paused") {
            ++ghostForbiddenSucceeded;
        } catch {}
        try
            book.publishRoster(
                fund,
                roster.village,
                roster.village,
                roster.rootOf(),
                roster.count,
                roster.total,
                "paused"
            )
        {
            ++ghostForbiddenSucceeded;
        } catch {}
        vm.stopPrank();
        if (_balanceFingerprint() != before) ++ghostForbiddenSucceeded;
        vm.prank(governance);
        registry.unpause();
        _success("pause");
    }

    /// @notice Sets up each run with a fund reaching both villages and an approved roster in each.
    function bootstrap() external {
        this.createFund(5e10);
        uint256 fund = funds[0];
        for (uint256 i = 0; i < 3; ++i) {
            _moveDown(fund, units[i], units[i + 1], 2e9);
        }
        _moveDown(fund, units[3], units[4], 1e9);
        _moveDown(fund, units[3], units[5], 1e9);
        this.publishRoster(0, 0, 299, false);
        this.publishRoster(0, 1, 40, true);
        // Bootstrap calls are not the fuzzer's: start the counts from zero.
        for (uint256 i = 0; i < ACTIONS.length; ++i) {
            calls[ACTIONS[i]] = 0;
            successes[ACTIONS[i]] = 0;
        }
        totalSuccesses = 0;
    }

    /// @notice The action names, for reports.
    function actions() external view returns (bytes32[18] memory) {
        return ACTIONS;
    }

    function _moveDown(uint256 fund, address from, address to, uint128 amount) internal {
        vm.prank(preparer[from]);
        uint256 proposalId = ledger.proposeAllocation(fund, from, to, amount, keccak256("allocation"));
        _approve(from, proposalId);
    }

    /**
     * @notice Governance moves the county under the province directly (省直管县) or back under its city. Money
     * already at the city or the county stays where it is; from then on only the fiscal parent allocates to the
     * county, takes its returns and reclaims from it, which allocate/returnUp/reclaim exercise.
     */
    function fiscalParent(bool direct) external counted("fiscalParent") {
        address county = units[2];
        address target = direct ? units[0] : units[1];
        vm.prank(governance);
        registry.setFiscalParent(county, target, keccak256("arrangement"));
        // The city can no longer allocate to a county it does not manage.
        if (direct) {
            uint256 fund = funds[0];
            uint256 balance = ledger.balanceOf(units[1], fund);
            if (balance != 0 && !_frozen(fund, units[1])) {
                vm.prank(preparer[units[1]]);
                try ledger.proposeAllocation(fund, units[1], county, 1, keccak256("skipped")) {
                    ++ghostForbiddenSucceeded;
                } catch {}
            }
        }
        _success("fiscalParent");
    }

    /**
     * @notice A top-up (追加) or a cut (调减) at the fund's receiving unit, approved by its approvers: the fund's
     * amount changes and conservation must hold against the new amount (a frozen unit is never cut).
     */
    function amend(uint256 fundSeed, uint64 amountSeed, bool cut) external counted("amend") {
        if (funds.length == 0) return;
        uint256 fund = funds[fundSeed % funds.length];
        address unit = units[rootOf[fund]];
        uint256 balance = ledger.balanceOf(unit, fund);
        if (cut && (balance == 0 || _frozen(fund, unit))) return;
        uint128 amount = uint128(1 + (cut ? amountSeed % balance : amountSeed % 1e9));
        vm.prank(preparer[unit]);
        uint256 proposalId = ledger.proposeAmendment(
            fund,
            cut ? ProposalKind.Cut : ProposalKind.TopUp,
            amount,
            "amendment",
            keccak256("amendment")
        );
        _approve(unit, proposalId);
        _success("amend");
    }

    function passTime(uint32 seconds_) external counted("passTime") {
        vm.warp(block.timestamp + (seconds_ % 90 days));
        _success("passTime");
    }

    // ---------------------------------------------------------------- views

    function fundCount() external view returns (uint256) {
        return funds.length;
    }

    function unitCount() external view returns (uint256) {
        return units.length;
    }

    function rosterCount() external view returns (uint256) {
        return _rosters.length;
    }

    function rosterAt(uint256 index) external view returns (uint256 id, uint256 entries) {
        RosterData storage roster = _rosters[index];
        uint256 last = roster.pages.length - 1;
        return (roster.id, last * RosterPage.PAGE_SIZE + roster.pages[last].length / RosterPage.ENTRY_SIZE);
    }

    /// @notice Where roster `index` pays from: its village and fund.
    function rosterPayer(uint256 index) external view returns (address village, address payer, uint256 fund) {
        RosterData storage roster = _rosters[index];
        return (roster.village, roster.payer, roster.fund);
    }

    /// @notice The committed amount of entry `entry` of roster `index`, read from the handler's own pages.
    function entryAmount(uint256 index, uint256 entry) external view returns (uint256) {
        bytes storage page = _rosters[index].pages[entry / RosterPage.PAGE_SIZE];
        uint256 at = (entry % RosterPage.PAGE_SIZE) * RosterPage.ENTRY_SIZE + 32;
        uint64 amount;
        for (uint256 i = 0; i < 8; ++i) amount = (amount << 8) | uint8(page[at + i]);
        return amount;
    }

    function isApprover(address unit, address account) external view returns (bool) {
        return _approvers[unit][0] == account || _approvers[unit][1] == account;
    }

    function unitOutflow(address unit) external view returns (uint256) {
        return _unitOutflow(unit);
    }

    function fundOutflow(uint256 fund) external view returns (uint256) {
        return _fundOutflow(fund);
    }

    // ------------------------------------------------------------- internal

    function _approve(address unit, uint256 proposalId) internal {
        uint256 required = ledger.proposalOf(proposalId).requiredApprovals;
        for (uint256 i = 0; i < required; ++i) {
            vm.prank(_approvers[unit][i]);
            ledger.approveProposal(proposalId);
        }
        _checkMakerChecker(proposalId);
    }

    /// @dev An executed proposal: threshold reached by distinct approvers of its unit, never its proposer.
    function _checkMakerChecker(uint256 proposalId) internal {
        Proposal memory proposal = ledger.proposalOf(proposalId);
        bool ok =
            proposal.status == ProposalStatus.Executed &&
                proposal.requiredApprovals >= 1 &&
                proposal.approvals.length >= proposal.requiredApprovals;
        for (uint256 i = 0; ok && i < proposal.approvals.length; ++i) {
            address approver = proposal.approvals[i];
            ok = approver != proposal.proposer && registry.isApprover(proposal.unit, approver);
            for (uint256 j = 0; ok && j < i; ++j) ok = proposal.approvals[j] != approver;
        }
        if (!ok) ++ghostMakerCheckerViolations;
    }

    /**
     * @dev The village's approvers approve; for a roster another unit pays, the village's approval alone must leave
     * it unpayable (an intruding village approver is refused), and the payer's approvers then approve.
     */
    function _approveRoster(address village, uint256 rosterId) internal {
        Roster memory roster = book.rosterOf(rosterId);
        for (uint256 i = 0; i < roster.requiredApprovals; ++i) {
            vm.prank(_approvers[village][i]);
            book.approveRoster(rosterId);
        }
        if (roster.payer == village) return;
        if (book.rosterState(rosterId) == RosterState.Approved) ++ghostForbiddenSucceeded;
        vm.prank(_approvers[village][1]);
        try book.approveRoster(rosterId) {
            ++ghostForbiddenSucceeded;
        } catch {}
        for (uint256 i = 0; i < roster.payerRequiredApprovals; ++i) {
            vm.prank(_approvers[roster.payer][i]);
            book.approveRoster(rosterId);
        }
    }

    /// @dev The proposer, an outsider and an approver of another unit each try to approve; none may.
    function _tryForbiddenApprovals(address unit, uint256 proposalId) internal returns (bool anySucceeded) {
        address other = _approvers[units[(_indexOf(unit) + 1) % units.length]][0];
        address[3] memory intruders = [preparer[unit], inspector, other];
        for (uint256 i = 0; i < intruders.length; ++i) {
            vm.prank(intruders[i]);
            try ledger.approveProposal(proposalId) {
                ++ghostForbiddenSucceeded;
                anySucceeded = true;
            } catch {}
        }
    }

    function _attemptFrozenOutflow(uint256 fund, address from, address to, uint128 amount) internal {
        vm.prank(preparer[from]);
        try ledger.proposeAllocation(fund, from, to, amount, keccak256("allocation")) returns (uint256) {
            ++ghostForbiddenSucceeded;
        } catch {}
    }

    function _countPayments(RosterData storage roster, bytes32 topic) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].emitter != address(book) || logs[i].topics[0] != topic) continue;
            (uint256 entry, uint256 amount) = abi.decode(logs[i].data, (uint256, uint256));
            ++ghostPaid[roster.id][entry];
            (bytes32 household, uint256 expected) = roster.entryAt(entry);
            if (household != logs[i].topics[1] || amount != expected) ++ghostOffRoster;
            if (++ghostNetPayments[roster.fund][household] > instalmentsOf[roster.fund]) ++ghostInstalmentViolations;
            _checkEntry(roster.id, entry);
        }
    }

    /// @dev The payment history of one entry, from logs, and the contract's view of it.
    function _checkEntry(uint256 rosterId, uint256 entry) internal {
        uint256 paid = ghostPaid[rosterId][entry];
        uint256 failed = ghostFailed[rosterId][entry];
        bool ok =
            paid <= 2 &&
                failed <= paid &&
                paid - failed <= 1 &&
                (paid < 2 || failed >= 1) &&
                (book.isPaid(rosterId, entry) ? 1 : 0) == paid - failed;
        if (!ok) ++ghostPaymentViolations;
    }

    /// @dev One of the units whose fiscal parent `unit` is now (zero when none: villages, or a city skipped).
    function _childOf(address unit, uint256 seed) internal view returns (address) {
        address[] memory children = new address[](units.length);
        uint256 count = 0;
        for (uint256 i = 0; i < units.length; ++i) {
            if (registry.unitOf(units[i]).fiscalParent == unit) children[count++] = units[i];
        }
        return count == 0 ? address(0) : children[seed % count];
    }

    function _indexOf(address unit) internal view returns (uint256) {
        for (uint256 i = 0; i < units.length; ++i) if (units[i] == unit) return i;
        revert UnknownUnit(unit);
    }

    function _frozen(uint256 fund, address unit) internal view returns (bool) {
        return ledger.isFundFrozen(fund) || ledger.isUnitFrozen(unit);
    }

    function _unitOutflow(address unit) internal view returns (uint256 total) {
        for (uint256 f = 0; f < funds.length; ++f) {
            Account memory a = ledger.accountOf(funds[f], unit);
            total += uint256(a.allocated) + a.paid + a.returned + a.reclaimed;
        }
    }

    function _fundOutflow(uint256 fund) internal view returns (uint256 total) {
        for (uint256 u = 0; u < units.length; ++u) {
            Account memory a = ledger.accountOf(fund, units[u]);
            total += uint256(a.allocated) + a.paid + a.returned + a.reclaimed;
        }
    }

    function _balanceFingerprint() internal view returns (uint256 fingerprint) {
        for (uint256 f = 0; f < funds.length; ++f) {
            for (uint256 u = 0; u < units.length; ++u) {
                Account memory a = ledger.accountOf(funds[f], units[u]);
                fingerprint = uint256(keccak256(abi.encode(fingerprint, a)));
            }
        }
    }
}
