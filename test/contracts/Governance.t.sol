// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {Governance} from "../../contracts/Governance.sol";
import {IFundLedger} from "../../contracts/interfaces/IFundLedger.sol";
import {GovernanceStatus, IGovernance} from "../../contracts/interfaces/IGovernance.sol";
import {IUnitRegistry, Level, ThresholdTier} from "../../contracts/interfaces/IUnitRegistry.sol";
import {UnitRegistry} from "../../contracts/UnitRegistry.sol";
import {FundTraceFixture} from "./utils/FundTraceFixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Building a governance: every parameter has a floor.
contract GovernanceConstructionTest is FundTraceFixture {
    address[] internal none;

    function _handsOver() internal pure override returns (bool) {
        return false;
    }

    function test_constructor_refusesShortDelay() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceDelayTooShort.selector, 1 days, 2 days));
        new Governance(registry, 1 days, council, 2, none);
    }

    function test_constructor_refusesLoneDecider() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceInvalidThreshold.selector, 1, 3));
        new Governance(registry, GOVERNANCE_DELAY, council, 1, none);
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceInvalidThreshold.selector, 4, 3));
        new Governance(registry, GOVERNANCE_DELAY, council, 4, none);
    }

    function test_constructor_refusesRepeatedOrZeroAccounts() public {
        address[] memory twice = new address[](2);
        twice[0] = council[0];
        twice[1] = council[0];
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceInvalidAccount.selector, council[0]));
        new Governance(registry, GOVERNANCE_DELAY, twice, 2, none);
        address[] memory zero = new address[](1);
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceInvalidAccount.selector, address(0)));
        new Governance(registry, GOVERNANCE_DELAY, council, 2, zero);
        address[] memory guardianTwice = new address[](2);
        guardianTwice[0] = guardian;
        guardianTwice[1] = guardian;
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceInvalidAccount.selector, guardian));
        new Governance(registry, GOVERNANCE_DELAY, council, 2, guardianTwice);
    }

    function test_constructor_refusesOfficers() public {
        address[] memory withOfficer = new address[](2);
        withOfficer[0] = council[0];
        withOfficer[1] = approverA[village];
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceAccountIsOfficer.selector, approverA[village]));
        new Governance(registry, GOVERNANCE_DELAY, withOfficer, 2, none);
        address[] memory guardianOfficer = new address[](1);
        guardianOfficer[0] = preparer[county];
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceAccountIsOfficer.selector, preparer[county]));
        new Governance(registry, GOVERNANCE_DELAY, council, 2, guardianOfficer);
    }

    function test_handOver_refusesNonContractsAndOfficerMembers() public {
        vm.startPrank(governor);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidGovernance.selector, outsider));
        registry.handOver(outsider);
        Governance next = new Governance(registry, GOVERNANCE_DELAY, council, 2, none);
        // Appointed between the governance's construction and the hand-over.
        registry.addPreparer(village2, council[2]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUnitRegistry.RegistryAdministratorIsOfficer.selector,
                council[2],
                registry.DEFAULT_ADMIN_ROLE()
            )
        );
        registry.handOver(address(next));
        vm.stopPrank();
    }

    /// @dev Review finding: one bootstrap key appointed puppet officers and moved a fund in one block.
    function test_noFundBeforeHandOver() public {
        vm.expectRevert(IFundLedger.LedgerNotGoverned.selector);
        vm.prank(preparer[province]);
        ledger.proposeFund(_terms(1_000, "GZ-2026-001"));
        _handOver();
        vm.prank(preparer[province]);
        (uint256 fund, ) = ledger.proposeFund(_terms(1_000, "GZ-2026-001"));
        assertEq(fund, 1, "a fund once governed");
    }

    function test_handOver_refusesGovernanceOfAnotherRegistry() public {
        UnitRegistry other = new UnitRegistry(governor);
        Governance foreign = new Governance(other, GOVERNANCE_DELAY, council, 2, none);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidGovernance.selector, address(foreign)));
        vm.prank(governor);
        registry.handOver(address(foreign));
    }

    function test_handOver_refusesOfficerGuardians() public {
        address[] memory guardians = new address[](1);
        guardians[0] = outsider;
        Governance next = new Governance(registry, GOVERNANCE_DELAY, council, 2, guardians);
        vm.startPrank(governor);
        registry.addApprover(village2, outsider);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUnitRegistry.RegistryAdministratorIsOfficer.selector,
                outsider,
                registry.DEFAULT_ADMIN_ROLE()
            )
        );
        registry.handOver(address(next));
        vm.stopPrank();
    }
}

