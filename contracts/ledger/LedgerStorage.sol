// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Account, Fund, IFundLedger, Proposal} from "../interfaces/IFundLedger.sol";
import {IUnitRegistry} from "../interfaces/IUnitRegistry.sol";

/**
 * @title LedgerStorage
 * @notice The state every part of the fund ledger reads: the unit registry,
 * funds, accounts and proposals, and the registry-role check.
 * @dev Declared first in the linearization of {FundLedger}, so these
 * variables keep storage slots 0 to 6; {LedgerSupervision} adds 7 to 11.
 */
abstract contract LedgerStorage is IFundLedger {
    /// @dev Units, officers, roles and the pause come from here.
    IUnitRegistry internal immutable _registry;

    /// @inheritdoc IFundLedger
    uint256 public fundCount;
    /// @inheritdoc IFundLedger
    uint256 public proposalCount;

    mapping(uint256 fund => Fund) internal _funds;
    mapping(bytes32 budgetLine => uint256 fund) internal _fundByBudgetLine;
    mapping(uint256 fund => mapping(address unit => Account)) internal _accounts;
    mapping(uint256 proposalId => Proposal) internal _proposals;
    mapping(uint256 fund => uint256 proposalId) internal _fundProposal;

    /// @param unitRegistry The registry of units, officers, roles and the pause.
    constructor(IUnitRegistry unitRegistry) {
        _registry = unitRegistry;
    }

    modifier onlyRegistryRole(bytes32 role) {
        if (!_registry.hasRole(role, msg.sender)) revert LedgerMissingRole(msg.sender, role);
        _;
    }
}
