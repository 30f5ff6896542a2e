// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IFundLedger} from "../interfaces/IFundLedger.sol";
import {IUnitRegistry} from "../interfaces/IUnitRegistry.sol";
import {LedgerState} from "./LedgerState.sol";

/**
 * @title LedgerStorage
 * @notice What every part of the fund ledger checks before it writes: the
 * registry role, the pause, the seal and the import; and the counters and
 * migration views. The variables themselves are in {LedgerState}.
 */
abstract contract LedgerStorage is IFundLedger, LedgerState {
    /**
     * @param unitRegistry The registry of units, officers, roles and the pause.
     * @param predecessorLedger The sealed ledger to import from, or zero for a first deployment.
     */
    constructor(
        IUnitRegistry unitRegistry,
        IFundLedger predecessorLedger
    ) LedgerState(unitRegistry, predecessorLedger) {}

    modifier onlyRegistryRole(bytes32 role) {
        if (!_registry.hasRole(role, msg.sender)) revert LedgerMissingRole(msg.sender, role);
        _;
    }

    /// @inheritdoc IFundLedger
    function fundCount() external view returns (uint256) {
        return _fundCount;
    }

    /// @inheritdoc IFundLedger
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @inheritdoc IFundLedger
    function predecessor() external view returns (address) {
        return address(_predecessor);
    }

    /// @inheritdoc IFundLedger
    function successor() external view returns (address) {
        return _successor;
    }

    /// @inheritdoc IFundLedger
    function importing() external view returns (bool) {
        return _importing;
    }

    /// @dev Reverts unless the ledger takes writes: not paused, sealed or importing. Not a modifier body: one copy.
    function _requireWritable() internal view {
        if (_registry.paused()) revert LedgerPaused();
        _requireLive();
    }

    /// @dev Reverts unless this ledger is in use: not sealed, not importing. One storage read.
    function _requireLive() internal view {
        if (_successor != address(0)) revert LedgerIsSealed(_successor);
        if (_importing) revert LedgerImporting();
    }
}
