// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {UnitRegistry} from "../../contracts/UnitRegistry.sol";
import {IUnitRegistry, Level, ThresholdTier, Unit} from "../../contracts/interfaces/IUnitRegistry.sol";
import {FundTraceFixture} from "./utils/FundTraceFixture.sol";
import {vm} from "./utils/Vm.sol";

contract UnitRegistryTest is FundTraceFixture {
    function _handsOver() internal pure override returns (bool) {
        return false;
    }

    address internal inspector2 = address(0x1A6);

    // ------------------------------------------------------------ register

    function test_registerUnit_storesUnitAtDerivedAddress() public view {
        Unit memory unit = registry.unitOf(village);
        assertEq(unit.code, VILLAGE_CODE, "code");
        assertEq(unit.edition, EDITION, "edition");
        assertEq(uint8(unit.level), uint8(Level.Village), "level");
        assertEq(unit.parent, township, "parent");
        assertEq(unit.baseApprovals, 1, "base approvals");
        assertEq(village, registry.unitAddressOf(VILLAGE_CODE, EDITION), "derived address");
        assertEq(village, address(0xFD00000000000000000000002023520102201001), "readable address");
        assertTrue(registry.isUnit(village), "isUnit");
        assertEq(registry.unitCount(), 6, "count");
        assertEq(registry.unitAt(0), province, "first");
        assertEq(registry.unitAt(5), village2, "last");
    }

    function test_registerUnit_emitsUnitRegistered() public {
        address expected = registry.unitAddressOf(520102201003, EDITION);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IUnitRegistry.UnitRegistered(expected, 520102201003, township, EDITION, Level.Village, registrar);
        vm.prank(registrar);
        registry.registerUnit(520102201003, EDITION, Level.Village, township);
    }

    function test_registerUnit_revertsWhenNotRegistrar() public {
        bytes32 role = registry.REGISTRAR_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, role)
        );
        vm.prank(outsider);
        registry.registerUnit(520102201003, EDITION, Level.Village, township);
    }

    function test_registerUnit_revertsWhenPaused() public {
        vm.prank(governor);
        registry.pause();
        vm.expectRevert(IUnitRegistry.RegistryPaused.selector);
        vm.prank(registrar);
        registry.registerUnit(520102201003, EDITION, Level.Village, township);
    }

    function test_registerUnit_revertsOnInvalidCode() public {
        vm.startPrank(registrar);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidCode.selector, uint256(160000000000)));
        registry.registerUnit(160000000000, EDITION, Level.Province, address(0));
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidCode.selector, uint256(529000000000)));
        registry.registerUnit(529000000000, EDITION, Level.City, province);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidCode.selector, uint256(520102201600)));
        registry.registerUnit(520102201600, EDITION, Level.Village, township);
        vm.stopPrank();
    }

    function test_registerUnit_revertsOnLevelMismatch() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IUnitRegistry.RegistryLevelMismatch.selector,
                uint256(520102201003),
                Level.Township,
                Level.Village
            )
        );
        vm.prank(registrar);
        registry.registerUnit(520102201003, EDITION, Level.Township, township);
    }

    function test_registerUnit_revertsOnEdition() public {
        vm.startPrank(registrar);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidEdition.selector, uint16(2008)));
        registry.registerUnit(520102201003, 2008, Level.Village, township);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidEdition.selector, uint16(10000)));
        registry.registerUnit(520102201003, 10000, Level.Village, township);
        vm.stopPrank();
    }

    function test_registerUnit_revertsOnDuplicate() public {
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryUnitExists.selector, village));
        vm.prank(registrar);
        registry.registerUnit(VILLAGE_CODE, EDITION, Level.Village, township);
    }

    function test_registerUnit_revertsOnWrongParent() public {
        vm.startPrank(registrar);
        // a sibling village is not the parent
        vm.expectRevert(
            abi.encodeWithSelector(
                IUnitRegistry.RegistryParentMismatch.selector,
                uint256(520102201003),
                village2,
                uint256(TOWNSHIP_CODE)
            )
        );
        registry.registerUnit(520102201003, EDITION, Level.Village, village2);
        // an unregistered parent
        address ghost = registry.unitAddressOf(520102202000, EDITION);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUnitRegistry.RegistryParentMismatch.selector,
                uint256(520102202001),
                ghost,
                uint256(520102202000)
            )
        );
        registry.registerUnit(520102202001, EDITION, Level.Village, ghost);
        // a province has no parent
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryParentMismatch.selector, uint256(530000000000), province, 0)
        );
        registry.registerUnit(530000000000, EDITION, Level.Province, province);
        vm.stopPrank();
    }

    function test_registerUnit_city90CountyHangsUnderProvince() public {
        vm.startPrank(registrar);
        address henan = registry.registerUnit(410000000000, EDITION, Level.Province, address(0));
        address jiyuan = registry.registerUnit(419001000000, EDITION, Level.County, henan);
        address town = registry.registerUnit(419001001000, EDITION, Level.Township, jiyuan);
        vm.stopPrank();
        assertEq(registry.unitOf(jiyuan).parent, henan, "Jiyuan under Henan");
        assertEq(registry.unitOf(town).parent, jiyuan, "township under Jiyuan");
    }

    function test_registerUnit_county00TownshipHangsUnderCity() public {
        vm.startPrank(registrar);
        address guangdong = registry.registerUnit(440000000000, EDITION, Level.Province, address(0));
        address dongguan = registry.registerUnit(441900000000, EDITION, Level.City, guangdong);
        address town = registry.registerUnit(441900003000, EDITION, Level.Township, dongguan);
        vm.stopPrank();
        assertEq(registry.unitOf(town).parent, dongguan, "township under Dongguan");
    }

    function test_classify() public view {
        (Level level, uint256 parentCode) = registry.classify(VILLAGE_CODE);
        assertEq(uint8(level), uint8(Level.Village), "level");
        assertEq(parentCode, TOWNSHIP_CODE, "parent code");
        (level, parentCode) = registry.classify(419000000000);
        assertEq(uint8(level), uint8(Level.None), "city 90 is invalid");
        assertEq(parentCode, 0, "no parent");
    }

    // ------------------------------------------------------------- officers

    function test_addPreparer_appointsAndCounts() public {
        address clerk = address(0xC1E);
        vm.expectEmit(true, true, false, true, address(registry));
        emit IUnitRegistry.PreparerAdded(village, clerk, governor);
        vm.prank(governor);
        registry.addPreparer(village, clerk);
        assertTrue(registry.isPreparer(village, clerk), "is preparer");
        assertEq(registry.appointmentsOf(clerk), 1, "appointments");
        assertEq(registry.preparersOf(village).length, 2, "two preparers");
    }

    function test_addPreparer_reverts() public {
        bytes32 role = registry.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, role)
        );
        vm.prank(outsider);
        registry.addPreparer(village, outsider);

        vm.startPrank(governor);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryUnknownUnit.selector, outsider));
        registry.addPreparer(outsider, outsider);
        vm.expectRevert(IUnitRegistry.RegistryZeroAccount.selector);
        registry.addPreparer(village, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryAlreadyOfficer.selector, village, preparer[village], false)
        );
        registry.addPreparer(village, preparer[village]);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInspectorIsOfficer.selector, inspector));
        registry.addPreparer(village, inspector);
        vm.stopPrank();

        vm.prank(governor);
        registry.pause();
        vm.expectRevert(IUnitRegistry.RegistryPaused.selector);
        vm.prank(governor);
        registry.addPreparer(village, outsider);
    }

    function test_removePreparer() public {
        address clerk = preparer[village];
        vm.expectEmit(true, true, false, true, address(registry));
        emit IUnitRegistry.PreparerRemoved(village, clerk, governor);
        vm.prank(governor);
        registry.removePreparer(village, clerk);
        assertFalse(registry.isPreparer(village, clerk), "removed");
        assertEq(registry.appointmentsOf(clerk), 0, "no appointment left");

        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotPreparer.selector, village, clerk));
        vm.prank(governor);
        registry.removePreparer(village, clerk);
    }

    function test_addApprover_andRemove() public {
        address checker = address(0xC4E);
        vm.prank(governor);
        registry.addApprover(village, checker);
        assertTrue(registry.isApprover(village, checker), "approver");
        assertEq(registry.approversOf(village).length, 3, "three approvers");
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryAlreadyOfficer.selector, village, checker, true));
        vm.prank(governor);
        registry.addApprover(village, checker);

        vm.expectEmit(true, true, false, true, address(registry));
        emit IUnitRegistry.ApproverRemoved(village, checker, governor);
        vm.prank(governor);
        registry.removeApprover(village, checker);
        assertFalse(registry.isApprover(village, checker), "removed");

        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryNotApprover.selector, village, checker));
        vm.prank(governor);
        registry.removeApprover(village, checker);
    }

    function test_removeApprover_revertsBelowThreshold() public {
        // the policy asks for 2 above the tier and the village has exactly 2 approvers
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidThreshold.selector, village, 2, 1));
        vm.prank(governor);
        registry.removeApprover(village, approverA[village]);
    }

    // ------------------------------------------------------ fiscal parents

    function test_fiscalParent_isTheParentUntilAnArrangementSkipsLevels() public {
        assertEq(registry.unitOf(county).fiscalParent, city, "the administrative parent at registration");
        assertEq(registry.unitOf(province).fiscalParent, address(0), "a province has none");
        vm.expectEmit(true, true, false, true, address(registry));
        emit IUnitRegistry.FiscalParentSet(county, province, city, keccak256("provincial decision"), governor);
        vm.prank(governor);
        registry.setFiscalParent(county, province, keccak256("provincial decision"));
        assertEq(registry.unitOf(county).fiscalParent, province, "managed by the province directly");
        assertEq(registry.unitOf(county).parent, city, "still in the city administratively");
        // Two levels up works as well, and the parent undoes it.
        vm.startPrank(governor);
        registry.setFiscalParent(village, county, keccak256("county pays villages"));
        assertEq(registry.unitOf(village).fiscalParent, county, "a village under the county");
        registry.setFiscalParent(county, city, keccak256("back"));
        vm.stopPrank();
        assertEq(registry.unitOf(county).fiscalParent, city, "back under the city");
    }

    function test_setFiscalParent_reverts() public {
        vm.startPrank(governor);
        address[4] memory notAbove = [county, township, village2, address(0)];
        for (uint256 i = 0; i < notAbove.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IUnitRegistry.RegistryInvalidFiscalParent.selector, county, notAbove[i])
            );
            registry.setFiscalParent(county, notAbove[i], keccak256("decision"));
        }
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidFiscalParent.selector, county, province));
        registry.setFiscalParent(county, province, 0);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryUnknownUnit.selector, outsider));
        registry.setFiscalParent(outsider, province, keccak256("decision"));
        vm.stopPrank();
        bytes32 role = registry.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, registrar, role)
        );
        vm.prank(registrar);
        registry.setFiscalParent(county, province, keccak256("decision"));
        vm.prank(governor);
        registry.pause();
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryPaused.selector));
        vm.prank(governor);
        registry.setFiscalParent(county, province, keccak256("decision"));
    }

    function test_setApprovalPolicy_tiers() public {
        vm.startPrank(governor);
        registry.addApprover(village, address(0xA3));
        ThresholdTier[] memory tiers = new ThresholdTier[](2);
        tiers[0] = ThresholdTier({above: 1000, approvals: 2});
        tiers[1] = ThresholdTier({above: 5000, approvals: 3});
        registry.setApprovalPolicy(village, 1, tiers);
        vm.stopPrank();
        assertEq(registry.requiredApprovals(village, 1000), 1, "at the first bound");
        assertEq(registry.requiredApprovals(village, 1001), 2, "above the first bound");
        assertEq(registry.requiredApprovals(village, 5000), 2, "at the second bound");
        assertEq(registry.requiredApprovals(village, 5001), 3, "above the second bound");
        (uint8 base, ThresholdTier[] memory stored) = registry.approvalPolicyOf(village);
        assertEq(base, 1, "base");
        assertEq(stored.length, 2, "tiers");
        assertEq(stored[1].above, 5000, "tier bound");
    }

    function test_setApprovalPolicy_reverts() public {
        ThresholdTier[] memory none = new ThresholdTier[](0);
        vm.startPrank(governor);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidThreshold.selector, village, 0, 2));
        registry.setApprovalPolicy(village, 0, none);
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidThreshold.selector, village, 3, 2));
        registry.setApprovalPolicy(village, 3, none);

        ThresholdTier[] memory tiers = new ThresholdTier[](2);
        tiers[0] = ThresholdTier({above: 1000, approvals: 2});
        tiers[1] = ThresholdTier({above: 1000, approvals: 2});
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryTiersNotAscending.selector, 1));
        registry.setApprovalPolicy(village, 1, tiers);
        tiers[0] = ThresholdTier({above: 1000, approvals: 1});
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryTiersNotAscending.selector, 0));
        registry.setApprovalPolicy(village, 1, tiers);
        tiers[0] = ThresholdTier({above: 1000, approvals: 2});
        tiers[1] = ThresholdTier({above: 2000, approvals: 3});
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInvalidThreshold.selector, village, 3, 2));
        registry.setApprovalPolicy(village, 1, tiers);
        vm.stopPrank();

        bytes32 role = registry.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, role)
        );
        vm.prank(outsider);
        registry.setApprovalPolicy(village, 1, none);
    }

    // ------------------------------------------------------- roles, pause

    function test_grantRole_inspectorCannotBeOfficer() public {
        bytes32 role = registry.INSPECTOR_ROLE();
        address officer = preparer[village];
        vm.expectRevert(abi.encodeWithSelector(IUnitRegistry.RegistryInspectorIsOfficer.selector, officer));
        vm.prank(governor);
        registry.grantRole(role, officer);
    }

    /// @dev Review finding: the registrar appointed puppet officers; administrators can never be officers.
    function test_administratorsAreNeverOfficers() public {
        bytes32[3] memory roles = [registry.DEFAULT_ADMIN_ROLE(), registry.REGISTRAR_ROLE(), registry.PAUSER_ROLE()];
        address officer = preparer[village];
        for (uint256 i = 0; i < roles.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IUnitRegistry.RegistryAdministratorIsOfficer.selector, officer, roles[i])
            );
            vm.prank(governor);
            registry.grantRole(roles[i], officer);
        }
        vm.startPrank(governor);
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryAdministratorIsOfficer.selector, registrar, roles[1])
        );
        registry.addApprover(village, registrar);
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryAdministratorIsOfficer.selector, governor, roles[0])
        );
        registry.addPreparer(village, governor);
        vm.stopPrank();
    }

    /// @dev A unit's makers and checkers are different people, so any threshold is reachable without the proposer.
    function test_makerIsNeverChecker() public {
        vm.startPrank(governor);
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryMakerIsChecker.selector, village, preparer[village])
        );
        registry.addApprover(village, preparer[village]);
        vm.expectRevert(
            abi.encodeWithSelector(IUnitRegistry.RegistryMakerIsChecker.selector, village, approverA[village])
        );
        registry.addPreparer(village, approverA[village]);
        // Another unit's approver may prepare here.
        registry.addPreparer(village, approverA[village2]);
        vm.stopPrank();
        assertTrue(registry.isPreparer(village, approverA[village2]), "preparer of one, approver of another");
    }

    function test_grantRole_onlyGovernor() public {
        bytes32 role = registry.REGISTRAR_ROLE();
        bytes32 admin = registry.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, registrar, admin)
        );
        vm.prank(registrar);
        registry.grantRole(role, outsider);
    }

    function test_pause_onlyPauser() public {
        bytes32 role = registry.PAUSER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, inspector, role)
        );
        vm.prank(inspector);
        registry.pause();

        vm.expectEmit(true, false, false, true, address(registry));
        emit IUnitRegistry.DeploymentPaused(governor);
        vm.prank(governor);
        registry.pause();
        assertTrue(registry.paused(), "paused");

        // Resuming is governed: a pauser alone cannot.
        bytes32 admin = registry.DEFAULT_ADMIN_ROLE();
        vm.prank(governor);
        registry.grantRole(role, inspector2);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, inspector2, admin)
        );
        vm.prank(inspector2);
        registry.unpause();

        vm.expectEmit(true, false, false, true, address(registry));
        emit IUnitRegistry.DeploymentUnpaused(governor);
        vm.prank(governor);
        registry.unpause();
        assertFalse(registry.paused(), "unpaused");
    }

    function test_constructor_revertsOnZeroGovernor() public {
        vm.expectRevert(IUnitRegistry.RegistryZeroAccount.selector);
        new UnitRegistry(address(0));
    }
}

