// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @notice Where a council proposal stands.
enum GovernanceStatus {
    None,
    /// @notice Collecting approvals from council members.
    Pending,
    /// @notice Not approved within `PROPOSAL_LIFETIME`; it can never be scheduled.
    Expired,
    /// @notice Withdrawn by its proposer before it was scheduled.
    Withdrawn,
    /// @notice Approved and scheduled; the delay has not yet passed.
    Scheduled,
    /// @notice The delay has passed; anyone may execute it.
    Ready,
    /// @notice Executed: every call of the proposal took effect.
    Executed,
    /// @notice Cancelled by a guardian, before or after scheduling.
    Cancelled
}

/// @notice One council proposal: calls that take effect together, after the delay.
struct GovernanceProposal {
    address proposer;
    uint64 createdAt;
    /// @notice Set once the proposal is withdrawn (by its proposer) or vetoed before scheduling (by a guardian).
    GovernanceStatus closedAs;
    /// @notice The timelock operation that executes the calls (zero until scheduled).
    bytes32 operationId;
    address[] targets;
    bytes[] payloads;
}

/**
 * @title IGovernance
 * @notice The only administrator of a FundTrace deployment after its
 * bootstrap: a council of `n` members of which `threshold` (at least 2) must
 * approve a proposal, and an OpenZeppelin timelock that then holds it for
 * at least `MIN_DELAY` before anyone may execute it. Guardians
 * (`CANCELLER_ROLE`) can veto a proposal at any point before execution and
 * pause the deployment at once (resuming is a proposal), and can do nothing
 * else. Every step emits an event, so inspectors watch each
 * change before it takes effect.
 *
 * Council members, the threshold, the delay and the guardians change only
 * through the same path. No account but the governance itself may ever
 * schedule (`PROPOSER_ROLE`), and the delay can never fall below `MIN_DELAY`.
 * Members and guardians can never be officers of a unit.
 */
interface IGovernance {
    // ------------------------------------------------------------------ events

    /// @notice A member proposed `targets[i].call(payloads[i])`; the proposal counts as its first approval.
    event GovernanceProposed(
        uint256 indexed proposalId,
        address indexed proposer,
        address[] targets,
        bytes[] payloads,
        string description
    );

    /// @notice A member approved; `approvals` counts the current members who have.
    event GovernanceApproved(uint256 indexed proposalId, address indexed member, uint256 approvals);

    /// @notice The threshold was met and the timelock holds the calls until `readyAt`.
    event GovernanceScheduled(uint256 indexed proposalId, bytes32 indexed operationId, uint256 readyAt);

    /// @notice Executed after the delay.
    event GovernanceExecuted(uint256 indexed proposalId, bytes32 indexed operationId, address executor);

    /// @notice Withdrawn by its proposer before scheduling.
    event GovernanceWithdrawn(uint256 indexed proposalId);

    /// @notice Vetoed by a guardian (before or after scheduling).
    event GovernanceCancelled(uint256 indexed proposalId, address indexed guardian);

    /// @notice `account` joined the council.
    event CouncilMemberAdded(address indexed account);

    /// @notice `account` left the council.
    event CouncilMemberRemoved(address indexed account);

    /// @notice Proposals now need `threshold` approvals.
    event CouncilThresholdSet(uint256 threshold);

    // ------------------------------------------------------------------ errors

    /**
     * @notice `account` is not a council member: only members propose and approve (also raised when removing one
     * who is not).
     * @dev Send from a member's account; `members()` lists them.
     */
    error GovernanceNotMember(address account);

    /**
     * @notice `caller` is not the governance itself: council changes, the delay and timelock roles change only by
     * an executed proposal.
     * @dev Propose the call with `propose`; it takes effect after approval and the delay.
     */
    error GovernanceOnlySelf(address caller);

    /**
     * @notice No proposal has id `proposalId`.
     * @dev Check the id; `proposalCount()` is the highest one.
     */
    error GovernanceUnknownProposal(uint256 proposalId);

    /**
     * @notice Proposal `proposalId` is `current` (see {GovernanceStatus}), which does not allow this step: approve
     * and withdraw only pending proposals, execute only ready ones, veto only pending or scheduled ones.
     * @dev Check `statusOf(proposalId)`; an executable time is in `getTimestamp(operationId)`.
     */
    error GovernanceUnexpectedStatus(uint256 proposalId, GovernanceStatus current);

