// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Finding, Freeze, FundStatus, IFundLedger, ProposalStatus, RecordKind} from "../interfaces/IFundLedger.sol";
import {LedgerStorage} from "./LedgerStorage.sol";

/**
 * @title LedgerSupervision
 * @notice Inspectors' part of the fund ledger: freezes of units and funds, each
 * recorded per case and office, and findings attached to any record. None of it
 * touches a balance, and it works while the deployment is paused. See
 * {IFundLedger}.
 * @dev An office is an inspector account (an organisation's certificate, not a
 * person's). A unit or fund is frozen while any freeze of it is in force; a
 * freeze is lifted only by the office that made it or by governance. The
 * ledger's movements call {_requireNotFrozen} before money leaves a unit.
 */
abstract contract LedgerSupervision is LedgerStorage {
    /// @inheritdoc IFundLedger
    function freezeUnit(
        address unit,
        bytes32 documentHash
    ) external onlyRegistryRole(_registry.INSPECTOR_ROLE()) returns (uint256 freezeId) {
        _requireLive();
        if (!_registry.isUnit(unit)) revert LedgerWrongUnit(unit);
        freezeId = _freeze(RecordKind.Unit, uint160(unit), documentHash);
        ++_unitFreezes[unit];
        emit UnitFrozen(freezeId, unit, msg.sender, documentHash);
    }

    /// @inheritdoc IFundLedger
    function freezeFund(
        uint256 fund,
        bytes32 documentHash
    ) external onlyRegistryRole(_registry.INSPECTOR_ROLE()) returns (uint256 freezeId) {
        _requireLive();
        if (_funds[fund].status == FundStatus.None) revert LedgerUnknownFund(fund);
        freezeId = _freeze(RecordKind.Fund, fund, documentHash);
        ++_fundFreezes[fund];
        emit FundFrozen(freezeId, fund, msg.sender, documentHash);
    }

    /// @inheritdoc IFundLedger
    function liftFreeze(uint256 freezeId, bytes32 documentHash) external {
        _requireLive();
        if (freezeId == 0 || freezeId > _freezes.length) revert LedgerUnknownFreeze(freezeId);
        if (documentHash == 0) revert LedgerEmptyHash();
        Freeze storage f = _freezes[freezeId - 1];
        if (f.liftedAt != 0) revert LedgerFreezeLifted(freezeId);
        bool byOffice = msg.sender == f.office && _registry.hasRole(_registry.INSPECTOR_ROLE(), msg.sender);
        if (!byOffice && msg.sender != _registry.governance()) revert LedgerNotFreezingOffice(freezeId, msg.sender);
        f.liftedAt = uint64(block.timestamp);
        f.liftedBy = msg.sender;
        f.liftDocumentHash = documentHash;
        delete _caseInForce[_caseKey(f.kind, f.target, f.office, f.documentHash)];
        if (f.kind == RecordKind.Unit) {
            address unit = address(uint160(f.target));
            --_unitFreezes[unit];
            emit UnitUnfrozen(freezeId, unit, msg.sender, documentHash);
        } else {
            --_fundFreezes[f.target];
            emit FundUnfrozen(freezeId, f.target, msg.sender, documentHash);
        }
    }

    /// @inheritdoc IFundLedger
    function recordFinding(
        RecordKind kind,
        uint256 recordId,
        uint16 category,
        bytes32 documentHash
    ) external onlyRegistryRole(_registry.INSPECTOR_ROLE()) returns (uint256 findingId) {
        _requireLive();
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
        return _unitFreezes[unit] != 0;
    }

    /// @inheritdoc IFundLedger
    function isFundFrozen(uint256 fund) external view returns (bool) {
        return _fundFreezes[fund] != 0;
    }

    /// @inheritdoc IFundLedger
    function freezeCount() external view returns (uint256) {
        return _freezes.length;
    }

    /// @inheritdoc IFundLedger
    function freezeOf(uint256 freezeId) external view returns (Freeze memory) {
        if (freezeId == 0 || freezeId > _freezes.length) revert LedgerUnknownFreeze(freezeId);
        return _freezes[freezeId - 1];
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
        if (_fundFreezes[fund] != 0) revert LedgerFundFrozen(fund);
        if (_unitFreezes[unit] != 0) revert LedgerUnitFrozen(unit);
    }

    /// @dev Records a freeze of `target` by the caller's office; refuses the same case twice while in force.
    function _freeze(RecordKind kind, uint256 target, bytes32 documentHash) private returns (uint256 freezeId) {
        if (documentHash == 0) revert LedgerEmptyHash();
        bytes32 key = _caseKey(kind, target, msg.sender, documentHash);
        if (_caseInForce[key] != 0) revert LedgerFreezeExists(_caseInForce[key]);
        _freezes.push(
            Freeze({
                office: msg.sender,
                kind: kind,
                frozenAt: uint64(block.timestamp),
                liftedBy: address(0),
                liftedAt: 0,
                target: target,
                documentHash: documentHash,
                liftDocumentHash: 0
            })
        );
        freezeId = _freezes.length;
        _caseInForce[key] = freezeId;
    }
}
