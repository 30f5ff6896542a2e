// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRosterBook, Objection, ObjectionStatus} from "../interfaces/IRosterBook.sol";
import {PaidBits} from "../libraries/PaidBits.sol";
import {RosterPage} from "../libraries/RosterPage.sol";
import {RosterStorage} from "./RosterStorage.sol";

/**
 * @title RosterMigration
 * @notice The roster book's side of a migration: the ledger seals its book
 * when governance seals the ledger, and a successor's book imports the sealed
 * predecessor's rosters, record by record, exactly as its views return them.
 * See {IRosterBook}.
 * @dev Each roster is imported under its own id: first its header (with the
 * approvals), then its objections, then, for a roster still announced or
 * approved, each enrolled page's hash and payment bits. Rejected and withdrawn
 * rosters keep no pages: they are never paid. Households' claims are not
 * copied (one storage word each): enrolment here asks the predecessor for a
 * claim it lacks, and the claiming roster's imported status decides.
 */
abstract contract RosterMigration is RosterStorage {
    /// @dev Where the import stands: the roster being copied, and within it the next objection or page.
    struct Cursor {
        uint64 roster;
        uint8 part;
        uint64 next;
    }

    uint8 private constant HEADER = 0;
    uint8 private constant OBJECTIONS = 1;
    uint8 private constant PAGES = 2;

    Cursor private _cursor;

    /// @inheritdoc IRosterBook
    function seal() external {
        if (msg.sender != address(_ledger)) revert RosterNotLedger(msg.sender);
        _sealed = true;
        emit RosterBookSealed();
    }

    /// @inheritdoc IRosterBook
    function importStep(uint256 maxItems) external returns (bool done) {
        IRosterBook old = _predecessor;
        if (!_importing || !old.isSealed()) revert RosterNotImporting(address(old));
        Cursor memory c = _cursor;
        uint256 count = old.rosterCount();
        for (uint256 n = 0; n < maxItems && c.roster < count; ++n) {
            uint256 id = c.roster + 1;
            if (c.part == HEADER) {
                _rosters[id] = old.rosterOf(id);
                rosterCount = id;
                (c.part, c.next) = (OBJECTIONS, 0);
            } else if (c.part == OBJECTIONS) {
                if (c.next == old.objectionCount(id)) (c.part, c.next) = (PAGES, 0);
                else _importObjection(old, id, c.next++);
            } else if (!_holdsClaims(id) || c.next * RosterPage.PAGE_SIZE >= _rosters[id].entryCount) {
                (c.roster, c.part, c.next) = (c.roster + 1, HEADER, 0);
            } else {
                _importPage(old, id, c.next++);
            }
        }
        _cursor = c;
        if (c.roster == count) {
            done = true;
            _importing = false;
            emit RostersImported(address(old), count);
        }
    }

    /// @inheritdoc IRosterBook
    function predecessor() external view returns (address) {
        return address(_predecessor);
    }

    /// @inheritdoc IRosterBook
    function isSealed() external view returns (bool) {
        return _sealed;
    }

    /// @inheritdoc IRosterBook
    function importing() external view returns (bool) {
        return _importing;
    }

    /// @dev Copies objection `index` of roster `id`; one still open keeps its author from filing another.
    function _importObjection(IRosterBook old, uint256 id, uint256 index) private {
        Objection memory objection = old.objectionOf(id, index);
        _objections[id].push(objection);
        if (objection.status == ObjectionStatus.Open || objection.status == ObjectionStatus.DismissalProposed) {
            _hasOpenObjection[id][objection.filedBy] = true;
        }
    }

    /// @dev Copies page `page` of roster `id`, if enrolled: its entries' hash and its four payment words.
    function _importPage(IRosterBook old, uint256 id, uint256 page) private {
        bytes32 entriesHash = old.pageHashOf(id, page);
        if (entriesHash == 0) return;
        _pageHash[id][page] = entriesHash;
        (uint256 paid, uint256 failed, uint256 reissued, uint256 reissueFailed) = old.pageBits(id, page);
        PaidBits.Page storage bits = _bits[id][page];
        if (paid != 0) bits.paid = paid;
        if (failed != 0) bits.failed = failed;
        if (reissued != 0) bits.reissued = reissued;
        if (reissueFailed != 0) bits.reissueFailed = reissueFailed;
    }
}
