// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Level} from "../interfaces/IUnitRegistry.sol";

/**
 * @title DivisionCode
 * @notice Pure rules for China's 12-digit statistical division codes
 * (province 2 + city 2 + county 2 + township 3 + village 3 digits), and the
 * derived on-chain addresses of FundTrace units.
 *
 * Level is read from the trailing zero segments. Parents come from arithmetic
 * on the number, with two known quirks:
 * - city segment 90 groups county-level units directly under the province,
 *   so it is never a city-level unit and its counties' parent is the province;
 * - a few cities (Dongguan 441900, Zhongshan 442000, Danzhou 460400) have no
 *   counties: their townships carry county segment 00 and their parent is the
 *   city.
 * Township and village segments run 001-599 (001-099 sub-districts, 100-199
 * towns, 200-399 townships, 400-599 township-like units; villages 001-199
 * residents' committees, 200-399 village committees, 400-599 similar units).
 */
library DivisionCode {
    /// @dev 10^12: division codes have exactly 12 digits.
    uint256 internal constant CODE_LIMIT = 1e12;
    uint256 internal constant PROVINCE_UNIT = 1e10;
    uint256 internal constant CITY_UNIT = 1e8;
    uint256 internal constant COUNTY_UNIT = 1e6;
    uint256 internal constant TOWNSHIP_UNIT = 1e3;
    /// @dev City segment that groups county-level units directly under a province.
    uint256 internal constant DIRECT_COUNTY_CITY_SEGMENT = 90;
    /// @dev Highest township or village segment in use (400-599: township- or village-like units).
    uint256 internal constant MAX_LOCAL_SEGMENT = 599;
    /**
     * @dev Bit n set when n is a province-level segment: 11-15, 21-23, 31-37,
     * 41-46, 50-54, 61-65 (mainland), 71 (Taiwan), 81 and 82 (Hong Kong, Macao).
     */
    uint256 internal constant PROVINCE_SEGMENTS =
        (0x1F << 11) | (0x7 << 21) | (0x7F << 31) | (0x3F << 41) | (0x1F << 50) | (0x1F << 61) | (1 << 71) | (3 << 81);

    /// @dev Top byte of a unit's derived address.
    uint160 internal constant UNIT_TAG = 0xFD;
    /// @dev Top byte of the derived address holding what a village paid to households.
    uint160 internal constant HOUSEHOLDS_TAG = 0xFE;
    uint160 private constant TAG_SHIFT = 152;

    /**
     * @notice The administrative level a code denotes, or `Level.None` when the
     * code breaks the segment rules.
     */
    function levelOf(uint256 code) internal pure returns (Level) {
        if (code >= CODE_LIMIT) return Level.None;
        uint256 province = code / PROVINCE_UNIT;
        if (province > 82 || (PROVINCE_SEGMENTS >> province) & 1 == 0) return Level.None;
        if (code % PROVINCE_UNIT == 0) return Level.Province;
        if (code % CITY_UNIT == 0) {
            // Segment 90 is a grouping of county-level units, not a city.
            return (code / CITY_UNIT) % 100 == DIRECT_COUNTY_CITY_SEGMENT ? Level.None : Level.City;
        }
        if (code % COUNTY_UNIT == 0) return Level.County;
        if (code % TOWNSHIP_UNIT == 0) {
            return (code / TOWNSHIP_UNIT) % 1000 > MAX_LOCAL_SEGMENT ? Level.None : Level.Township;
        }
        // A village's township segment must be a valid township (non-zero, in range).
        uint256 township = (code / TOWNSHIP_UNIT) % 1000;
        if (township == 0 || township > MAX_LOCAL_SEGMENT || code % TOWNSHIP_UNIT > MAX_LOCAL_SEGMENT) {
            return Level.None;
        }
        return Level.Village;
    }

    /**
     * @notice The code of the unit directly above `code` (0 for a province).
     * @dev Assumes `levelOf(code) != Level.None`.
     */
    function parentOf(uint256 code) internal pure returns (uint256) {
        Level level = levelOf(code);
        if (level == Level.Province) return 0;
        if (level == Level.City) return code - (code % PROVINCE_UNIT);
        if (level == Level.County) {
            uint256 city = code - (code % CITY_UNIT);
            return (city / CITY_UNIT) % 100 == DIRECT_COUNTY_CITY_SEGMENT ? code - (code % PROVINCE_UNIT) : city;
        }
        if (level == Level.Township) {
            uint256 county = code - (code % COUNTY_UNIT);
            // County segment 00: a city without counties holds its townships directly.
            return (county / COUNTY_UNIT) % 100 == 0 ? code - (code % CITY_UNIT) : county;
        }
        return code - (code % TOWNSHIP_UNIT);
    }

    /**
     * @notice The derived address of the unit with `code` in division edition
     * `edition`: `0xfd`, zeros, then the edition and the code as decimal digits,
     * so `0xfd00000000000000000000002023520102003201` is village 520102003201
     * of the 2023 edition. No key exists for such an address.
     */
    function unitAddress(uint256 code, uint256 edition) internal pure returns (address) {
        uint160 digits = (_decimalDigits(edition) << uint160(48)) | _decimalDigits(code);
        return address((UNIT_TAG << TAG_SHIFT) | digits);
    }

    /**
     * @notice The address holding what the village at `unit` has paid to
     * households: the unit's address with top byte `0xfe`.
     */
    function householdsAddress(address unit) internal pure returns (address) {
        return address(uint160(unit) ^ ((UNIT_TAG ^ HOUSEHOLDS_TAG) << TAG_SHIFT));
    }

    /// @notice The unit whose households address is `account`, or zero when it is not one.
    function unitOfHouseholdsAddress(address account) internal pure returns (address) {
        if (uint160(account) >> TAG_SHIFT != HOUSEHOLDS_TAG) return address(0);
        return address(uint160(account) ^ ((UNIT_TAG ^ HOUSEHOLDS_TAG) << TAG_SHIFT));
    }

    /// @dev Writes each decimal digit of `value` as one hex nibble (binary-coded decimal).
    function _decimalDigits(uint256 value) private pure returns (uint160 packed) {
        for (uint160 shift = 0; value != 0; shift += 4) {
            packed |= uint160(value % 10) << shift;
            value /= 10;
        }
    }
}
