// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {EntryStatus, IRosterBook} from "../../../contracts/interfaces/IRosterBook.sol";
import {PaidBits} from "../../../contracts/libraries/PaidBits.sol";
import {RosterPage} from "../../../contracts/libraries/RosterPage.sol";
import {Assertions} from "../utils/Assertions.sol";
import {vm} from "../utils/Vm.sol";

contract PaidBitsTest is Assertions {
    using PaidBits for PaidBits.Page;

    uint256 internal constant ROSTER = 7;
    uint256 internal constant PAGE = 3;
    uint256 internal constant ALL = type(uint256).max;

    /// @dev The page under test, in storage as in {RosterBook}.
    PaidBits.Page internal bits;

    // ------------------------------------------------------------- helpers

    /// @dev Fails `slots` on a memory copy and writes it back, as {RosterBook} does; external for expectRevert.
    function failSlots(uint256[] calldata slots) external {
        PaidBits.Page memory next = bits;
        for (uint256 i = 0; i < slots.length; ++i) {
            next.fail(ROSTER, PAGE, slots[i]);
        }
        next.storeFailures(bits);
    }

    function _failOne(uint256 slot) internal {
        uint256[] memory slots = new uint256[](1);
        slots[0] = slot;
        this.failSlots(slots);
    }

    function _expectNotPaid(uint256 slot, EntryStatus status) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IRosterBook.RosterEntryNotPaid.selector,
                ROSTER,
                PAGE * RosterPage.PAGE_SIZE + slot,
                status
            )
        );
    }

    function _assertStatus(uint256 slot, EntryStatus expected, string memory what) internal view {
        PaidBits.Page memory copy = bits;
        assertEq(uint8(copy.status(slot)), uint8(expected), what);
    }

    // ----------------------------------------------------------------- pay

    function test_pay_marksSelectedEntries() public {
        uint256 due = bits.pay(0x15, 8);
        assertEq(due, 0x15, "due is the selection");
        assertEq(bits.paid, 0x15, "paid bits set");
        assertEq(bits.failed, 0, "failed untouched");
        assertEq(bits.reissued, 0, "reissued untouched");
    }

    function test_pay_skipsPaidEntries() public {
        bits.pay(0x0f, 8);
        uint256 due = bits.pay(0xff, 8);
        assertEq(due, 0xf0, "only the entries not paid yet");
        assertEq(bits.paid, 0xff, "all eight paid");
        assertEq(bits.pay(0xff, 8), 0, "a resent selection pays nobody");
    }

    function test_pay_ignoresSlotsBeyondCount() public {
        uint256 due = bits.pay(ALL, 44);
        assertEq(due, RosterPage.lowBits(44), "only the 44 entries of the page");
        assertEq(bits.paid, (uint256(1) << 44) - 1, "no bit above the last entry");
    }

    function test_pay_fullPage() public {
        assertEq(bits.pay(ALL, RosterPage.PAGE_SIZE), ALL, "every slot of a full page");
        assertEq(bits.pay(ALL, RosterPage.PAGE_SIZE), 0, "and only once");
    }

    function test_pay_neverTouchesFailureWords() public {
        bits.pay(0x3, 2);
        _failOne(0);
        bits.pay(ALL, 2);
        assertEq(bits.failed, 0x1, "a failed entry stays failed");
        assertEq(bits.pay(0x1, 2), 0, "and is not paid again by pay");
    }

    // ------------------------------------------------------------- reissue

    function test_reissue_onlyFailedEntries() public {
        bits.pay(0x7, 3);
        assertEq(bits.reissue(ALL), 0, "nothing failed, nothing to re-issue");
        _failOne(1);
        assertEq(bits.reissue(ALL), 0x2, "only the failed entry");
        assertEq(bits.reissued, 0x2, "reissued bit set");
        _assertStatus(1, EntryStatus.Reissued, "re-issued");
    }

    function test_reissue_onceOnly() public {
        bits.pay(0x1, 1);
        _failOne(0);
        assertEq(bits.reissue(0x1), 0x1, "first re-issue");
        assertEq(bits.reissue(0x1), 0, "second re-issue pays nobody");
        _failOne(0);
        assertEq(bits.reissue(0x1), 0, "not even after the re-issue failed");
        _assertStatus(0, EntryStatus.ReissueFailed, "final state");
    }

    function test_reissue_respectsSelection() public {
        bits.pay(0xf, 4);
        _failOne(0);
        _failOne(2);
        assertEq(bits.reissue(0x4), 0x4, "only the selected failed entry");
        assertEq(bits.reissue(ALL), 0x1, "the other one later");
    }

    // ---------------------------------------------------------------- fail

    function test_fail_paidBecomesFailed() public {
        bits.pay(0x3, 2);
        _failOne(1);
        assertEq(bits.failed, 0x2, "failed bit set");
        assertEq(bits.paid, 0x3, "paid bit kept");
        _assertStatus(1, EntryStatus.Failed, "failed");
        _assertStatus(0, EntryStatus.Paid, "neighbour still paid");
    }

    function test_fail_reissuedBecomesReissueFailed() public {
        bits.pay(0x1, 1);
        _failOne(0);
        bits.reissue(0x1);
        _failOne(0);
        assertEq(bits.reissueFailed, 0x1, "reissueFailed bit set");
        assertEq(bits.failed, 0x1, "failed bit kept");
    }

    function test_fail_revertsWhenUnpaid() public {
        bits.pay(0x1, 2);
        _expectNotPaid(1, EntryStatus.Unpaid);
        _failOne(1);
    }

    function test_fail_revertsWhenFailedAlready() public {
        bits.pay(0x1, 1);
        _failOne(0);
        _expectNotPaid(0, EntryStatus.Failed);
        _failOne(0);
    }

    function test_fail_revertsWhenReissueFailed() public {
        bits.pay(0x1, 1);
        _failOne(0);
        bits.reissue(0x1);
        _failOne(0);
        _expectNotPaid(0, EntryStatus.ReissueFailed);
        _failOne(0);
    }

    function test_fail_revertsOnSlotListedTwice() public {
        bits.pay(0x1, 1);
        uint256[] memory twice = new uint256[](2);
        _expectNotPaid(0, EntryStatus.Failed);
        this.failSlots(twice);
        assertEq(bits.failed, 0, "nothing written on revert");
    }

    function test_fail_namesEntryOnItsPage() public {
        bits.pay(ALL, RosterPage.PAGE_SIZE);
        _failOne(255);
        _expectNotPaid(255, EntryStatus.Failed);
        _failOne(255);
    }

    // ------------------------------------------------------- storeFailures

    function test_storeFailures_writesOnlyFailureWords() public {
        bits.pay(0x3, 2);
        PaidBits.Page memory next = PaidBits.Page({paid: 0xdead, failed: 0x2, reissued: 0xbeef, reissueFailed: 0x1});
        next.storeFailures(bits);
        assertEq(bits.paid, 0x3, "paid kept");
        assertEq(bits.reissued, 0, "reissued kept");
        assertEq(bits.failed, 0x2, "failed written");
        assertEq(bits.reissueFailed, 0x1, "reissueFailed written");
    }

    // -------------------------------------------------------------- status

    function test_status_everyState() public {
        bits.pay(0xf, 5);
        uint256[] memory three = new uint256[](3);
        three[0] = 1;
        three[1] = 2;
        three[2] = 3;
        this.failSlots(three);
        bits.reissue(0xc);
        _failOne(3);
        _assertStatus(4, EntryStatus.Unpaid, "unpaid");
        _assertStatus(0, EntryStatus.Paid, "paid");
        _assertStatus(1, EntryStatus.Failed, "failed");
        _assertStatus(2, EntryStatus.Reissued, "re-issued");
        _assertStatus(3, EntryStatus.ReissueFailed, "re-issue failed");
    }

    // ---------------------------------------------------------------- fuzz

    /// @dev What pay marks is exactly the selected, unpaid entries of the page, and nothing else changes.
    function testFuzz_pay_dueIsSelectedUnpaidOnPage(uint256 before, uint256 select, uint16 count) public {
        count = uint16(count % (RosterPage.PAGE_SIZE + 1));
        uint256 onPage = count == RosterPage.PAGE_SIZE ? ALL : (uint256(1) << count) - 1;
        before &= onPage;
        bits.paid = before;
        uint256 due = bits.pay(select, count);
        assertEq(due, select & ~before & onPage, "due");
        assertEq(due & before, 0, "no entry paid twice");
        assertEq(bits.paid, before | due, "paid grows by due only");
        assertEq(bits.paid & ~onPage, 0, "nothing beyond the page");
        assertEq(bits.pay(select, count), 0, "the same selection again pays nobody");
    }

    /// @dev Random payments, failures and re-issues: every entry is paid at most twice, each step at most once.
    function testFuzz_lifecycle_eachStepOnce(
        uint256 pay1,
        uint256 fail1,
        uint256 again1,
        uint256 fail2,
        uint256 again2
    ) public {
        uint256 count = 64;
        uint256 paid = bits.pay(pay1, count);
        _failWhere(fail1 & bits.paid);
        uint256 failed = bits.failed;
        uint256 reissued = bits.reissue(again1);
        _failWhere(fail2 & (bits.reissued & ~bits.reissueFailed));
        uint256 reissuedLater = bits.reissue(again2);
        assertEq(paid, pay1 & RosterPage.lowBits(count), "first payment: the selection on the page");
        assertEq(failed & ~paid, 0, "only paid entries fail");
        assertEq(reissued & ~failed, 0, "only failed entries are re-issued");
        assertEq(reissuedLater & reissued, 0, "no entry re-issued twice");
        assertEq(bits.reissueFailed & ~bits.reissued, 0, "only re-issued entries fail again");
        assertEq(bits.pay(ALL, count) & paid, 0, "paid entries are never paid again");
        for (uint256 slot = 0; slot < count; ++slot) {
            EntryStatus status = _copy().status(slot);
            uint256 bit = uint256(1) << slot;
            uint256 payments = (paid & bit != 0 ? 1 : 0) + ((reissued | reissuedLater) & bit != 0 ? 1 : 0);
            assertTrue(payments <= 2, "at most two payments");
            if (bits.reissueFailed & bit != 0) assertEq(uint8(status), uint8(EntryStatus.ReissueFailed), "final");
        }
    }

    function _failWhere(uint256 mask) internal {
        uint256 n;
        for (uint256 slot = 0; slot < 64; ++slot) {
            if ((mask >> slot) & 1 == 1) ++n;
        }
        uint256[] memory slots = new uint256[](n);
        n = 0;
        for (uint256 slot = 0; slot < 64; ++slot) {
            if ((mask >> slot) & 1 == 1) slots[n++] = slot;
        }
        this.failSlots(slots);
    }

    function _copy() internal view returns (PaidBits.Page memory) {
        return bits;
    }
}
