// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/**
 * @notice The few Hardhat/Foundry cheatcodes FundTrace's Solidity tests use,
 * declared here because the npm `forge-std` build does not work with Hardhat.
 */
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function expectRevert(bytes calldata revertData) external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert() external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);
    function assume(bool condition) external pure;
    function label(address account, string calldata newLabel) external;
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256 value);
    function writeLine(string calldata path, string calldata data) external;
    function toString(uint256 value) external pure returns (string memory);
}

/// @dev The cheatcode contract lives at this address in every Hardhat Solidity test.
Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
