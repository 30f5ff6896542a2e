// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IFundLedger} from "../interfaces/IFundLedger.sol";
import {IRosterBook, Objection, Roster, RosterStatus} from "../interfaces/IRosterBook.sol";
import {IUnitRegistry} from "../interfaces/IUnitRegistry.sol";
import {PaidBits} from "../libraries/PaidBits.sol";

/**
 * @title RosterStorage
 * @notice The state every part of the roster book reads: rosters, objections,
 * page hashes and payment bits, the households' claims per fund, and whether
 * the book is in use, sealed or still importing.
 */
abstract contract RosterStorage is IRosterBook {
    /// @inheritdoc IRosterBook
    uint64 public constant MIN_ANNOUNCEMENT_PERIOD = 10 days;

    IFundLedger internal immutable _ledger;
    IUnitRegistry internal immutable _registry;
    /// @dev The sealed predecessor's roster book; zero for a first deployment.
    IRosterBook internal immutable _predecessor;
    /// @inheritdoc IRosterBook
    uint64 public immutable announcementPeriod;

    /// @inheritdoc IRosterBook
    uint256 public rosterCount;
    mapping(uint256 rosterId => Roster) internal _rosters;
    mapping(uint256 rosterId => Objection[]) internal _objections;
    mapping(uint256 rosterId => mapping(uint256 page => PaidBits.Page)) internal _bits;
    mapping(uint256 rosterId => mapping(address account => bool)) internal _hasOpenObjection;
    mapping(uint256 rosterId => mapping(uint256 page => bytes32 entriesHash)) internal _pageHash;
    /// @dev Per fund and household, the roster holding each place (one per payment the fund's terms allow).
    mapping(uint256 fund => mapping(bytes32 household => mapping(uint256 place => uint256 rosterId))) internal _claims;
    /// @dev Set when the ledger is sealed; nothing changes afterwards. One slot with `_importing`.
    bool internal _sealed;
    /// @dev True from construction until the import from `_predecessor` finishes.
    bool internal _importing;

    /**
     * @param fundLedger The ledger this book is deployed for; its deploying account then binds the book
     * ({FundLedger-bindRosterBook}), and the ledger accepts payouts from it only. The registry and, for a successor,
     * the predecessor's book to import are the ledger's own.
     * @param period Announcement window in seconds, at least 10 days: notices of these programmes are posted for at
     * least 10 days (see docs/contracts.md, "Rosters and public announcement").
     */
    constructor(IFundLedger fundLedger, uint64 period) {
        if (period < MIN_ANNOUNCEMENT_PERIOD) revert RosterAnnouncementTooShort(period);
        _ledger = fundLedger;
        _registry = IUnitRegistry(fundLedger.registry());
        address predecessorLedger = fundLedger.predecessor();
        IRosterBook predecessorBook =
            predecessorLedger == address(0)
                ? IRosterBook(address(0))
                : IRosterBook(IFundLedger(predecessorLedger).rosterBook());
        _predecessor = predecessorBook;
        announcementPeriod = period;
        _importing = address(predecessorBook) != address(0);
    }

    /// @dev Every write: not paused, not sealed, not importing.
    modifier whenNotPaused() {
        _requireWritable();
        _;
    }

    /// @dev The body of `whenNotPaused`, kept out of the modifier so that the code exists once.
    function _requireWritable() private view {
        if (_registry.paused()) revert RosterPaused();
        if (_sealed) revert RosterSealed();
        if (_importing) revert RosterImporting();
    }

    /// @dev A roster holds its households' claims while it is announced or approved, never once withdrawn or rejected.
    function _holdsClaims(uint256 rosterId) internal view returns (bool) {
        RosterStatus status = _rosters[rosterId].status;
        return status == RosterStatus.Announced || status == RosterStatus.Approved;
    }
}
