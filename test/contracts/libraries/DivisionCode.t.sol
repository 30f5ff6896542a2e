// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Level} from "../../../contracts/interfaces/IUnitRegistry.sol";
import {DivisionCode} from "../../../contracts/libraries/DivisionCode.sol";
import {Assertions} from "../utils/Assertions.sol";

contract DivisionCodeTest is Assertions {
    function test_levelOf_everyLevel() public pure {
        assertEq(uint8(DivisionCode.levelOf(520000000000)), uint8(Level.Province), "province");
        assertEq(uint8(DivisionCode.levelOf(520100000000)), uint8(Level.City), "city");
        assertEq(uint8(DivisionCode.levelOf(520102000000)), uint8(Level.County), "county");
        assertEq(uint8(DivisionCode.levelOf(520102201000)), uint8(Level.Township), "township");
        assertEq(uint8(DivisionCode.levelOf(520102201001)), uint8(Level.Village), "village");
    }

    function test_levelOf_rejectsBadProvince() public pure {
        assertEq(uint8(DivisionCode.levelOf(100000000000)), uint8(Level.None), "10 is not a province");
        assertEq(uint8(DivisionCode.levelOf(160000000000)), uint8(Level.None), "16 is not a province");
        assertEq(uint8(DivisionCode.levelOf(830000000000)), uint8(Level.None), "83 is not a province");
        assertEq(uint8(DivisionCode.levelOf(0)), uint8(Level.None), "zero");
        assertEq(uint8(DivisionCode.levelOf(1e12)), uint8(Level.None), "13 digits");
        assertEq(uint8(DivisionCode.levelOf(810000000000)), uint8(Level.Province), "Hong Kong");
        assertEq(uint8(DivisionCode.levelOf(710000000000)), uint8(Level.Province), "Taiwan");
    }

    function test_levelOf_city90IsNotACity() public pure {
        assertEq(uint8(DivisionCode.levelOf(419000000000)), uint8(Level.None), "4190 grouping");
        assertEq(uint8(DivisionCode.levelOf(419001000000)), uint8(Level.County), "Jiyuan 419001");
    }

    function test_levelOf_segmentRanges() public pure {
        assertEq(uint8(DivisionCode.levelOf(520102599000)), uint8(Level.Township), "township 599");
        assertEq(uint8(DivisionCode.levelOf(520102600000)), uint8(Level.None), "township 600");
        assertEq(uint8(DivisionCode.levelOf(520102201599)), uint8(Level.Village), "village 599");
        assertEq(uint8(DivisionCode.levelOf(520102201600)), uint8(Level.None), "village 600");
        assertEq(uint8(DivisionCode.levelOf(520102000001)), uint8(Level.None), "village under township 000");
        assertEq(uint8(DivisionCode.levelOf(520102700001)), uint8(Level.None), "village under township 700");
    }

    function test_parentOf_arithmeticAndQuirks() public pure {
        assertEq(DivisionCode.parentOf(520000000000), 0, "province has no parent");
        assertEq(DivisionCode.parentOf(520100000000), 520000000000, "city");
        assertEq(DivisionCode.parentOf(520102000000), 520100000000, "county");
        assertEq(DivisionCode.parentOf(520102201000), 520102000000, "township");
        assertEq(DivisionCode.parentOf(520102201001), 520102201000, "village");
        assertEq(DivisionCode.parentOf(419001000000), 410000000000, "city 90: county under province");
        assertEq(DivisionCode.parentOf(419001001000), 419001000000, "township under a city-90 county");
        assertEq(DivisionCode.parentOf(441900003000), 441900000000, "Dongguan: township under city");
        assertEq(DivisionCode.parentOf(442000001000), 442000000000, "Zhongshan");
        assertEq(DivisionCode.parentOf(460400100000), 460400000000, "Danzhou");
    }

    function test_unitAddress_readableDigits() public pure {
        assertEq(
            DivisionCode.unitAddress(520102201001, 2023),
            address(0xFD00000000000000000000002023520102201001),
            "edition and code as digits"
        );
        assertEq(
            DivisionCode.householdsAddress(address(0xFD00000000000000000000002023520102201001)),
            address(0xfe00000000000000000000002023520102201001),
            "households tag"
        );
    }

    function testFuzz_householdsAddress_roundTrip(uint40 code, uint16 edition) public pure {
        address unit = DivisionCode.unitAddress(code % 1e12, edition % 10000);
        assertEq(DivisionCode.unitOfHouseholdsAddress(DivisionCode.householdsAddress(unit)), unit, "round trip");
        assertEq(DivisionCode.unitOfHouseholdsAddress(unit), address(0), "a unit is not a households address");
    }

    function testFuzz_parentOf_isOneLevelUpAndValid(uint256 code) public pure {
        code = code % 1e12;
        Level level = DivisionCode.levelOf(code);
        if (level == Level.None || level == Level.Province) return;
        uint256 parent = DivisionCode.parentOf(code);
        Level parentLevel = DivisionCode.levelOf(parent);
        assertTrue(parentLevel != Level.None, "parent is a valid code");
        assertTrue(uint8(parentLevel) < uint8(level), "parent is higher");
        assertTrue(code - parent < 1e10, "same province");
    }
}