/// @notice After the hand-over, administration is a council decision that waits out the delay.
contract GovernanceTest is FundTraceFixture {
    function test_handOver_leavesTheBootstrapAccountNoPower() public {
        bytes32 admin = registry.DEFAULT_ADMIN_ROLE();
        assertEq(registry.governance(), address(governance), "governance");
        assertTrue(registry.hasRole(admin, address(governance)), "governance administers");
        assertFalse(registry.hasRole(admin, governor), "bootstrap admin gone");
        assertFalse(registry.hasRole(registry.PAUSER_ROLE(), governor), "bootstrap pauser gone");
        vm.startPrank(governor);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, governor, admin)
        );
        registry.addApprover(village, outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, governor, admin)
        );
        registry.handOver(outsider);
        vm.stopPrank();
        // The registrar still registers units, and nothing else.
        vm.prank(registrar);
        registry.registerUnit(520102201003, EDITION, Level.Village, township);
    }

    function test_officerChange_waitsForCouncilAndDelay() public {
        address[] memory targets = _one(address(registry));
        bytes[] memory payloads = _oneData(abi.encodeCall(IUnitRegistry.addApprover, (village, outsider)));

        vm.expectEmit(true, true, false, true, address(governance));
        emit IGovernance.GovernanceProposed(1, council[0], targets, payloads, "appoint");
        vm.prank(council[0]);
        uint256 id = governance.propose(targets, payloads, "appoint");
        assertEq(uint8(governance.statusOf(id)), uint8(GovernanceStatus.Pending), "pending after one approval");
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceAlreadyApproved.selector, id, council[0]));
        vm.prank(council[0]);
        governance.approve(id);
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceUnexpectedStatus.selector, id, 1));
        governance.execute(id);

        bytes32 operation = governance.hashOperationBatch(targets, new uint256[](1), payloads, 0, bytes32(id));
        vm.expectEmit(true, true, false, true, address(governance));
        emit IGovernance.GovernanceScheduled(id, operation, block.timestamp + GOVERNANCE_DELAY);
        vm.prank(council[1]);
        governance.approve(id);
        assertEq(uint8(governance.statusOf(id)), uint8(GovernanceStatus.Scheduled), "scheduled");
        assertFalse(registry.isApprover(village, outsider), "not before the delay");

        vm.warp(block.timestamp + GOVERNANCE_DELAY - 1);
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceUnexpectedStatus.selector, id, 4));
        governance.execute(id);
        vm.warp(block.timestamp + 1);
        vm.prank(outsider); // anyone may execute a ready proposal
        governance.execute(id);
        assertTrue(registry.isApprover(village, outsider), "appointed after the delay");
        assertEq(uint8(governance.statusOf(id)), uint8(GovernanceStatus.Executed), "executed");
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceUnexpectedStatus.selector, id, 6));
        governance.execute(id);
    }

    function test_onlyMembersProposeAndApprove() public {
        address[] memory targets = _one(address(registry));
        bytes[] memory payloads = _oneData(abi.encodeCall(IUnitRegistry.unpause, ()));
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceNotMember.selector, guardian));
        vm.prank(guardian);
        governance.propose(targets, payloads, "");
        vm.prank(council[0]);
        uint256 id = governance.propose(targets, payloads, "");
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceNotMember.selector, outsider));
        vm.prank(outsider);
        governance.approve(id);
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceInvalidCalls.selector, 1, 0));
        vm.prank(council[0]);
        governance.propose(targets, new bytes[](0), "");
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceInvalidCalls.selector, 0, 0));
        vm.prank(council[0]);
        governance.propose(new address[](0), new bytes[](0), "");
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceUnknownProposal.selector, 9));
        vm.prank(council[1]);
        governance.approve(9);
    }

    function test_approvalOfMemberRemovedMidProposal() public {
        address[] memory targets = _one(address(registry));
        bytes[] memory payloads = _oneData(abi.encodeCall(IUnitRegistry.addApprover, (village, outsider)));
        vm.prank(council[0]);
        uint256 id = governance.propose(targets, payloads, "");
        _govern(address(governance), abi.encodeCall(IGovernance.addMember, (address(0xC04))));
        vm.prank(council[1]);
        uint256 removal = governance.propose(
            _one(address(governance)),
            _oneData(abi.encodeCall(IGovernance.removeMember, (council[0]))),
            ""
        );
        vm.prank(council[2]);
        governance.approve(removal);
        vm.warp(block.timestamp + GOVERNANCE_DELAY);
        governance.execute(removal);
        // The proposer is gone: one more current member approving is not enough.
        vm.prank(council[1]);
        governance.approve(id);
        assertEq(uint8(governance.statusOf(id)), uint8(GovernanceStatus.Pending), "the proposer no longer counts");
        vm.prank(council[2]);
        governance.approve(id);
        assertEq(uint8(governance.statusOf(id)), uint8(GovernanceStatus.Scheduled), "two current members");
    }

    function test_proposalsExpire() public {
        address[] memory targets = _one(address(registry));
        bytes[] memory payloads = _oneData(abi.encodeCall(IUnitRegistry.unpause, ()));
        vm.prank(council[0]);
        uint256 id = governance.propose(targets, payloads, "");
        vm.warp(block.timestamp + governance.PROPOSAL_LIFETIME() + 1);
        assertEq(uint8(governance.statusOf(id)), uint8(GovernanceStatus.Expired), "expired");
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceUnexpectedStatus.selector, id, 2));
        vm.prank(council[1]);
        governance.approve(id);
    }

    function test_withdraw_onlyProposerWhilePending() public {
        vm.prank(council[0]);
        uint256 id = governance.propose(
            _one(address(registry)),
            _oneData(abi.encodeCall(IUnitRegistry.unpause, ())),
            ""
        );
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceNotProposer.selector, id, council[1]));
        vm.prank(council[1]);
        governance.withdraw(id);
        vm.prank(council[0]);
        governance.withdraw(id);
        assertEq(uint8(governance.statusOf(id)), uint8(GovernanceStatus.Withdrawn), "withdrawn");
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceUnexpectedStatus.selector, id, 3));
        vm.prank(council[1]);
        governance.approve(id);
    }

    function test_guardianVetoes_pendingAndScheduled() public {
        bytes memory data = abi.encodeCall(IUnitRegistry.addApprover, (village, outsider));
        vm.prank(council[0]);
        uint256 pending = governance.propose(_one(address(registry)), _oneData(data), "");
        uint256 scheduled = _scheduleGoverned(address(registry), data);
        bytes32 canceller = governance.CANCELLER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, council[0], canceller)
        );
        vm.prank(council[0]);
        governance.cancelProposal(scheduled);

        vm.expectEmit(true, true, false, true, address(governance));
        emit IGovernance.GovernanceCancelled(pending, guardian);
        vm.startPrank(guardian);
        governance.cancelProposal(pending);
        governance.cancelProposal(scheduled);
        vm.stopPrank();
        assertEq(uint8(governance.statusOf(pending)), uint8(GovernanceStatus.Cancelled), "pending vetoed");
        assertEq(uint8(governance.statusOf(scheduled)), uint8(GovernanceStatus.Cancelled), "scheduled vetoed");
        vm.warp(block.timestamp + GOVERNANCE_DELAY);
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceUnexpectedStatus.selector, scheduled, 7));
        governance.execute(scheduled);
        assertFalse(registry.isApprover(village, outsider), "never appointed");
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceUnexpectedStatus.selector, scheduled, 7));
        vm.prank(guardian);
        governance.cancelProposal(scheduled);
    }

    /// @dev Mutation finding: only the timelock's own check guarded scheduled vetoes; pending ones had none.
    function test_cancelProposal_onlyGuardians() public {
        vm.prank(council[0]);
        uint256 id = governance.propose(
            _one(address(registry)),
            _oneData(abi.encodeCall(IUnitRegistry.unpause, ())),
            ""
        );
        bytes32 canceller = governance.CANCELLER_ROLE();
        address[2] memory refused = [council[1], outsider];
        for (uint256 i = 0; i < refused.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, refused[i], canceller)
            );
            vm.prank(refused[i]);
            governance.cancelProposal(id);
        }
        assertEq(uint8(governance.statusOf(id)), uint8(GovernanceStatus.Pending), "still pending");
    }

    /// @dev Mutation finding: removing members must keep the threshold reachable.
    function test_removeMember_keepsThresholdReachable() public {
        _govern(address(governance), abi.encodeCall(IGovernance.removeMember, (council[2])));
        assertEq(governance.members().length, 2, "two left");
        _expectGovernedRevert(
            address(governance),
            abi.encodeCall(IGovernance.removeMember, (council[1])),
            abi.encodeWithSelector(IGovernance.GovernanceInvalidThreshold.selector, 2, 1)
        );
        _expectGovernedRevert(
            address(governance),
            abi.encodeCall(IGovernance.removeMember, (outsider)),
            abi.encodeWithSelector(IGovernance.GovernanceNotMember.selector, outsider)
        );
    }

    function test_guardianCancelsTheTimelockOperationDirectly() public {
        uint256 id = _scheduleGoverned(
            address(registry),
            abi.encodeCall(IUnitRegistry.addApprover, (village, outsider))
        );
        bytes32 operation = governance.proposalOf(id).operationId;
        vm.prank(guardian);
        governance.cancel(operation);
        assertEq(uint8(governance.statusOf(id)), uint8(GovernanceStatus.Cancelled), "cancelled in the timelock");
    }

    function test_selfAdministration_onlyThroughTheDelay() public {
        vm.startPrank(council[0]);
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceOnlySelf.selector, council[0]));
        governance.addMember(outsider);
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceOnlySelf.selector, council[0]));
        governance.removeMember(council[1]);
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceOnlySelf.selector, council[0]));
        governance.setThreshold(3);
        vm.expectRevert(abi.encodeWithSelector(IGovernance.GovernanceOnlySelf.selector, council[0]));
        governance.updateDelay(3 days);
        vm.stopPrank();

        _govern(address(governance), abi.encodeCall(IGovernance.setThreshold, (3)));
        assertEq(governance.threshold(), 3, "threshold");
        _govern3(address(governance), abi.encodeCall(TimelockController.updateDelay, (3 days)));
        assertEq(governance.getMinDelay(), 3 days, "delay");
    }

    function test_floorsHoldAgainstGovernanceItself() public {
        _expectGovernedRevert(
            address(governance),
            abi.encodeCall(TimelockController.updateDelay, (1 days)),
            abi.encodeWithSelector(IGovernance.GovernanceDelayTooShort.selector, 1 days, 2 days)
        );
        _expectGovernedRevert(
            address(governance),
            abi.encodeCall(IGovernance.setThreshold, (1)),
            abi.encodeWithSelector(IGovernance.GovernanceInvalidThreshold.selector, 1, 3)
        );
        bytes32 proposer = governance.PROPOSER_ROLE();
        _expectGovernedRevert(
            address(governance),
            abi.encodeCall(IAccessControl.grantRole, (proposer, council[0])),
            abi.encodeWithSelector(IGovernance.GovernanceRoleRefused.selector, proposer, council[0])
        );
        bytes32 admin = governance.DEFAULT_ADMIN_ROLE();
        _expectGovernedRevert(
            address(governance),
            abi.encodeCall(IAccessControl.revokeRole, (admin, address(governance))),
            abi.encodeWithSelector(IGovernance.GovernanceRoleRefused.selector, admin, address(governance))
        );
        _expectGovernedRevert(
            address(governance),
            abi.encodeCall(IGovernance.setThreshold, (4)),
            abi.encodeWithSelector(IGovernance.GovernanceInvalidThreshold.selector, 4, 3)
        );
        // Nor can it hand the registry to a single key.
        bytes32 registryAdmin = registry.DEFAULT_ADMIN_ROLE();
        _expectGovernedRevert(
            address(registry),
            abi.encodeCall(IAccessControl.grantRole, (registryAdmin, outsider)),
            abi.encodeWithSelector(IUnitRegistry.RegistryInvalidGovernance.selector, outsider)
        );
        _expectGovernedRevert(
            address(registry),
            abi.encodeCall(IAccessControl.renounceRole, (registryAdmin, address(governance))),
            abi.encodeWithSelector(IUnitRegistry.RegistryInvalidGovernance.selector, address(governance))
        );
        _expectGovernedRevert(
            address(registry),
            abi.encodeCall(IUnitRegistry.handOver, (outsider)),
            abi.encodeWithSelector(IUnitRegistry.RegistryInvalidGovernance.selector, outsider)
        );
    }

    function test_guardians_governedAndNeverOfficers() public {
        bytes32 canceller = governance.CANCELLER_ROLE();
        _govern(address(governance), abi.encodeCall(IAccessControl.grantRole, (canceller, outsider)));
        assertEq(governance.guardians().length, 2, "two guardians");
        assertTrue(governance.isGovernor(outsider), "a governor");
        _expectGovernedRevert(
            address(registry),
            abi.encodeCall(IUnitRegistry.addApprover, (village, outsider)),
            abi.encodeWithSelector(
                IUnitRegistry.RegistryAdministratorIsOfficer.selector,
                outsider,
                registry.DEFAULT_ADMIN_ROLE()
            )
        );
        _expectGovernedRevert(
            address(governance),
            abi.encodeCall(IAccessControl.grantRole, (canceller, approverA[village])),
            abi.encodeWithSelector(IGovernance.GovernanceAccountIsOfficer.selector, approverA[village])
        );
        _expectGovernedRevert(
            address(governance),
            abi.encodeCall(IGovernance.addMember, (preparer[province])),
            abi.encodeWithSelector(IGovernance.GovernanceAccountIsOfficer.selector, preparer[province])
        );
        _govern(address(governance), abi.encodeCall(IAccessControl.revokeRole, (canceller, outsider)));
        assertFalse(governance.isGovernor(outsider), "no longer a governor");
        _govern(address(registry), abi.encodeCall(IUnitRegistry.addApprover, (village, outsider)));
        assertTrue(registry.isApprover(village, outsider), "appointed once no longer a guardian");
    }

    function test_pauseIsImmediate_resumeIsGoverned() public {
        bytes32 pauser = registry.PAUSER_ROLE();
        address[2] memory refused = [council[0], governor];
        for (uint256 i = 0; i < refused.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, refused[i], pauser)
            );
            vm.prank(refused[i]);
            registry.pause();
        }
        vm.prank(guardian);
        registry.pause();
        assertTrue(registry.paused(), "paused by a guardian at once");
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                guardian,
                registry.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(guardian);
        registry.unpause();
        // Officers can still be removed, by governance, while paused.
        _govern(address(registry), abi.encodeCall(IUnitRegistry.removePreparer, (village, preparer[village])));
        _govern(address(registry), abi.encodeCall(IUnitRegistry.unpause, ()));
        assertFalse(registry.paused(), "resumed by governance");
    }

    function test_migratesToANewGovernance() public {
        address[] memory next = new address[](2);
        next[0] = address(0xD01);
        next[1] = address(0xD02);
        Governance successor = new Governance(registry, 3 days, next, 2, new address[](0));
        uint256 id = _scheduleGoverned(address(registry), abi.encodeCall(IUnitRegistry.handOver, (address(successor))));
        vm.warp(block.timestamp + GOVERNANCE_DELAY);
        vm.expectEmit(true, true, false, true, address(registry));
        emit IUnitRegistry.GovernanceHandedOver(address(governance), address(successor), address(governance));
        governance.execute(id);
        bytes32 admin = registry.DEFAULT_ADMIN_ROLE();
        assertFalse(registry.hasRole(admin, address(governance)), "old governance retired");
        assertTrue(registry.hasRole(admin, address(successor)), "successor administers");
        ThresholdTier[] memory tiers = new ThresholdTier[](0);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, address(governance), admin)
        );
        vm.prank(address(governance));
        registry.setApprovalPolicy(village, 2, tiers);
    }

    // ------------------------------------------------------------ helpers

    /// @dev Like `_govern`, for a council whose threshold is 3.
    function _govern3(address target, bytes memory data) internal {
        vm.prank(council[0]);
        uint256 id = governance.propose(_one(target), _oneData(data), "");
        vm.prank(council[1]);
        governance.approve(id);
        vm.prank(council[2]);
        governance.approve(id);
        vm.warp(block.timestamp + governance.getMinDelay());
        governance.execute(id);
    }
}