    /**
     * @notice `member` approved proposal `proposalId` already (the proposer's proposal counts as its approval).
     * @dev Another member must approve.
     */
    error GovernanceAlreadyApproved(uint256 proposalId, address member);

    /**
     * @notice Only the proposer of `proposalId` may withdraw it, and `caller` is not.
     * @dev Ask the proposer to withdraw it, or a guardian to veto it.
     */
    error GovernanceNotProposer(uint256 proposalId, address caller);

    /**
     * @notice A proposal needs at least one call and as many payloads as targets; it had `targets` and `payloads`.
     * @dev Give one payload (the encoded call) per target.
     */
    error GovernanceInvalidCalls(uint256 targets, uint256 payloads);

    /**
     * @notice A threshold of `threshold` approvals is not between 2 and the council's `members`: no member decides
     * alone, and every threshold is reachable (also raised when removing a member would leave too few).
     * @dev Choose 2 to `members`, or add a member first.
     */
    error GovernanceInvalidThreshold(uint256 threshold, uint256 members);

    /**
     * @notice A delay of `delay` seconds is shorter than the floor `minimum` (2 days).
     * @dev Give at least `MIN_DELAY` seconds.
     */
    error GovernanceDelayTooShort(uint256 delay, uint256 minimum);

    /**
     * @notice `account` is the zero address, or a member or guardian already.
     * @dev Give each member and guardian once, by its real address.
     */
    error GovernanceInvalidAccount(address account);

    /**
     * @notice `account` is an officer of some unit and cannot be a council member or guardian: whoever governs
     * never proposes or approves money movements.
     * @dev Remove its appointments first, or choose another account.
     */
    error GovernanceAccountIsOfficer(address account);

    /**
     * @notice `role` may not be granted to or taken from `account`: only the governance itself schedules and
     * administers its timelock.
     * @dev Grant guardians `CANCELLER_ROLE`; nothing else needs a grant.
     */
    error GovernanceRoleRefused(bytes32 role, address account);

    // --------------------------------------------------------------- actions

    /**
     * @notice Proposes calls that take effect together. Only members; the
     * proposer's approval is counted. Returns the proposal id (from 1).
     */
    function propose(
        address[] calldata targets,
        bytes[] calldata payloads,
        string calldata description
    ) external returns (uint256 proposalId);

    /// @notice Approves a pending proposal; the approval that meets the threshold schedules it.
    function approve(uint256 proposalId) external;

    /// @notice Executes a ready proposal. Anyone may call it.
    function execute(uint256 proposalId) external;

    /// @notice Withdraws a pending proposal. Only its proposer.
    function withdraw(uint256 proposalId) external;

    /// @notice Vetoes a pending or scheduled proposal. Only guardians (`CANCELLER_ROLE`).
    function cancelProposal(uint256 proposalId) external;

    /// @notice Adds a council member. Only through governance itself.
    function addMember(address account) external;

    /// @notice Removes a council member; refused if the threshold could then not be met.
    function removeMember(address account) external;

    /// @notice Sets how many members must approve. Only through governance itself.
    function setThreshold(uint8 threshold) external;

    // ----------------------------------------------------------------- views

    /// @notice The shortest delay the governance may ever have.
    function MIN_DELAY() external view returns (uint256);

    /// @notice How long a proposal may collect approvals before it expires.
    function PROPOSAL_LIFETIME() external view returns (uint256);

    /// @notice The unit registry the governance administers (it checks that members are not officers).
    function registry() external view returns (address);

    function threshold() external view returns (uint8);

    function members() external view returns (address[] memory);

    function isMember(address account) external view returns (bool);

    /// @notice Accounts that may veto proposals (`CANCELLER_ROLE`).
    function guardians() external view returns (address[] memory);

    /// @notice Whether `account` may veto proposals and pause the deployment.
    function isGuardian(address account) external view returns (bool);

    /// @notice True for members and guardians: the registry refuses them as officers.
    function isGovernor(address account) external view returns (bool);

    function proposalCount() external view returns (uint256);

    function proposalOf(uint256 proposalId) external view returns (GovernanceProposal memory);

    function statusOf(uint256 proposalId) external view returns (GovernanceStatus);

    /// @notice Current members who approved the proposal.
    function approvalsOf(uint256 proposalId) external view returns (address[] memory);
}
