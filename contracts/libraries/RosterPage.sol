// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/**
 * @title RosterPage
 * @notice Layout of a roster page: up to 256 entries of 40 bytes, each the
 * household's keyed pseudonym (32 bytes) followed by its amount in fen
 * (uint64, big-endian).
 */
library RosterPage {
    /// @dev Bytes per entry: a 32-byte pseudonym and an 8-byte amount.
    uint256 internal constant ENTRY_SIZE = 40;
    /// @dev Entries per page: one bit each in a 256-bit word.
    uint256 internal constant PAGE_SIZE = 256;

    /// @notice The Merkle leaf of `page` holding `entries` (OpenZeppelin StandardMerkleTree encoding).
    function leaf(uint256 page, bytes calldata entries) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(page, keccak256(entries)))));
    }

    /// @notice Number of entries in `entries`, or `type(uint256).max` if malformed.
    function count(bytes calldata entries) internal pure returns (uint256) {
        uint256 length = entries.length;
        if (length == 0 || length % ENTRY_SIZE != 0 || length > ENTRY_SIZE * PAGE_SIZE) return type(uint256).max;
        return length / ENTRY_SIZE;
    }

    /// @notice Pseudonym and amount of entry `slot` of a page (`slot` must be below the count).
    function entryAt(bytes calldata entries, uint256 slot) internal pure returns (bytes32 household, uint256 amount) {
        assembly ("memory-safe") {
            let ptr := add(entries.offset, mul(slot, ENTRY_SIZE))
            household := calldataload(ptr)
            amount := shr(192, calldataload(add(ptr, 32)))
        }
    }

    /// @notice A mask with the low `n` bits set (`n` at most 256).
    function lowBits(uint256 n) internal pure returns (uint256) {
        // Branch-free: a shift by 256 gives zero, so n == 256 yields all ones.
        return ~(type(uint256).max << n);
    }
}
