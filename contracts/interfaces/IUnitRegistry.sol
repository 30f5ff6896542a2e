// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @notice Administrative level of a unit, from the top of the hierarchy down.
enum Level {
    None,
    Province,
    City,
    County,
    Township,
    Village
}

/**
 * @notice One step of a unit's approval policy: movements of more than
 * `above` fen need at least `approvals` approvers.
 */
struct ThresholdTier {
    uint128 above;
    uint8 approvals;
}

/// @notice A registered administrative unit.
struct Unit {
    /// @notice 12-digit statistical division code.
    uint40 code;
    /// @notice Year of the division-code edition the code belongs to.
    uint16 edition;
    /// @notice Administrative level, consistent with the code.
    Level level;
    /// @notice Approvals needed for any movement (amount tiers may ask for more).
    uint8 baseApprovals;
    /// @notice Time of registration.
    uint64 registeredAt;
    /// @notice The unit directly above (zero for a province).
    address parent;
    /**
     * @notice The unit that allocates money to this one, takes its returns and may reclaim from it: `parent`,
     * unless governance set a higher ancestor under a documented fiscal arrangement (e.g. 省直管县, where the
     * province manages a county's finances directly), see {IUnitRegistry-setFiscalParent}. Zero for a province.
     */
    address fiscalParent;
}

/**
 * @title IUnitRegistry
 * @notice Who is who in FundTrace: the administrative units with their
 * derived addresses, each unit's officers and approval policy, the roles of
 * the deployment, and the emergency pause that stops every write.
 *
 * Roles (OpenZeppelin AccessControl). `DEFAULT_ADMIN_ROLE` appoints and
 * removes officers, sets approval policies, grants roles and unpauses. It is
 * held by the deploying account only while it bootstraps the deployment
 * (the first units and officers; no money can move before the hand-over),
 * then by the {IGovernance} contract alone: a council approving `m` of `n`,
 * a delay of at least two days that inspectors can watch, and guardians
 * who can veto. `REGISTRAR_ROLE` only registers units; `INSPECTOR_ROLE`
 * freezes, unfreezes and records findings; `PAUSER_ROLE` and the guardians
 * only pause (an emergency brake; resuming is governed). No holder of any of these roles,
 * no council member and no guardian can be an officer of a unit, and no role
 * can move money: only the roster book bound to the ledger at deployment
 * pays households.
 *
 * Within a unit, preparers (makers) and approvers (checkers) are different
 * accounts, so a threshold of `n` approvals is always `n` people other than
 * the proposer. Officers can be removed while the deployment is paused.
 */
interface IUnitRegistry is IAccessControl {
    // ------------------------------------------------------------------ events

    /// @notice A unit was registered at its derived address.
    event UnitRegistered(
        address indexed unit,
        uint256 indexed code,
        address indexed parent,
        uint16 edition,
        Level level,
        address registrar
    );

    /// @notice `account` was appointed preparer of `unit`: it may propose movements and publish rosters.
    event PreparerAdded(address indexed unit, address indexed account, address administrator);

    /// @notice `account` stopped being a preparer of `unit`.
    event PreparerRemoved(address indexed unit, address indexed account, address administrator);

    /// @notice `account` was appointed approver of `unit`: it may approve or reject its proposals and rosters.
    event ApproverAdded(address indexed unit, address indexed account, address administrator);

    /// @notice `account` stopped being an approver of `unit`.
    event ApproverRemoved(address indexed unit, address indexed account, address administrator);

    /// @notice The approval policy of `unit` changed.
    event ApprovalPolicySet(address indexed unit, uint8 baseApprovals, ThresholdTier[] tiers, address administrator);

    /**
     * @notice Money of `unit` now comes from and goes back to `fiscalParent` (its administrative parent, or an
     * ancestor above it), as decided in the document `documentHash`; `previous` was the fiscal parent before.
     */
    event FiscalParentSet(
        address indexed unit,
        address indexed fiscalParent,
        address previous,
        bytes32 documentHash,
        address administrator
    );

    /// @notice Governance paused every write of the deployment.
    event DeploymentPaused(address indexed account);

    /// @notice Governance resumed writes.
    event DeploymentUnpaused(address indexed account);

    /// @notice Administration passed from `previous` (zero: the bootstrap account) to the governance `next`.
    event GovernanceHandedOver(address indexed previous, address indexed next, address account);

    // ------------------------------------------------------------------ errors

    /**
     * @notice `code` is not a valid 12-digit division code: an unknown province segment, city segment 90 used as a
     * city, or a township or village segment outside 001-599.
     * @dev Check the 12 digits against the statistical division-code list of the unit's edition.
     */
    error RegistryInvalidCode(uint256 code);

    /**
     * @notice The level `given` for `code` is not the level `expected` that the code's segments denote.
     * @dev Register the unit with level `expected`, or correct the code.
     */
    error RegistryLevelMismatch(uint256 code, Level given, Level expected);

