// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @notice Minimal equality assertions that report both values on failure.
abstract contract Assertions {
    error AssertionFailed(string what, uint256 actual, uint256 expected);
    error AssertionFailedAddress(string what, address actual, address expected);
    error AssertionFailedBytes32(string what, bytes32 actual, bytes32 expected);
    error AssertionFailedString(string what, string actual, string expected);

    function assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailed(what, actual, expected);
    }

    function assertEq(address actual, address expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailedAddress(what, actual, expected);
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailedBytes32(what, actual, expected);
    }

    function assertEq(string memory actual, string memory expected, string memory what) internal pure {
        if (keccak256(bytes(actual)) != keccak256(bytes(expected)))
            revert AssertionFailedString(what, actual, expected);
    }

    function assertEq(bool actual, bool expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailed(what, actual ? 1 : 0, expected ? 1 : 0);
    }

    /// @dev Equal length and equal elements; a failure shows the lengths, or the first pair that differs.
    function assertEq(uint256[] memory actual, uint256[] memory expected, string memory what) internal pure {
        if (actual.length != expected.length) revert AssertionFailed(what, actual.length, expected.length);
        for (uint256 i = 0; i < actual.length; ++i) {
            if (actual[i] != expected[i]) revert AssertionFailed(what, actual[i], expected[i]);
        }
    }

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert AssertionFailed(what, 0, 1);
    }

    function assertFalse(bool condition, string memory what) internal pure {
        if (condition) revert AssertionFailed(what, 1, 0);
    }
}