/// @notice Every registrar write refuses while paused and for unknown units.
contract UnitRegistryGuardsTest is FundTraceFixture {
    function _handsOver() internal pure override returns (bool) {
        return false;
    }

    function _administratorCalls(address unit) internal view returns (bytes[] memory calls) {
        ThresholdTier[] memory none = new ThresholdTier[](0);
        calls = new bytes[](5);
        calls[0] = abi.encodeCall(registry.addPreparer, (unit, address(0xC1)));
        calls[1] = abi.encodeCall(registry.removePreparer, (unit, preparer[village]));
        calls[2] = abi.encodeCall(registry.addApprover, (unit, address(0xC1)));
        calls[3] = abi.encodeCall(registry.removeApprover, (unit, approverA[village]));
        calls[4] = abi.encodeCall(registry.setApprovalPolicy, (unit, 1, none));
    }

    /// @dev Appointments and policies wait for the unpause; removals do not (review finding: they did).
    function test_administratorWrites_whenPaused() public {
        vm.prank(governor);
        registry.addApprover(village, address(0xC2)); // so that removing one keeps the 2-approval tier reachable
        vm.prank(governor);
        registry.pause();
        bytes[] memory calls = _administratorCalls(village);
        for (uint256 i = 0; i < calls.length; ++i) {
            vm.prank(governor);
            (bool ok, bytes memory err) = address(registry).call(calls[i]);
            bool removal = i == 1 || i == 3;
            assertEq(ok ? 1 : 0, removal ? 1 : 0, "only removals go through while paused");
            if (!removal) assertEq(bytes4(err), IUnitRegistry.RegistryPaused.selector, "RegistryPaused");
        }
        assertFalse(registry.isPreparer(village, preparer[village]), "preparer removed while paused");
        assertFalse(registry.isApprover(village, approverA[village]), "approver removed while paused");
    }

    function test_administratorWrites_revertForUnknownUnit() public {
        bytes[] memory calls = _administratorCalls(outsider);
        for (uint256 i = 0; i < calls.length; ++i) {
            vm.prank(governor);
            (bool ok, bytes memory err) = address(registry).call(calls[i]);
            assertFalse(ok, "refused for an unknown unit");
            bytes memory expected = abi.encodeWithSelector(IUnitRegistry.RegistryUnknownUnit.selector, outsider);
            assertEq(keccak256(err), keccak256(expected), "unknown");
        }
    }

    /// @dev Review finding: one registrar key appointed puppet officers and lowered thresholds.
    function test_administratorWrites_notByRegistrarOrInspector() public {
        bytes[] memory calls = _administratorCalls(village);
        bytes32 role = registry.DEFAULT_ADMIN_ROLE();
        address[2] memory callers = [registrar, inspector];
        for (uint256 c = 0; c < callers.length; ++c) {
            for (uint256 i = 0; i < calls.length; ++i) {
                vm.prank(callers[c]);
                (bool ok, bytes memory err) = address(registry).call(calls[i]);
                assertFalse(ok, "refused for a non-administrator");
                assertEq(
                    keccak256(err),
                    keccak256(
                        abi.encodeWithSelector(
                            IAccessControl.AccessControlUnauthorizedAccount.selector,
                            callers[c],
                            role
                        )
                    ),
                    "unauthorized"
                );
            }
        }
    }
}