    /**
     * @notice `edition` is not a division-code edition: editions are four-digit years from 2009 on.
     * @dev Give the year of the code list the code comes from, e.g. 2023.
     */
    error RegistryInvalidEdition(uint16 edition);

    /**
     * @notice A unit with this code and edition is registered already, at `unit`.
     * @dev Use the registered unit: its address is `unitAddressOf(code, edition)`.
     */
    error RegistryUnitExists(address unit);

    /**
     * @notice `parent` is not the registered unit that `code` hangs under, the one with code `expectedParentCode`
     * (0 when `code` is a province, which takes no parent).
     * @dev Register the parent unit first and pass its address, or pass zero for a province.
     */
    error RegistryParentMismatch(uint256 code, address parent, uint256 expectedParentCode);

    /**
     * @notice No unit is registered at `unit`: officers and approval policies exist only for registered units.
     * @dev Register the unit first, or check the address (`unitAddressOf(code, edition)`).
     */
    error RegistryUnknownUnit(address unit);

    /**
     * @notice `fiscalParent` is not above `unit` in its administrative line (its parent, grandparent, ...), or the
     * decision's document hash is zero: a fiscal arrangement skips levels of the unit's own line only, on a
     * documented decision.
     * @dev Name one of the unit's ancestors and the hash of the decision that sets the arrangement.
     */
    error RegistryInvalidFiscalParent(address unit, address fiscalParent);

    /**
     * @notice `account` is not a preparer of `unit`: only a unit's preparers propose its movements and publish, pay
     * and report failures of its rosters (also raised when removing a preparer who is not one).
     * @dev Send from a preparer's account, or have the governance appoint `account` with `addPreparer`.
     */
    error RegistryNotPreparer(address unit, address account);

    /**
     * @notice `account` is not an approver of `unit`: only a unit's approvers approve or reject its proposals,
     * approve its rosters and resolve objections (also raised when removing an approver who is not one).
     * @dev Send from an approver's account, or have the governance appoint `account` with `addApprover`.
     */
    error RegistryNotApprover(address unit, address account);

    /**
     * @notice `account` is an approver of `unit` already (`isApprover` true) or a preparer already (false): each role
     * is held once.
     * @dev Nothing to appoint; check `preparersOf` and `approversOf`.
     */
    error RegistryAlreadyOfficer(address unit, address account, bool isApprover);

    /**
     * @notice The zero address was given as an officer, or as the bootstrap account at deployment.
     * @dev Pass the account's real address.
     */
    error RegistryZeroAccount();

    /**
     * @notice `account` holds `INSPECTOR_ROLE` and cannot be appointed officer, or is an officer of some unit and
     * cannot be granted `INSPECTOR_ROLE`: supervision stays independent of the officers it supervises.
     * @dev Use another account for one of the two duties, or first revoke the role or remove the appointments.
     */
    error RegistryInspectorIsOfficer(address account);

    /**
     * @notice `account` holds the administrative role `role` (administrator, registrar or pauser; council
     * members and guardians count as administrators) and cannot be appointed officer, or is an officer and cannot be
     * granted that role: whoever appoints officers or stops the deployment never proposes or approves money movements.
     * @dev Use another account for one of the two duties.
     */
    error RegistryAdministratorIsOfficer(address account, bytes32 role);

    /**
     * @notice `account` is a preparer of `unit` and cannot also be its approver, or the other way round: the maker of
     * a proposal or roster is never one of its checkers.
     * @dev Appoint a different account, or first remove the other appointment.
     */
    error RegistryMakerIsChecker(address unit, address account);

    /**
     * @notice The approval policy of `unit` would ask for `approvals` approvals while the unit has `approvers`
     * approvers, or for none; also raised when removing an approver the policy still needs.
     * @dev Appoint more approvers first, or lower the thresholds with `setApprovalPolicy`.
     */
    error RegistryInvalidThreshold(address unit, uint256 approvals, uint256 approvers);

    /**
     * @notice Tier `index` of an approval policy does not raise both the amount (`above`) and the approvals over the
     * tier before it (for the first tier: the approvals over the base).
     * @dev Sort the tiers by amount and give each more approvals than the one before.
     */
    error RegistryTiersNotAscending(uint256 index);

    /**
     * @notice `account` cannot be the governance: it is not a contract, is the governance already or administers
     * another registry, or administration was to be granted to or taken from the governance other than by a
     * hand-over.
     * @dev Deploy the {IGovernance} contract for this registry and call `handOver` with its address.
     */
    error RegistryInvalidGovernance(address account);

    /**
     * @notice Governance paused the deployment: every write of the registry reverts until it is unpaused.
     * @dev Wait for the governance to resume it (`unpause`, a council proposal).
     */
    error RegistryPaused();

    // --------------------------------------------------------- registration

