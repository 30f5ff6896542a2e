// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {EntryStatus, IRosterBook} from "../interfaces/IRosterBook.sol";
import {RosterPage} from "./RosterPage.sol";

/**
 * @title PaidBits
 * @notice Payment state of one roster page: four 256-bit words, one bit per
 * entry slot (see {RosterPage-PAGE_SIZE}), and the only transitions between them.
 *
 * An entry moves `Unpaid -> Paid -> Failed -> Reissued -> ReissueFailed`, one
 * step at a time and never back: {pay} sets `paid`, {fail} sets `failed` on a
 * paid entry (or `reissueFailed` on a re-issued one), {reissue} sets
 * `reissued` on a failed entry. A bit once set stays set, so every step can
 * happen at most once per entry.
 * @dev Paying reads and writes one storage word per page. Recording failures
 * works on a memory copy (several slots of one page per call) that
 * {storeFailures} writes back.
 */
library PaidBits {
    /// @notice The four bitmaps of one page; bit `slot` belongs to entry `page * 256 + slot`.
    struct Page {
        /// @notice Paid at least once.
        uint256 paid;
        /// @notice The first payment was reported failed.
        uint256 failed;
        /// @notice Paid again after the failure.
        uint256 reissued;
        /// @notice The payment made again failed too.
        uint256 reissueFailed;
    }

    /**
     * @notice Marks as paid the entries selected in `select` that are not paid
     * yet and lie below `count` (the page's number of entries).
     * @return due The entries newly marked paid: the ones to pay now.
     */
    function pay(Page storage self, uint256 select, uint256 count) internal returns (uint256 due) {
        uint256 paid = self.paid;
        due = select & ~paid & RosterPage.lowBits(count);
        self.paid = paid | due;
    }

    /**
     * @notice Marks as re-issued the entries selected in `select` that failed
     * and were not re-issued before (an entry is re-issued once at most).
     * @return due The entries newly marked re-issued: the ones to pay again now.
     */
    function reissue(Page storage self, uint256 select) internal returns (uint256 due) {
        uint256 reissued = self.reissued;
        due = select & self.failed & ~reissued;
        self.reissued = reissued | due;
    }

    /**
     * @notice Moves entry `slot` of page `page` from paid to failed, or from
     * re-issued to re-issue failed, in the memory copy `self`.
     * @dev Reverts with {IRosterBook-RosterEntryNotPaid} when the entry is
     * neither paid nor re-issued now (unpaid, or its last payment failed
     * already); `rosterId` and `page` only name the entry in that error.
     */
    function fail(Page memory self, uint256 rosterId, uint256 page, uint256 slot) internal pure {
        uint256 bit = uint256(1) << slot;
        if (self.paid & bit != 0 && self.failed & bit == 0) {
            self.failed |= bit;
        } else if (self.reissued & bit != 0 && self.reissueFailed & bit == 0) {
            self.reissueFailed |= bit;
        } else {
            revert IRosterBook.RosterEntryNotPaid(rosterId, page * RosterPage.PAGE_SIZE + slot, status(self, slot));
        }
    }

    /**
     * @notice Writes the failure words of the memory copy `self` back to
     * `target`, the page it was copied from (failing never changes the other two).
     */
    function storeFailures(Page memory self, Page storage target) internal {
        target.failed = self.failed;
        target.reissueFailed = self.reissueFailed;
    }

    /// @notice Payment state of entry `slot`.
    function status(Page memory self, uint256 slot) internal pure returns (EntryStatus) {
        uint256 bit = uint256(1) << slot;
        if (self.paid & bit == 0) return EntryStatus.Unpaid;
        if (self.failed & bit == 0) return EntryStatus.Paid;
        if (self.reissued & bit == 0) return EntryStatus.Failed;
        return self.reissueFailed & bit == 0 ? EntryStatus.Reissued : EntryStatus.ReissueFailed;
    }
}
