// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Baseline: a plain OpenZeppelin ERC-20, the usual way to push money to many holders.
contract BenchToken is ERC20 {
    constructor(uint256 supply) ERC20("Bench", "BNCH") {
        _mint(msg.sender, supply);
    }
}
