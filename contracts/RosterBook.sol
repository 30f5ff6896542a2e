// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import {Fund, FundStatus, IFundLedger} from "./interfaces/IFundLedger.sol";
import {
    EntryStatus,
    IRosterBook,
    Objection,
    ObjectionStatus,
    PageEnrolment,
    PageFailedPayments,
    PagePayment,
    Roster,
    RosterState,
    RosterStatus
} from "./interfaces/IRosterBook.sol";
import {IUnitRegistry, Level, Unit} from "./interfaces/IUnitRegistry.sol";
import {DivisionCode} from "./libraries/DivisionCode.sol";
import {PaidBits} from "./libraries/PaidBits.sol";
import {RosterPage} from "./libraries/RosterPage.sol";
import {RosterMigration} from "./roster/RosterMigration.sol";
import {RosterStorage} from "./roster/RosterStorage.sol";

/**
 * @title RosterBook
 * @notice Rosters, public announcement, approval and household payments of
 * one FundTrace deployment. See {IRosterBook}.
 * @dev Payment state is four 256-bit words per page ({PaidBits}); paying a
 * page reads and writes one of them. The money itself moves in
 * {IFundLedger-payOut} and {IFundLedger-creditFailedPayment}, once per call, from
 * the roster's payer (the village, or its township or county).
 * The state lives in {RosterStorage}; {RosterMigration} seals the book and
 * imports a sealed predecessor's rosters.
 */