    /**
     * @notice Registers a unit. Only `REGISTRAR_ROLE`.
     * @param code 12-digit division code; its level and parent follow from its segments.
     * @param edition Year of the division-code edition (e.g. 2023).
     * @param level The level the registrar means; must agree with the code.
     * @param parent Address of the registered parent unit (zero for a province).
     * @return unit The unit's derived address (see {unitAddressOf}).
     */
    function registerUnit(uint40 code, uint16 edition, Level level, address parent) external returns (address unit);

    /// @notice Appoints `account` preparer of `unit`. Only `DEFAULT_ADMIN_ROLE` (the governance).
    function addPreparer(address unit, address account) external;

    /// @notice Removes `account` as preparer of `unit`. Only `DEFAULT_ADMIN_ROLE` (the governance).
    function removePreparer(address unit, address account) external;

    /// @notice Appoints `account` approver of `unit`. Only `DEFAULT_ADMIN_ROLE` (the governance).
    function addApprover(address unit, address account) external;

    /**
     * @notice Removes `account` as approver of `unit`. Only `DEFAULT_ADMIN_ROLE` (the governance).
     * Refused while the policy would then ask for more approvals than remain.
     */
    function removeApprover(address unit, address account) external;

    /**
     * @notice Sets how many approvals the movements of `unit` need. Only `DEFAULT_ADMIN_ROLE` (the governance).
     * @param baseApprovals Approvals for any amount (at least 1).
     * @param tiers Higher thresholds, strictly ascending in both amount and approvals.
     */
    function setApprovalPolicy(address unit, uint8 baseApprovals, ThresholdTier[] calldata tiers) external;

    /**
     * @notice Makes `fiscalParent`, one of `unit`'s ancestors, the unit that allocates to it, takes its returns and
     * may reclaim from it (`unit`'s administrative parent undoes an arrangement). Only `DEFAULT_ADMIN_ROLE` (the
     * governance, after its delay), citing the decision `documentHash`. Proposals made under the earlier
     * arrangement are not re-checked when approved.
     */
    function setFiscalParent(address unit, address fiscalParent, bytes32 documentHash) external;

    /// @notice Stops every write of the deployment. Only `PAUSER_ROLE` and the governance's guardians.
    function pause() external;

    /// @notice Resumes writes. Only `DEFAULT_ADMIN_ROLE` (the governance).
    function unpause() external;

    /**
     * @notice Hands administration to the governance contract `next`, for good: the caller (the bootstrap
     * account, or the governance handing over to its successor) loses `DEFAULT_ADMIN_ROLE`, and the bootstrap
     * account also its pauser and registrar roles. Refused when a council member of `next` is an officer.
     * Only `DEFAULT_ADMIN_ROLE`.
     */
    function handOver(address next) external;

    // ----------------------------------------------------------------- views

    /// @notice Role that registers units.
    function REGISTRAR_ROLE() external view returns (bytes32);

    /// @notice Role that freezes, unfreezes and records findings.
    function INSPECTOR_ROLE() external view returns (bytes32);

    /// @notice Role that pauses the deployment.
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice Whether the deployment is paused.
    function paused() external view returns (bool);

    /// @notice The governance contract that administers the deployment (zero while bootstrapping).
    function governance() external view returns (address);

    /// @notice The unit registered at `unit` (all zero when none).
    function unitOf(address unit) external view returns (Unit memory);

    /// @notice Whether a unit is registered at `unit`.
    function isUnit(address unit) external view returns (bool);

    /// @notice The derived address of a unit, registered or not (see `DivisionCode.unitAddress`).
    function unitAddressOf(uint40 code, uint16 edition) external pure returns (address);

    /// @notice The address that holds, as a token balance, what village `unit` paid to households.
    function householdsAddressOf(address unit) external pure returns (address);

    /// @notice Level and parent code of `code`; `Level.None` when it breaks the segment rules.
    function classify(uint40 code) external pure returns (Level level, uint256 parentCode);

    /// @notice Whether `account` is a preparer of `unit`.
    function isPreparer(address unit, address account) external view returns (bool);

    /// @notice Whether `account` is an approver of `unit`.
    function isApprover(address unit, address account) external view returns (bool);

    /// @notice The preparers of `unit`.
    function preparersOf(address unit) external view returns (address[] memory);

    /// @notice The approvers of `unit`.
    function approversOf(address unit) external view returns (address[] memory);

    /// @notice The approval policy of `unit`.
    function approvalPolicyOf(address unit) external view returns (uint8 baseApprovals, ThresholdTier[] memory tiers);

    /// @notice Approvals a movement of `amount` fen by `unit` needs under its current policy.
    function requiredApprovals(address unit, uint256 amount) external view returns (uint8);

    /// @notice Number of units where `account` is a preparer or an approver.
    function appointmentsOf(address account) external view returns (uint256);

    /// @notice Number of registered units.
    function unitCount() external view returns (uint256);

    /// @notice The `index`-th registered unit, in registration order.
    function unitAt(uint256 index) external view returns (address);
}
