// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {PageEnrolment} from "../../../contracts/interfaces/IRosterBook.sol";
import {RosterPage} from "../../../contracts/libraries/RosterPage.sol";

/// @notice Roster data the handler keeps to pay from and to check payments against.
struct RosterData {
    uint256 id;
    address village;
    /// @notice The unit that pays its households: the village, its township or its county.
    address payer;
    uint256 fund;
    bytes[] pages;
    bytes32[][] proofs;
    uint32 count;
    uint128 total;
    /// @notice The roster whose households this one lists (itself, unless it is a copy: a later instalment).
    uint256 family;
}

/**
 * @notice The handler's rosters as the roster book takes them: pages of
 * entries (pseudonym, amount), each page's proof under the root, and the
 * entries read back from a page. At most two pages per roster.
 */
library HandlerRosters {
    /// @dev Fills `roster` with `count` entries derived from `salt`, and each page's proof; returns their total.
    function buildPages(RosterData storage roster, uint256 count, uint256 salt) internal returns (uint128 total) {
        uint256 pageCount = (count + RosterPage.PAGE_SIZE - 1) / RosterPage.PAGE_SIZE;
        for (uint256 p = 0; p < pageCount; ++p) {
            bytes memory page;
            for (uint256 i = p * RosterPage.PAGE_SIZE; i < count && i < (p + 1) * RosterPage.PAGE_SIZE; ++i) {
                uint64 amount = uint64(100 + (uint256(keccak256(abi.encode(salt, i))) % 100_000));
                page = bytes.concat(page, keccak256(abi.encode("household", salt, i)), bytes8(amount));
                total += amount;
            }
            roster.pages.push(page);
        }
        bytes32[] memory leaves = _leaves(roster);
        for (uint256 p = 0; p < pageCount; ++p) {
            bytes32[] storage proof = roster.proofs.push();
            if (pageCount == 2) proof.push(leaves[1 - p]);
        }
    }

    /// @dev The root of the roster's pages: the leaf, or the sorted pair.
    function rootOf(RosterData storage roster) internal view returns (bytes32) {
        bytes32[] memory leaves = _leaves(roster);
        if (leaves.length == 1) return leaves[0];
        return
            leaves[0] < leaves[1]
                ? keccak256(abi.encodePacked(leaves[0], leaves[1]))
                : keccak256(abi.encodePacked(leaves[1], leaves[0]));
    }

    /// @dev Every page of `roster` with its proof, as `enrolPages` takes them.
    function enrolments(RosterData storage roster) internal view returns (PageEnrolment[] memory pages) {
        pages = new PageEnrolment[](roster.pages.length);
        for (uint256 p = 0; p < roster.pages.length; ++p) {
            pages[p] = PageEnrolment({page: p, entries: roster.pages[p], proof: roster.proofs[p]});
        }
    }

    /// @dev Entry `entry` of the roster: its pseudonym and amount (an impossible amount when there is none).
    function entryAt(RosterData storage roster, uint256 entry) internal view returns (bytes32, uint256) {
        uint256 page = entry / RosterPage.PAGE_SIZE;
        if (page >= roster.pages.length) return (0, type(uint256).max);
        bytes memory data = roster.pages[page];
        uint256 offset = (entry % RosterPage.PAGE_SIZE) * RosterPage.ENTRY_SIZE;
        if (offset + RosterPage.ENTRY_SIZE > data.length) return (0, type(uint256).max);
        bytes32 household;
        bytes32 amountWord;
        assembly ("memory-safe") {
            household := mload(add(add(data, 0x20), offset))
            amountWord := mload(add(add(data, 0x40), offset))
        }
        return (household, uint256(amountWord) >> 192);
    }

    function _leaves(RosterData storage roster) private view returns (bytes32[] memory leaves) {
        uint256 n = roster.pages.length;
        leaves = new bytes32[](n);
        for (uint256 p = 0; p < n; ++p) {
            leaves[p] = keccak256(bytes.concat(keccak256(abi.encode(p, keccak256(roster.pages[p])))));
        }
    }
}