contract RosterBook is IRosterBook, RosterMigration {
    using PaidBits for PaidBits.Page;

    /// @dev Topic of {IRosterBook-HouseholdPaid}, emitted from assembly on the hot path.
    bytes32 private constant HOUSEHOLD_PAID = keccak256("HouseholdPaid(bytes32,uint256,uint256)");
    /// @dev Topic of {IRosterBook-PaymentReissued}.
    bytes32 private constant PAYMENT_REISSUED = keccak256("PaymentReissued(bytes32,uint256,uint256)");

    /// @dev See {RosterStorage-constructor}.
    constructor(IFundLedger fundLedger, uint64 period) RosterStorage(fundLedger, period) {}

    // ------------------------------------------------------------- rosters

    /// @inheritdoc IRosterBook
    function publishRoster(
        uint256 fund,
        address village,
        address payer,
        bytes32 root,
        uint32 entryCount,
        uint128 total,
        bytes32 noticeHash
    ) external whenNotPaused returns (uint256 rosterId) {
        uint8 instalments = _requirePublishable(fund, village, payer);
        if (root == 0 || entryCount == 0 || total == 0 || noticeHash == 0) {
            revert RosterInvalidCommitment(root, entryCount, total, noticeHash);
        }
        uint8 required = _registry.requiredApprovals(village, total);
        uint64 windowEndsAt = uint64(block.timestamp) + announcementPeriod;
        rosterId = ++rosterCount;
        Roster storage roster = _rosters[rosterId];
        roster.fund = fund;
        roster.village = village;
        roster.entryCount = entryCount;
        roster.publishedAt = uint64(block.timestamp);
        roster.root = root;
        roster.total = total;
        roster.windowEndsAt = windowEndsAt;
        roster.requiredApprovals = required;
        roster.status = RosterStatus.Announced;
        roster.noticeHash = noticeHash;
        roster.publisher = msg.sender;
        roster.instalments = instalments;
        roster.payer = payer;
        if (payer != village) roster.payerRequiredApprovals = _registry.requiredApprovals(payer, total);
        _emitPublished(rosterId, roster);
    }

    /// @inheritdoc IRosterBook
    function enrolPages(
        uint256 rosterId,
        PageEnrolment[] calldata pages
    ) external whenNotPaused returns (uint256 households) {
        Roster storage roster = _rosterInState(
            rosterId,
            _bit(RosterState.InWindow) | _bit(RosterState.Objected) | _bit(RosterState.AwaitingApproval)
        );
        _requirePreparer(roster.village);
        uint256 amount;
        for (uint256 p = 0; p < pages.length; ++p) {
            (uint256 pageHouseholds, uint256 pageAmount) = _enrolPage(rosterId, roster, pages[p]);
            households += pageHouseholds;
            amount += pageAmount;
        }
        uint256 enrolled = roster.enrolled + households;
        uint256 enrolledTotal = roster.enrolledTotal + amount;
        uint256 total = roster.total;
        if (enrolledTotal > total) revert RosterTotalExceeded(rosterId, total, enrolledTotal);
        if (enrolled == roster.entryCount && enrolledTotal != total) {
            revert RosterTotalMismatch(rosterId, total, enrolledTotal);
        }
        // enrolled <= entryCount (pages in range, each once) and enrolledTotal <= total, so both casts are exact.
        roster.enrolled = uint32(enrolled);
        roster.enrolledTotal = uint128(enrolledTotal);
        emit RosterPagesEnrolled(rosterId, households, amount, enrolled);
    }

    /// @inheritdoc IRosterBook
    function fileObjection(
        uint256 rosterId,
        bytes32 documentHash
    ) external whenNotPaused returns (uint256 objectionIndex) {
        Roster storage roster = _rosterInState(rosterId, _bit(RosterState.InWindow) | _bit(RosterState.Objected));
        // Objections are accepted only while the window is open.
        if (block.timestamp >= roster.windowEndsAt) {
            revert RosterUnexpectedState(rosterId, rosterState(rosterId), _bit(RosterState.InWindow));
        }
        address village = roster.village;
        if (
            !_registry.isPreparer(village, msg.sender) &&
            !_registry.isApprover(village, msg.sender) &&
            !_registry.hasRole(_registry.INSPECTOR_ROLE(), msg.sender)
        ) revert RosterNotObjector(village, msg.sender);
        if (documentHash == 0) revert RosterEmptyDocument();
        if (_hasOpenObjection[rosterId][msg.sender]) revert RosterObjectionOpen(rosterId, msg.sender);
        _hasOpenObjection[rosterId][msg.sender] = true;
        objectionIndex = _objections[rosterId].length;
        _objections[rosterId].push(
            Objection({
                documentHash: documentHash,
                filedBy: msg.sender,
                filedAt: uint64(block.timestamp),
                byInspector: _registry.hasRole(_registry.INSPECTOR_ROLE(), msg.sender),
                status: ObjectionStatus.Open,
                resolvedAt: 0,
                resolvedBy: address(0),
                concurredBy: address(0),
                resolutionHash: 0
            })
        );
        // Cannot overflow: each account holds at most one open objection per roster.
        ++roster.openObjections;
        emit ObjectionFiled(rosterId, objectionIndex, documentHash, msg.sender);
    }

    /// @inheritdoc IRosterBook
    function resolveObjection(
        uint256 rosterId,
        uint256 objectionIndex,
        bool upheld,
        bytes32 resolutionHash
    ) external whenNotPaused {
        Roster storage roster = _rosterInState(
            rosterId,
            _bit(RosterState.InWindow) | _bit(RosterState.Objected) | _bit(RosterState.AwaitingApproval)
        );
        _requireApprover(roster.village);
        if (resolutionHash == 0) revert RosterEmptyDocument();
        Objection storage objection = _openObjection(rosterId, objectionIndex);
        if (msg.sender == objection.filedBy || msg.sender == roster.publisher) {
            revert RosterResolverNotIndependent(rosterId, objectionIndex, msg.sender);
        }
        objection.resolvedAt = uint64(block.timestamp);
        objection.resolvedBy = msg.sender;
        objection.resolutionHash = resolutionHash;
        if (!upheld && objection.byInspector) {
            if (objection.status == ObjectionStatus.DismissalProposed) {
                revert RosterDismissalPending(rosterId, objectionIndex, objection.status);
            }
            objection.status = ObjectionStatus.DismissalProposed;
            emit ObjectionDismissalProposed(rosterId, objectionIndex, resolutionHash, msg.sender);
            return;
        }
        _settle(rosterId, roster, objection, objectionIndex, upheld);
    }

    /// @inheritdoc IRosterBook
    function concurDismissal(uint256 rosterId, uint256 objectionIndex) external whenNotPaused {
        Roster storage roster = _rosterInState(
            rosterId,
            _bit(RosterState.InWindow) | _bit(RosterState.Objected) | _bit(RosterState.AwaitingApproval)
        );
        if (!_registry.hasRole(_registry.INSPECTOR_ROLE(), msg.sender)) {
            revert RosterNotObjector(roster.village, msg.sender);
        }
        Objection storage objection = _openObjection(rosterId, objectionIndex);
        if (objection.status != ObjectionStatus.DismissalProposed) {
            revert RosterDismissalPending(rosterId, objectionIndex, objection.status);
        }
        objection.concurredBy = msg.sender;
        emit ObjectionDismissalConcurred(rosterId, objectionIndex, msg.sender);
        _settle(rosterId, roster, objection, objectionIndex, false);
    }

    /// @inheritdoc IRosterBook
    function approveRoster(uint256 rosterId) external whenNotPaused {
        Roster storage roster = _rosterInState(rosterId, _bit(RosterState.AwaitingApproval));
        // The village's approvers first; for a roster another unit pays, that unit's approvers after them.
        bool byPayer = roster.villageApprovedAt != 0;
        address unit = byPayer ? roster.payer : roster.village;
        _requireApprover(unit);
        if (msg.sender == roster.publisher) revert RosterPublisherCannotApprove(rosterId, msg.sender);
        if (roster.enrolled != roster.entryCount)
            revert RosterNotEnrolled(rosterId, roster.enrolled, roster.entryCount);
        address[] storage approvals = byPayer ? roster.payerApprovals : roster.approvals;
        uint256 required = byPayer ? roster.payerRequiredApprovals : roster.requiredApprovals;
        uint256 recorded = approvals.length;
        // Only approvals of officers who are still approvers count: one removed since no longer does.
        uint256 count = 1;
        for (uint256 i = 0; i < recorded; ++i) {
            address earlier = approvals[i];
            if (earlier == msg.sender) revert RosterAlreadyApproved(rosterId, msg.sender);
            if (_registry.isApprover(unit, earlier)) ++count;
        }
        approvals.push(msg.sender);
        emit RosterApprovalRecorded(rosterId, msg.sender, count, required, unit);
        if (count < required) return;
        if (!byPayer && roster.payer != unit) {
            roster.villageApprovedAt = uint64(block.timestamp);
            emit RosterVillageApproved(rosterId, unit, roster.payer);
        } else {
            roster.status = RosterStatus.Approved;
            roster.approvedAt = uint64(block.timestamp);
            emit RosterApproved(rosterId, roster.fund, roster.village);
        }
    }

    /// @inheritdoc IRosterBook
    function withdrawRoster(uint256 rosterId, bytes32 reasonHash) external whenNotPaused {
        Roster storage roster = _rosterInState(
            rosterId,
            _bit(RosterState.InWindow) | _bit(RosterState.Objected) | _bit(RosterState.AwaitingApproval)
        );
        _requirePreparer(roster.village);
        roster.status = RosterStatus.Withdrawn;
        emit RosterWithdrawn(rosterId, msg.sender, reasonHash);
    }

    // ---------------------------------------------------------- disbursement

    /// @inheritdoc IRosterBook
    function disburse(
        uint256 rosterId,
        PagePayment[] calldata pages,
        bytes32 bankBatchRef
    ) external whenNotPaused returns (uint256 households, uint256 amount) {
        return _pay(rosterId, pages, bankBatchRef, false);
    }

    /// @inheritdoc IRosterBook
    function reissue(
        uint256 rosterId,
        PagePayment[] calldata pages,
        bytes32 bankBatchRef
    ) external whenNotPaused returns (uint256 households, uint256 amount) {
        return _pay(rosterId, pages, bankBatchRef, true);
    }

    /// @inheritdoc IRosterBook
    function recordFailedPayments(
        uint256 rosterId,
        PageFailedPayments[] calldata pages
    ) external whenNotPaused returns (uint256 households, uint256 amount) {
        Roster storage roster = _rosterInState(rosterId, _bit(RosterState.Approved));
        address village = roster.village;
        address payer = roster.payer;
        _requirePreparer(payer);
        for (uint256 p = 0; p < pages.length; ++p) {
            (uint256 pageHouseholds, uint256 pageAmount) = _failPage(rosterId, pages[p]);
            households += pageHouseholds;
            amount += pageAmount;
        }
        if (amount != 0) {
            // amount is bounded by the roster's net payments, below 2^128.
            roster.failed += uint128(amount);
            address payee = DivisionCode.householdsAddress(village);
            _ledger.creditFailedPayment(roster.fund, payer, payee, amount, rosterId, msg.sender);
            emit FailedPaymentsRecorded(rosterId, roster.fund, village, payer, households, amount);
        }
    }

    // ----------------------------------------------------------------- views

    /// @inheritdoc IRosterBook
    function ledger() external view returns (address) {
        return address(_ledger);
    }

    /// @inheritdoc IRosterBook
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IRosterBook
    function rosterOf(uint256 rosterId) external view returns (Roster memory) {
        return _rosters[rosterId];
    }

    /// @inheritdoc IRosterBook
    function rosterState(uint256 rosterId) public view returns (RosterState) {
        Roster storage roster = _rosters[rosterId];
        RosterStatus status = roster.status;
        if (status == RosterStatus.None) return RosterState.None;
        if (status == RosterStatus.Approved) return RosterState.Approved;
        if (status == RosterStatus.Rejected) return RosterState.Rejected;
        if (status == RosterStatus.Withdrawn) return RosterState.Withdrawn;
        if (block.timestamp < roster.windowEndsAt) return RosterState.InWindow;
        return roster.openObjections != 0 ? RosterState.Objected : RosterState.AwaitingApproval;
    }

    /// @inheritdoc IRosterBook
    function objectionCount(uint256 rosterId) external view returns (uint256) {
        return _objections[rosterId].length;
    }

    /// @inheritdoc IRosterBook
    function objectionOf(uint256 rosterId, uint256 objectionIndex) external view returns (Objection memory) {
        if (objectionIndex >= _objections[rosterId].length) revert RosterUnknownObjection(rosterId, objectionIndex);
        return _objections[rosterId][objectionIndex];
    }

    /// @inheritdoc IRosterBook
    function entryStatus(uint256 rosterId, uint256 entry) public view returns (EntryStatus) {
        return _bits[rosterId][entry / RosterPage.PAGE_SIZE].status(entry % RosterPage.PAGE_SIZE);
    }

    /// @inheritdoc IRosterBook
    function isPaid(uint256 rosterId, uint256 entry) external view returns (bool) {
        EntryStatus status = entryStatus(rosterId, entry);
        return status == EntryStatus.Paid || status == EntryStatus.Reissued;
    }

    /// @inheritdoc IRosterBook
    function pageBits(
        uint256 rosterId,
        uint256 page
    ) external view returns (uint256 paid, uint256 failed, uint256 reissued, uint256 reissueFailed) {
        PaidBits.Page storage bits = _bits[rosterId][page];
        return (bits.paid, bits.failed, bits.reissued, bits.reissueFailed);
    }

    /// @inheritdoc IRosterBook
    function pageLeaf(uint256 page, bytes calldata entries) external pure returns (bytes32) {
        return RosterPage.leaf(page, entries);
    }

    /// @inheritdoc IRosterBook
    function pageHashOf(uint256 rosterId, uint256 page) external view returns (bytes32) {
        return _pageHash[rosterId][page];
    }

    /// @inheritdoc IRosterBook
    function claimsOf(uint256 fund, bytes32 household) external view returns (uint256[] memory rosterIds) {
        rosterIds = new uint256[](_ledger.fundOf(fund).terms.instalments);
        for (uint256 place = 0; place < rosterIds.length; ++place) {
            rosterIds[place] = _liveClaim(_claims[fund][household], fund, household, place);
        }
    }

    // -------------------------------------------------------------- internal

    /// @dev Announces a roster just published, from its record (one call frame holds too few variables for all).
    function _emitPublished(uint256 rosterId, Roster storage roster) private {
        emit RosterPublished(
            rosterId,
            roster.fund,
            roster.village,
            roster.root,
            roster.entryCount,
            roster.total,
            roster.noticeHash,
            roster.windowEndsAt,
            roster.requiredApprovals,
            msg.sender,
            roster.payer
        );
    }

    /**
     * @dev A roster is published by a preparer of a village, for an active fund, paid by the village itself, its
     * township or its county (none above the level that pays households). Returns the fund's instalments.
     */
    function _requirePublishable(uint256 fund, address village, address payer) private view returns (uint8) {
        Unit memory unit = _registry.unitOf(village);
        if (unit.level != Level.Village) revert RosterNotVillage(village);
        if (payer != village && payer != unit.parent && payer != _registry.unitOf(unit.parent).parent) {
            revert RosterInvalidPayer(village, payer);
        }
        _requirePreparer(village);
        Fund memory record = _ledger.fundOf(fund);
        if (record.status != FundStatus.Active) revert RosterFundNotActive(fund);
        return record.terms.instalments;
    }

    /**
     * @dev Pays (or re-issues) the selected entries of each page: one storage
     * word read and written per page, one log per household, one ledger call.
     */
    function _pay(
        uint256 rosterId,
        PagePayment[] calldata pages,
        bytes32 bankBatchRef,
        bool again
    ) private returns (uint256 households, uint256 amount) {
        Roster storage roster = _rosterInState(rosterId, _bit(RosterState.Approved));
        _requirePayerOfficer(roster);
        for (uint256 p = 0; p < pages.length; ++p) {
            (uint256 paidCount, uint256 paidAmount) = _payPage(rosterId, pages[p], again);
            // Cannot overflow: a page adds at most 256 households and 256 uint64 amounts
            // (below 2^72), and no call can carry anywhere near 2^180 pages.
            unchecked {
                households += paidCount;
                amount += paidAmount;
            }
        }
        if (amount == 0) return (0, 0);
        // paid - failed never exceeds the total: each enrolled entry (the entries sum to the total) is paid once,
        // and again only after its failure was credited back. The invariant campaign checks it after every step.
        // amount <= total < 2^128.
        roster.paid += uint128(amount);
        _payBatch(rosterId, roster, bankBatchRef, households, amount, again);
    }

    /// @dev Moves a batch's money from the roster's payer to its village's households and announces the batch.
    function _payBatch(
        uint256 rosterId,
        Roster storage roster,
        bytes32 bankBatchRef,
        uint256 households,
        uint256 amount,
        bool again
    ) private {
        (uint256 fund, address village, address payer) = (roster.fund, roster.village, roster.payer);
        _ledger.payOut(fund, payer, DivisionCode.householdsAddress(village), amount, rosterId, msg.sender);
        if (again) emit BatchReissued(rosterId, fund, village, payer, bankBatchRef, households, amount);
        else emit BatchDisbursed(rosterId, fund, village, payer, bankBatchRef, households, amount);
    }

    /**
     * @dev Payments are made by a preparer of the roster's payer. The ledger refuses a frozen payer; a frozen
     * village stops its roster's payments whoever pays them.
     */
    function _requirePayerOfficer(Roster storage roster) private view {
        address payer = roster.payer;
        address village = roster.village;
        _requirePreparer(payer);
        if (payer != village && _ledger.isUnitFrozen(village)) revert IFundLedger.LedgerUnitFrozen(village);
    }

    /// @dev Pays the due entries of one page: one bitmap word read and written.
    function _payPage(
        uint256 rosterId,
        PagePayment calldata payment,
        bool again
    ) private returns (uint256 paidCount, uint256 paidAmount) {
        uint256 page = payment.page;
        uint256 count = _enrolledPage(rosterId, page, payment.entries);
        PaidBits.Page storage bits = _bits[rosterId][page];
        uint256 due = again ? bits.reissue(payment.select) : bits.pay(payment.select, count);
        return _emitPayments(page, payment.entries, count, due, again ? PAYMENT_REISSUED : HOUSEHOLD_PAID);
    }

    /// @dev Emits one `topic` log per entry whose bit is set in `due`; returns how many and their sum.
    function _emitPayments(
        uint256 page,
        bytes calldata entries,
        uint256 count,
        uint256 due,
        bytes32 topic
    ) private returns (uint256 paidCount, uint256 paidAmount) {
        assembly ("memory-safe") {
            // Log data (entry, amount) goes to the scratch space at 0x00-0x3f.
            let first := shl(8, page)
            let ptr := entries.offset
            for {
                let slot := 0
            } lt(slot, count) {
                slot := add(slot, 1)
            } {
                if and(shr(slot, due), 1) {
                    let amount := shr(192, calldataload(add(ptr, 32)))
                    mstore(0x00, add(first, slot))
                    mstore(0x20, amount)
                    log2(0x00, 0x40, topic, calldataload(ptr))
                    paidCount := add(paidCount, 1)
                    paidAmount := add(paidAmount, amount)
                }
                ptr := add(ptr, 40)
            }
        }
    }

    /// @dev Marks the listed entries of one page failed (or re-issue failed) and emits their records.
    function _failPage(
        uint256 rosterId,
        PageFailedPayments calldata failures
    ) private returns (uint256 households, uint256 amount) {
        uint256 page = failures.page;
        uint256 count = _enrolledPage(rosterId, page, failures.entries);
        if (failures.slots.length != failures.reasons.length) {
            revert RosterLengthMismatch(failures.slots.length, failures.reasons.length);
        }
        PaidBits.Page storage bits = _bits[rosterId][page];
        PaidBits.Page memory next = bits;
        for (uint256 i = 0; i < failures.slots.length; ++i) {
            uint256 slot = failures.slots[i];
            if (slot >= count) revert RosterInvalidSlot(rosterId, page, slot);
            next.fail(rosterId, page, slot);
            amount += _emitFailure(rosterId, page, failures.entries, slot, failures.reasons[i]);
        }
        next.storeFailures(bits);
        households = failures.slots.length;
    }

    /// @dev Emits the failure record of entry `slot` and returns its amount.
    function _emitFailure(
        uint256 rosterId,
        uint256 page,
        bytes calldata entries,
        uint256 slot,
        bytes32 reason
    ) private returns (uint256 amount) {
        bytes32 household;
        (household, amount) = RosterPage.entryAt(entries, slot);
        emit PaymentFailed(household, rosterId, page * RosterPage.PAGE_SIZE + slot, amount, reason);
    }

    /**
     * @dev Enrols one page: exact shape (full pages except the last), in range, once, under the root; then records
     * its hash and claims its households for the fund.
     */
    function _enrolPage(
        uint256 rosterId,
        Roster storage roster,
        PageEnrolment calldata enrolment
    ) private returns (uint256 count, uint256 amount) {
        uint256 page = enrolment.page;
        bytes calldata entries = enrolment.entries;
        count = RosterPage.count(entries);
        if (count == type(uint256).max) revert RosterMalformedPage(page, entries.length);
        uint256 entryCount = roster.entryCount;
        // page < entryCount keeps the product below 2^64.
        if (page >= entryCount) revert RosterPageOutOfRange(rosterId, page, count, entryCount);
        uint256 first = page * RosterPage.PAGE_SIZE;
        uint256 rest = entryCount > first ? entryCount - first : 0;
        if (rest == 0 || count != (rest < RosterPage.PAGE_SIZE ? rest : RosterPage.PAGE_SIZE)) {
            revert RosterPageOutOfRange(rosterId, page, count, entryCount);
        }
        if (_pageHash[rosterId][page] != 0) revert RosterPageEnrolled(rosterId, page);
        if (!MerkleProof.verifyCalldata(enrolment.proof, roster.root, RosterPage.leaf(page, entries))) {
            revert RosterInvalidProof(rosterId, page);
        }
        _pageHash[rosterId][page] = keccak256(entries);
        amount = _claimPage(rosterId, roster.fund, entries, count, first);
    }

    /// @dev Claims the households of an enrolling page for the fund; refuses zero amounts and households claimed.
    function _claimPage(
        uint256 rosterId,
        uint256 fund,
        bytes calldata entries,
        uint256 count,
        uint256 first
    ) private returns (uint256 amount) {
        uint256 places = _rosters[rosterId].instalments;
        mapping(bytes32 household => mapping(uint256 place => uint256 rosterId)) storage claims = _claims[fund];
        for (uint256 slot = 0; slot < count; ++slot) {
            (bytes32 household, uint256 value) = RosterPage.entryAt(entries, slot);
            if (value == 0) revert RosterZeroAmount(rosterId, first + slot);
            _claim(claims[household], rosterId, fund, household, places, first + slot);
            amount += value;
        }
    }

    /**
     * @dev Gives `household` a free place of the fund for `rosterId`: refused when the roster holds one already (the
     * household is twice in it) or when every place is held by a live roster.
     */
    function _claim(
        mapping(uint256 place => uint256 rosterId) storage held,
        uint256 rosterId,
        uint256 fund,
        bytes32 household,
        uint256 places,
        uint256 entry
    ) private {
        uint256 free = places;
        uint256 holder;
        for (uint256 place = 0; place < places; ++place) {
            uint256 other = _liveClaim(held, fund, household, place);
            if (other == 0) {
                if (free == places) free = place;
            } else {
                if (other == rosterId) revert RosterHouseholdClaimed(rosterId, entry, household, rosterId);
                holder = other;
            }
        }
        if (free == places) revert RosterHouseholdClaimed(rosterId, entry, household, holder);
        held[free] = rosterId;
    }

    /**
     * @dev The roster that holds place `place` of `household` in the fund (`held` is its places here), or 0. In a
     * successor deployment a place with no claim here may hold one of the predecessor, on a roster imported under
     * the same id: it holds while that roster, as imported, is announced or approved.
     */
    function _liveClaim(
        mapping(uint256 place => uint256 rosterId) storage held,
        uint256 fund,
        bytes32 household,
        uint256 place
    ) private view returns (uint256 rosterId) {
        rosterId = held[place];
        if (rosterId == 0 && address(_predecessor) != address(0)) {
            // A fund created after the seal has no places there.
            uint256[] memory old = _predecessor.claimsOf(fund, household);
            if (place < old.length) rosterId = old[place];
        }
        if (rosterId != 0 && !_holdsClaims(rosterId)) rosterId = 0;
    }

    /// @dev Checks that `entries` are exactly the enrolled page `page`; returns its number of entries.
    function _enrolledPage(uint256 rosterId, uint256 page, bytes calldata entries) private view returns (uint256) {
        bytes32 enrolled = _pageHash[rosterId][page];
        if (enrolled == 0 || keccak256(entries) != enrolled) revert RosterPageMismatch(rosterId, page);
        // An enrolled page is well formed.
        return entries.length / RosterPage.ENTRY_SIZE;
    }

    /// @dev Records the ruling on an objection: it stops blocking the roster, and an upheld one rejects it.
    function _settle(
        uint256 rosterId,
        Roster storage roster,
        Objection storage objection,
        uint256 objectionIndex,
        bool upheld
    ) private {
        objection.status = upheld ? ObjectionStatus.Upheld : ObjectionStatus.Dismissed;
        _hasOpenObjection[rosterId][objection.filedBy] = false;
        --roster.openObjections;
        emit ObjectionResolved(rosterId, objectionIndex, upheld, objection.resolutionHash, objection.resolvedBy);
        if (upheld) {
            roster.status = RosterStatus.Rejected;
            emit RosterRejected(rosterId, objectionIndex);
        }
    }

    function _openObjection(
        uint256 rosterId,
        uint256 objectionIndex
    ) private view returns (Objection storage objection) {
        if (objectionIndex >= _objections[rosterId].length) revert RosterUnknownObjection(rosterId, objectionIndex);
        objection = _objections[rosterId][objectionIndex];
        ObjectionStatus status = objection.status;
        if (status == ObjectionStatus.Upheld || status == ObjectionStatus.Dismissed) {
            revert RosterObjectionAlreadyResolved(rosterId, objectionIndex);
        }
    }

    function _rosterInState(uint256 rosterId, bytes32 expected) private view returns (Roster storage roster) {
        roster = _rosters[rosterId];
        if (roster.status == RosterStatus.None) revert RosterUnknown(rosterId);
        RosterState current = rosterState(rosterId);
        if (_bit(current) & expected == 0) revert RosterUnexpectedState(rosterId, current, expected);
    }

    function _requirePreparer(address unit) private view {
        if (!_registry.isPreparer(unit, msg.sender)) revert IUnitRegistry.RegistryNotPreparer(unit, msg.sender);
    }

    function _requireApprover(address unit) private view {
        if (!_registry.isApprover(unit, msg.sender)) revert IUnitRegistry.RegistryNotApprover(unit, msg.sender);
    }

    function _bit(RosterState state) private pure returns (bytes32) {
        return bytes32(uint256(1) << uint8(state));
    }
}
