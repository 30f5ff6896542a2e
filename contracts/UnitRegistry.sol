// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

import {IGovernance} from "./interfaces/IGovernance.sol";
import {IUnitRegistry, Level, ThresholdTier, Unit} from "./interfaces/IUnitRegistry.sol";
import {DivisionCode} from "./libraries/DivisionCode.sol";

/**
 * @title UnitRegistry
 * @notice Units, officers, approval policies, roles and the emergency pause
 * of one FundTrace deployment. See {IUnitRegistry}.
 */
contract UnitRegistry is IUnitRegistry, AccessControl {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @inheritdoc IUnitRegistry
    bytes32 public constant REGISTRAR_ROLE = keccak256("fundtrace.role.registrar");
    /// @inheritdoc IUnitRegistry
    bytes32 public constant INSPECTOR_ROLE = keccak256("fundtrace.role.inspector");
    /// @inheritdoc IUnitRegistry
    bytes32 public constant PAUSER_ROLE = keccak256("fundtrace.role.pauser");

    /// @dev The first edition of the statistical division codes.
    uint16 private constant FIRST_EDITION = 2009;
    /// @dev Editions are four-digit years.
    uint16 private constant LAST_EDITION = 9999;

    /// @inheritdoc IUnitRegistry
    bool public paused;
    /// @inheritdoc IUnitRegistry
    address public governance;

    mapping(address unit => Unit) private _units;
    mapping(address unit => ThresholdTier[]) private _tiers;
    mapping(address unit => EnumerableSet.AddressSet) private _preparers;
    mapping(address unit => EnumerableSet.AddressSet) private _approvers;
    mapping(address account => uint256) private _appointments;
    address[] private _unitList;

    /**
     * @param bootstrap Receives `DEFAULT_ADMIN_ROLE` and `PAUSER_ROLE` until it hands over to the governance.
     */
    constructor(address bootstrap) {
        if (bootstrap == address(0)) revert RegistryZeroAccount();
        _grantRole(DEFAULT_ADMIN_ROLE, bootstrap);
        _grantRole(PAUSER_ROLE, bootstrap);
    }

    modifier whenNotPaused() {
        if (paused) revert RegistryPaused();
        _;
    }

    modifier onlyRegisteredUnit(address unit) {
        if (_units[unit].level == Level.None) revert RegistryUnknownUnit(unit);
        _;
    }

    // --------------------------------------------------------- registration

    /// @inheritdoc IUnitRegistry
    function registerUnit(
        uint40 code,
        uint16 edition,
        Level level,
        address parent
    ) external onlyRole(REGISTRAR_ROLE) whenNotPaused returns (address unit) {
        Level expected = DivisionCode.levelOf(code);
        if (expected == Level.None) revert RegistryInvalidCode(code);
        if (level != expected) revert RegistryLevelMismatch(code, level, expected);
        if (edition < FIRST_EDITION || edition > LAST_EDITION) revert RegistryInvalidEdition(edition);

        uint256 parentCode = DivisionCode.parentOf(code);
        if (parentCode == 0) {
            if (parent != address(0)) revert RegistryParentMismatch(code, parent, 0);
        } else if (_units[parent].level == Level.None || _units[parent].code != parentCode) {
            revert RegistryParentMismatch(code, parent, parentCode);
        }

        unit = DivisionCode.unitAddress(code, edition);
        if (_units[unit].level != Level.None) revert RegistryUnitExists(unit);
        _units[unit] = Unit({
            code: code,
            edition: edition,
            level: level,
            baseApprovals: 1,
            registeredAt: uint64(block.timestamp),
            parent: parent,
            fiscalParent: parent
        });
        _unitList.push(unit);
        emit UnitRegistered(unit, code, parent, edition, level, msg.sender);
    }

    /// @inheritdoc IUnitRegistry
    function addPreparer(
        address unit,
        address account
    ) external onlyRole(DEFAULT_ADMIN_ROLE) whenNotPaused onlyRegisteredUnit(unit) {
        _appoint(_preparers[unit], _approvers[unit], unit, account, false);
        emit PreparerAdded(unit, account, msg.sender);
    }

    /// @inheritdoc IUnitRegistry
    function removePreparer(
        address unit,
        address account
    ) external onlyRole(DEFAULT_ADMIN_ROLE) onlyRegisteredUnit(unit) {
        if (!_preparers[unit].remove(account)) revert RegistryNotPreparer(unit, account);
        --_appointments[account];
        emit PreparerRemoved(unit, account, msg.sender);
    }

    /// @inheritdoc IUnitRegistry
    function addApprover(
        address unit,
        address account
    ) external onlyRole(DEFAULT_ADMIN_ROLE) whenNotPaused onlyRegisteredUnit(unit) {
        _appoint(_approvers[unit], _preparers[unit], unit, account, true);
        emit ApproverAdded(unit, account, msg.sender);
    }

    /// @inheritdoc IUnitRegistry
    function removeApprover(
        address unit,
        address account
    ) external onlyRole(DEFAULT_ADMIN_ROLE) onlyRegisteredUnit(unit) {
        if (!_approvers[unit].remove(account)) revert RegistryNotApprover(unit, account);
        --_appointments[account];
        uint256 highest = _highestThreshold(unit);
        uint256 remaining = _approvers[unit].length();
        if (highest > remaining) revert RegistryInvalidThreshold(unit, highest, remaining);
        emit ApproverRemoved(unit, account, msg.sender);
    }

    /// @inheritdoc IUnitRegistry
    function setFiscalParent(
        address unit,
        address fiscalParent,
        bytes32 documentHash
    ) external onlyRole(DEFAULT_ADMIN_ROLE) whenNotPaused onlyRegisteredUnit(unit) {
        address ancestor = _units[unit].parent;
        while (ancestor != fiscalParent && ancestor != address(0)) ancestor = _units[ancestor].parent;
        if (ancestor == address(0) || documentHash == 0) revert RegistryInvalidFiscalParent(unit, fiscalParent);
        address previous = _units[unit].fiscalParent;
        _units[unit].fiscalParent = fiscalParent;
        emit FiscalParentSet(unit, fiscalParent, previous, documentHash, msg.sender);
    }

    /// @inheritdoc IUnitRegistry
    function setApprovalPolicy(
        address unit,
        uint8 baseApprovals,
        ThresholdTier[] calldata tiers
    ) external onlyRole(DEFAULT_ADMIN_ROLE) whenNotPaused onlyRegisteredUnit(unit) {
        uint256 approvers = _approvers[unit].length();
        if (baseApprovals == 0 || baseApprovals > approvers) {
            revert RegistryInvalidThreshold(unit, baseApprovals, approvers);
        }
        delete _tiers[unit];
        uint256 previousAbove = 0;
        uint256 previousApprovals = baseApprovals;
        for (uint256 i = 0; i < tiers.length; ++i) {
            ThresholdTier calldata tier = tiers[i];
            if ((i > 0 && tier.above <= previousAbove) || tier.approvals <= previousApprovals) {
                revert RegistryTiersNotAscending(i);
            }
            if (tier.approvals > approvers) revert RegistryInvalidThreshold(unit, tier.approvals, approvers);
            previousAbove = tier.above;
            previousApprovals = tier.approvals;
            _tiers[unit].push(tier);
        }
        _units[unit].baseApprovals = baseApprovals;
        emit ApprovalPolicySet(unit, baseApprovals, tiers, msg.sender);
    }

    /// @inheritdoc IUnitRegistry
    function pause() external {
        if (
            !hasRole(PAUSER_ROLE, msg.sender) &&
            !(governance != address(0) && IGovernance(governance).isGuardian(msg.sender))
        ) {
            revert AccessControlUnauthorizedAccount(msg.sender, PAUSER_ROLE);
        }
        paused = true;
        emit DeploymentPaused(msg.sender);
    }

    /// @inheritdoc IUnitRegistry
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        paused = false;
        emit DeploymentUnpaused(msg.sender);
    }

    /// @inheritdoc IUnitRegistry
    function handOver(address next) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (next.code.length == 0 || next == governance || IGovernance(next).registry() != address(this)) {
            revert RegistryInvalidGovernance(next);
        }
        _refuseOfficers(IGovernance(next).members());
        _refuseOfficers(IGovernance(next).guardians());
        address previous = governance;
        governance = next;
        _grantRole(DEFAULT_ADMIN_ROLE, next);
        _revokeRole(DEFAULT_ADMIN_ROLE, msg.sender);
        if (previous == address(0)) {
            // The bootstrap account keeps no power at all.
            _revokeRole(PAUSER_ROLE, msg.sender);
            _revokeRole(REGISTRAR_ROLE, msg.sender);
        }
        emit GovernanceHandedOver(previous, next, msg.sender);
    }

    /// @dev Council members and guardians are never officers (appointments made before the hand-over included).
    function _refuseOfficers(address[] memory accounts) private view {
        for (uint256 i = 0; i < accounts.length; ++i) {
            if (_appointments[accounts[i]] != 0) revert RegistryAdministratorIsOfficer(accounts[i], DEFAULT_ADMIN_ROLE);
        }
    }

    // ----------------------------------------------------------------- views

    /// @inheritdoc IUnitRegistry
    function unitOf(address unit) external view returns (Unit memory) {
        return _units[unit];
    }

    /// @inheritdoc IUnitRegistry
    function isUnit(address unit) external view returns (bool) {
        return _units[unit].level != Level.None;
    }

    /// @inheritdoc IUnitRegistry
    function unitAddressOf(uint40 code, uint16 edition) external pure returns (address) {
        return DivisionCode.unitAddress(code, edition);
    }

    /// @inheritdoc IUnitRegistry
    function householdsAddressOf(address unit) external pure returns (address) {
        return DivisionCode.householdsAddress(unit);
    }

    /// @inheritdoc IUnitRegistry
    function classify(uint40 code) external pure returns (Level level, uint256 parentCode) {
        level = DivisionCode.levelOf(code);
        if (level != Level.None) parentCode = DivisionCode.parentOf(code);
    }

    /// @inheritdoc IUnitRegistry
    function isPreparer(address unit, address account) external view returns (bool) {
        return _preparers[unit].contains(account);
    }

    /// @inheritdoc IUnitRegistry
    function isApprover(address unit, address account) external view returns (bool) {
        return _approvers[unit].contains(account);
    }

    /// @inheritdoc IUnitRegistry
    function preparersOf(address unit) external view returns (address[] memory) {
        return _preparers[unit].values();
    }

    /// @inheritdoc IUnitRegistry
    function approversOf(address unit) external view returns (address[] memory) {
        return _approvers[unit].values();
    }

    /// @inheritdoc IUnitRegistry
    function approvalPolicyOf(address unit) external view returns (uint8 baseApprovals, ThresholdTier[] memory tiers) {
        return (_units[unit].baseApprovals, _tiers[unit]);
    }

    /// @inheritdoc IUnitRegistry
    function requiredApprovals(address unit, uint256 amount) external view returns (uint8 approvals) {
        approvals = _units[unit].baseApprovals;
        ThresholdTier[] storage tiers = _tiers[unit];
        for (uint256 i = 0; i < tiers.length && amount > tiers[i].above; ++i) {
            approvals = tiers[i].approvals;
        }
    }

    /// @inheritdoc IUnitRegistry
    function appointmentsOf(address account) external view returns (uint256) {
        return _appointments[account];
    }

    /// @inheritdoc IUnitRegistry
    function unitCount() external view returns (uint256) {
        return _unitList.length;
    }

    /// @inheritdoc IUnitRegistry
    function unitAt(uint256 index) external view returns (address) {
        return _unitList[index];
    }

    // -------------------------------------------------------------- internal

    /// @dev Appoints `account` to `officers` of `unit`; it may hold no role and not be in `others`, the other duty.
    function _appoint(
        EnumerableSet.AddressSet storage officers,
        EnumerableSet.AddressSet storage others,
        address unit,
        address account,
        bool approver
    ) private {
        if (account == address(0)) revert RegistryZeroAccount();
        if (hasRole(INSPECTOR_ROLE, account)) revert RegistryInspectorIsOfficer(account);
        _requireNoAdministrativeRole(account);
        if (governance != address(0) && IGovernance(governance).isGovernor(account)) {
            revert RegistryAdministratorIsOfficer(account, DEFAULT_ADMIN_ROLE);
        }
        if (others.contains(account)) revert RegistryMakerIsChecker(unit, account);
        if (!officers.add(account)) revert RegistryAlreadyOfficer(unit, account, approver);
        ++_appointments[account];
    }

    function _requireNoAdministrativeRole(address account) private view {
        bytes32[3] memory roles = [DEFAULT_ADMIN_ROLE, REGISTRAR_ROLE, PAUSER_ROLE];
        for (uint256 i = 0; i < roles.length; ++i) {
            if (hasRole(roles[i], account)) revert RegistryAdministratorIsOfficer(account, roles[i]);
        }
    }

    function _highestThreshold(address unit) private view returns (uint256) {
        ThresholdTier[] storage tiers = _tiers[unit];
        return tiers.length == 0 ? _units[unit].baseApprovals : tiers[tiers.length - 1].approvals;
    }

    /**
     * @dev An officer of any unit can never become an inspector or hold an
     * administrative role; once handed over, only the governance administers.
     */
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (role == DEFAULT_ADMIN_ROLE && governance != address(0) && account != governance) {
            revert RegistryInvalidGovernance(account);
        }
        if (_appointments[account] != 0) {
            if (role == INSPECTOR_ROLE) revert RegistryInspectorIsOfficer(account);
            revert RegistryAdministratorIsOfficer(account, role);
        }
        return super._grantRole(role, account);
    }

    /// @dev The governance gives up administration only by handing over to another one.
    function _revokeRole(bytes32 role, address account) internal override returns (bool) {
        if (role == DEFAULT_ADMIN_ROLE && account == governance) revert RegistryInvalidGovernance(account);
        return super._revokeRole(role, account);
    }
}
