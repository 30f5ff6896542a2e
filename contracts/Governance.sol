// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

import {GovernanceProposal, GovernanceStatus, IGovernance} from "./interfaces/IGovernance.sol";
import {IUnitRegistry} from "./interfaces/IUnitRegistry.sol";

/**
 * @title Governance
 * @notice A council of members approving proposals `threshold` of `n`, on top
 * of an OpenZeppelin {TimelockController} that delays each approved proposal
 * by at least `MIN_DELAY`; guardians veto. See {IGovernance}.
 */
contract Governance is IGovernance, TimelockController {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @inheritdoc IGovernance
    uint256 public constant MIN_DELAY = 2 days;
    /// @inheritdoc IGovernance
    uint256 public constant PROPOSAL_LIFETIME = 30 days;
    /// @dev The smallest council threshold: no member decides alone.
    uint256 private constant MIN_THRESHOLD = 2;

    /// @inheritdoc IGovernance
    address public registry;
    /// @inheritdoc IGovernance
    uint8 public threshold;
    /// @inheritdoc IGovernance
    uint256 public proposalCount;

    uint256 private _delay;
    EnumerableSet.AddressSet private _members;
    EnumerableSet.AddressSet private _guardians;
    mapping(uint256 proposalId => GovernanceProposal) private _proposals;
    mapping(uint256 proposalId => address[]) private _approvers;
    mapping(uint256 proposalId => mapping(address member => bool)) private _approved;

    /**
     * @param registry_ The unit registry this governance will administer.
     * @param delay Seconds between approval and execution (at least `MIN_DELAY`).
     * @param members_ Council members (distinct, not officers of any unit).
     * @param threshold_ Approvals a proposal needs, the proposer's included (2 to `members_.length`).
     * @param guardians_ Accounts that may veto (distinct, not officers).
     */
    constructor(
        IUnitRegistry registry_,
        uint256 delay,
        address[] memory members_,
        uint8 threshold_,
        address[] memory guardians_
    ) TimelockController(delay, new address[](0), _openRole(), address(0)) {
        if (delay < MIN_DELAY) revert GovernanceDelayTooShort(delay, MIN_DELAY);
        registry = address(registry_);
        _delay = delay;
        _grantRole(PROPOSER_ROLE, address(this));
        for (uint256 i = 0; i < members_.length; ++i) _addMember(members_[i]);
        for (uint256 i = 0; i < guardians_.length; ++i) {
            if (!_grantRole(CANCELLER_ROLE, guardians_[i])) revert GovernanceInvalidAccount(guardians_[i]);
        }
        _setThreshold(threshold_);
    }

    modifier onlyMember() {
        if (!_members.contains(msg.sender)) revert GovernanceNotMember(msg.sender);
        _;
    }

    modifier onlySelf() {
        if (msg.sender != address(this)) revert GovernanceOnlySelf(msg.sender);
        _;
    }

    // --------------------------------------------------------------- actions

    /// @inheritdoc IGovernance
    function propose(
        address[] calldata targets,
        bytes[] calldata payloads,
        string calldata description
    ) external onlyMember returns (uint256 proposalId) {
        if (targets.length == 0 || targets.length != payloads.length) {
            revert GovernanceInvalidCalls(targets.length, payloads.length);
        }
        proposalId = ++proposalCount;
        GovernanceProposal storage p = _proposals[proposalId];
        p.proposer = msg.sender;
        p.createdAt = uint64(block.timestamp);
        p.targets = targets;
        for (uint256 i = 0; i < payloads.length; ++i) p.payloads.push(payloads[i]);
        emit GovernanceProposed(proposalId, msg.sender, targets, payloads, description);
        _approve(proposalId, p);
    }

    /// @inheritdoc IGovernance
    function approve(uint256 proposalId) external onlyMember {
        GovernanceProposal storage p = _proposalIn(proposalId, GovernanceStatus.Pending);
        if (_approved[proposalId][msg.sender]) revert GovernanceAlreadyApproved(proposalId, msg.sender);
        _approve(proposalId, p);
    }

    /// @inheritdoc IGovernance
    function execute(uint256 proposalId) external {
        GovernanceProposal storage p = _proposalIn(proposalId, GovernanceStatus.Ready);
        this.executeBatch(p.targets, new uint256[](p.targets.length), p.payloads, bytes32(0), bytes32(proposalId));
        emit GovernanceExecuted(proposalId, p.operationId, msg.sender);
    }

    /// @inheritdoc IGovernance
    function withdraw(uint256 proposalId) external {
        GovernanceProposal storage p = _proposalIn(proposalId, GovernanceStatus.Pending);
        if (msg.sender != p.proposer) revert GovernanceNotProposer(proposalId, msg.sender);
        p.closedAs = GovernanceStatus.Withdrawn;
        emit GovernanceWithdrawn(proposalId);
    }

    /// @inheritdoc IGovernance
    function cancelProposal(uint256 proposalId) external onlyRole(CANCELLER_ROLE) {
        GovernanceStatus status = statusOf(proposalId);
        GovernanceProposal storage p = _proposals[proposalId];
        if (status == GovernanceStatus.Scheduled || status == GovernanceStatus.Ready) {
            cancel(p.operationId);
        } else if (status != GovernanceStatus.Pending) {
            revert GovernanceUnexpectedStatus(proposalId, status);
        }
        p.closedAs = GovernanceStatus.Cancelled;
        emit GovernanceCancelled(proposalId, msg.sender);
    }

    /// @inheritdoc IGovernance
    function addMember(address account) external onlySelf {
        _addMember(account);
    }

    /// @inheritdoc IGovernance
    function removeMember(address account) external onlySelf {
        if (!_members.remove(account)) revert GovernanceNotMember(account);
        if (threshold > _members.length()) revert GovernanceInvalidThreshold(threshold, _members.length());
        emit CouncilMemberRemoved(account);
    }

    /// @inheritdoc IGovernance
    function setThreshold(uint8 threshold_) external onlySelf {
        _setThreshold(threshold_);
    }

    /// @notice Changes the delay; never below `MIN_DELAY`. Only through governance itself.
    function updateDelay(uint256 newDelay) external override onlySelf {
        if (newDelay < MIN_DELAY) revert GovernanceDelayTooShort(newDelay, MIN_DELAY);
        emit MinDelayChange(_delay, newDelay);
        _delay = newDelay;
    }

    // ----------------------------------------------------------------- views

    /// @notice The delay between approval and execution.
    function getMinDelay() public view override returns (uint256) {
        return _delay;
    }

    /// @inheritdoc IGovernance
    function members() external view returns (address[] memory) {
        return _members.values();
    }

    /// @inheritdoc IGovernance
    function guardians() external view returns (address[] memory) {
        return _guardians.values();
    }

    /// @inheritdoc IGovernance
    function isMember(address account) external view returns (bool) {
        return _members.contains(account);
    }

    /// @inheritdoc IGovernance
    function isGuardian(address account) external view returns (bool) {
        return _guardians.contains(account);
    }

    /// @inheritdoc IGovernance
    function isGovernor(address account) external view returns (bool) {
        return _members.contains(account) || _guardians.contains(account);
    }

    /// @inheritdoc IGovernance
    function proposalOf(uint256 proposalId) external view returns (GovernanceProposal memory) {
        return _proposals[proposalId];
    }

    /// @inheritdoc IGovernance
    function statusOf(uint256 proposalId) public view returns (GovernanceStatus) {
        GovernanceProposal storage p = _proposals[proposalId];
        if (p.proposer == address(0)) return GovernanceStatus.None;
        if (p.closedAs != GovernanceStatus.None) return p.closedAs;
        if (p.operationId == bytes32(0)) {
            return
                block.timestamp > p.createdAt + PROPOSAL_LIFETIME ? GovernanceStatus.Expired : GovernanceStatus.Pending;
        }
        OperationState state = getOperationState(p.operationId);
        if (state == OperationState.Waiting) return GovernanceStatus.Scheduled;
        if (state == OperationState.Ready) return GovernanceStatus.Ready;
        if (state == OperationState.Done) return GovernanceStatus.Executed;
        // A guardian may also cancel the timelock operation directly.
        return GovernanceStatus.Cancelled;
    }

    /// @inheritdoc IGovernance
    function approvalsOf(uint256 proposalId) public view returns (address[] memory current) {
        address[] storage all = _approvers[proposalId];
        current = new address[](all.length);
        uint256 n = 0;
        for (uint256 i = 0; i < all.length; ++i) {
            if (_members.contains(all[i])) current[n++] = all[i];
        }
        assembly ("memory-safe") {
            mstore(current, n)
        }
    }

    // -------------------------------------------------------------- internal

    function _approve(uint256 proposalId, GovernanceProposal storage p) private {
        _approved[proposalId][msg.sender] = true;
        _approvers[proposalId].push(msg.sender);
        uint256 approvals = approvalsOf(proposalId).length;
        emit GovernanceApproved(proposalId, msg.sender, approvals);
        if (approvals < threshold) return;
        uint256[] memory values = new uint256[](p.targets.length);
        bytes32 salt = bytes32(proposalId);
        p.operationId = this.hashOperationBatch(p.targets, values, p.payloads, bytes32(0), salt);
        this.scheduleBatch(p.targets, values, p.payloads, bytes32(0), salt, _delay);
        emit GovernanceScheduled(proposalId, p.operationId, block.timestamp + _delay);
    }

    function _proposalIn(
        uint256 proposalId,
        GovernanceStatus expected
    ) private view returns (GovernanceProposal storage) {
        GovernanceStatus status = statusOf(proposalId);
        if (status == GovernanceStatus.None) revert GovernanceUnknownProposal(proposalId);
        if (status != expected) revert GovernanceUnexpectedStatus(proposalId, status);
        return _proposals[proposalId];
    }

    function _addMember(address account) private {
        _requireNotOfficer(account);
        if (!_members.add(account)) revert GovernanceInvalidAccount(account);
        emit CouncilMemberAdded(account);
    }

    function _setThreshold(uint8 threshold_) private {
        uint256 count = _members.length();
        if (threshold_ < MIN_THRESHOLD || threshold_ > count) revert GovernanceInvalidThreshold(threshold_, count);
        threshold = threshold_;
        emit CouncilThresholdSet(threshold_);
    }

    function _requireNotOfficer(address account) private view {
        if (account == address(0)) revert GovernanceInvalidAccount(account);
        if (IUnitRegistry(registry).appointmentsOf(account) != 0) revert GovernanceAccountIsOfficer(account);
    }

    /// @dev Only the governance schedules and administers itself; guardians are never officers.
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        if ((role == PROPOSER_ROLE || role == DEFAULT_ADMIN_ROLE) && account != address(this)) {
            revert GovernanceRoleRefused(role, account);
        }
        if (role == CANCELLER_ROLE) {
            _requireNotOfficer(account);
            _guardians.add(account);
        }
        granted = super._grantRole(role, account);
    }

    /// @dev The governance can never lose its own administration or scheduling.
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        if ((role == PROPOSER_ROLE || role == DEFAULT_ADMIN_ROLE) && account == address(this)) {
            revert GovernanceRoleRefused(role, account);
        }
        if (role == CANCELLER_ROLE) _guardians.remove(account);
        revoked = super._revokeRole(role, account);
    }

    function _openRole() private pure returns (address[] memory executors) {
        executors = new address[](1); // address(0): anyone may execute a ready proposal
    }
}
