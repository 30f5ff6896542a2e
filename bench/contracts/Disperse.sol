// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/**
 * @notice Baseline: Disperse-style batch push of an ERC-20 to many recipients
 * in one transaction (pull the total once, then one transfer per recipient).
 */
contract Disperse {
    error DisperseLengthMismatch(uint256 recipients, uint256 values);
    error DisperseTransferFailed(address recipient);

    function disperseToken(IERC20 token, address[] calldata recipients, uint256[] calldata values) external {
        if (recipients.length != values.length) revert DisperseLengthMismatch(recipients.length, values.length);
        uint256 total = 0;
        for (uint256 i = 0; i < values.length; ++i) total += values[i];
        if (!token.transferFrom(msg.sender, address(this), total)) revert DisperseTransferFailed(address(this));
        for (uint256 i = 0; i < recipients.length; ++i) {
            if (!token.transfer(recipients[i], values[i])) revert DisperseTransferFailed(recipients[i]);
        }
    }
}
