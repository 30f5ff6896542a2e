// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Finding, FundStatus, IFundLedger, ProposalStatus, RecordKind} from "../interfaces/IFundLedger.sol";
import {LedgerStorage} from "./LedgerStorage.sol";

/**
 * @title LedgerSupervision
 * @notice Inspectors' part of the fund ledger: freezing and unfreezing units
 * and funds, and findings attached to any record. Only `INSPECTOR_ROLE`; none
 * of it touches a balance, and it works while the deployment is paused. See
 * {IFundLedger}.
 * @dev The ledger's movements call {_requireNotFrozen} before money leaves a unit.
 */
abstract contract LedgerSupervision is LedgerStorage {
    mapping(address unit => bool) private _unitFrozen;
    mapping(uint256 fund => bool) private _fundFrozen;
    Finding[] private _findings;

    /// @inheritdoc IFundLedger
    function freezeUnit(address unit, bytes32 documentHash) external onlyRegistryRole(_registry.INSPECTOR_ROLE()) {
        if (!_registry.isUnit(unit)) revert LedgerWrongUnit(unit);
        if (documentHash == 0) revert LedgerEmptyHash();
        if (_unitFrozen[unit]) revert LedgerUnitFrozen(unit);
        _unitFrozen[unit] = true;
        emit UnitFrozen(unit, msg.sender, documentHash);
    }

    /// @inheritdoc IFundLedger
    function unfreezeUnit(address unit, bytes32 documentHash) external onlyRegistryRole(_registry.INSPECTOR_ROLE()) {
        if (documentHash == 0) revert LedgerEmptyHash();
        if (!_unitFrozen[unit]) revert LedgerUnitNotFrozen(unit);
        _unitFrozen[unit] = false;
        emit UnitUnfrozen(unit, msg.sender, documentHash);
    }

    /// @inheritdoc IFundLedger
    function freezeFund(uint256 fund, bytes32 documentHash) external onlyRegistryRole(_registry.INSPECTOR_ROLE()) {
        if (_funds[fund].status == FundStatus.None) revert LedgerUnknownFund(fund);
        if (documentHash == 0) revert LedgerEmptyHash();
        if (_fundFrozen[fund]) revert LedgerFundFrozen(fund);
        _fundFrozen[fund] = true;
        emit FundFrozen(fund, msg.sender, documentHash);
    }

    /// @inheritdoc IFundLedger
    function unfreezeFund(uint256 fund, bytes32 documentHash) external onlyRegistryRole(_registry.INSPECTOR_ROLE()) {
        if (documentHash == 0) revert LedgerEmptyHash();
        if (!_fundFrozen[fund]) revert LedgerFundNotFrozen(fund);
        _fundFrozen[fund] = false;
        emit FundUnfrozen(fund, msg.sender, documentHash);
    }

    /// @inheritdoc IFundLedger
    function recordFinding(
        RecordKind kind,
        uint256 recordId,
        uint16 category,
        bytes32 documentHash
    ) external onlyRegistryRole(_registry.INSPECTOR_ROLE()) returns (uint256 findingId) {
        if (documentHash == 0) revert LedgerEmptyHash();
        if (kind == RecordKind.Unit && (recordId >> 160 != 0 || !_registry.isUnit(address(uint160(recordId))))) {
            revert LedgerWrongUnit(address(uint160(recordId)));
        }
        if (kind == RecordKind.Fund && _funds[recordId].status == FundStatus.None) revert LedgerUnknownFund(recordId);
        if (kind == RecordKind.Proposal && _proposals[recordId].status == ProposalStatus.None) {
            revert LedgerUnknownProposal(recordId);
        }
        _findings.push(
            Finding({
                kind: kind,
                category: category,
                recordedAt: uint64(block.timestamp),
                inspector: msg.sender,
                recordId: recordId,
                documentHash: documentHash
            })
        );
        findingId = _findings.length;
        emit FindingRecorded(findingId, kind, recordId, category, documentHash, msg.sender);
    }

    /// @inheritdoc IFundLedger
    function isUnitFrozen(address unit) external view returns (bool) {
        return _unitFrozen[unit];
    }

    /// @inheritdoc IFundLedger
    function isFundFrozen(uint256 fund) external view returns (bool) {
        return _fundFrozen[fund];
    }

    /// @inheritdoc IFundLedger
    function findingCount() external view returns (uint256) {
        return _findings.length;
    }

    /// @inheritdoc IFundLedger
    function findingOf(uint256 findingId) external view returns (Finding memory) {
        if (findingId == 0 || findingId > _findings.length) revert LedgerUnknownFinding(findingId);
        return _findings[findingId - 1];
    }

    /// @dev Reverts when `fund` or `unit` is frozen: no money of `fund` may leave `unit`.
    function _requireNotFrozen(uint256 fund, address unit) internal view {
        if (_fundFrozen[fund]) revert LedgerFundFrozen(fund);
        if (_unitFrozen[unit]) revert LedgerUnitFrozen(unit);
    }
}
