// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {RosterPage} from "../../../contracts/libraries/RosterPage.sol";
import {Assertions} from "../utils/Assertions.sol";

contract RosterPageTest is Assertions {
    function test_lowBits_edges() public pure {
        assertEq(RosterPage.lowBits(0), 0, "no entry");
        assertEq(RosterPage.lowBits(1), 1, "one entry");
        assertEq(RosterPage.lowBits(44), (uint256(1) << 44) - 1, "a partial page");
        assertEq(RosterPage.lowBits(255), type(uint256).max >> 1, "all but the last slot");
        assertEq(RosterPage.lowBits(RosterPage.PAGE_SIZE), type(uint256).max, "a full page");
    }

    function testFuzz_lowBits_setsExactlyTheLowSlots(uint16 n) public pure {
        n = uint16(n % (RosterPage.PAGE_SIZE + 1));
        uint256 mask = RosterPage.lowBits(n);
        if (n < RosterPage.PAGE_SIZE) {
            assertEq(mask, (uint256(1) << n) - 1, "2^n - 1");
            assertEq(mask >> n, 0, "no bit at or above n");
        }
        if (n > 0) assertEq((mask >> (n - 1)) & 1, 1, "bit n - 1 set");
    }
}
