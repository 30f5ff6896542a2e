// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Account, Freeze, Fund, FundStatus, RecordKind} from "../../../contracts/interfaces/IFundLedger.sol";
import {EntryStatus, Roster, RosterState} from "../../../contracts/interfaces/IRosterBook.sol";
import {DivisionCode} from "../../../contracts/libraries/DivisionCode.sol";
import {FundTraceFixture} from "../utils/FundTraceFixture.sol";
import {vm} from "../utils/Vm.sol";
import {FundTraceHandler} from "./FundTraceHandler.sol";

/**
 * @notice The ledger's rules hold after any sequence of operations:
 * money is conserved at every unit and fund, nobody is paid off roster or
 * twice, maker-checker always holds, nothing leaves a frozen unit or fund,
 * and inspectors never change a balance.
 *
 * All rules are checked in one invariant so that one campaign (runs x depth,
 * see hardhat.config.ts) covers them; `afterInvariant` proves the handler
 * really ran.
 */
contract FundTraceInvariantTest is FundTraceFixture {
    string internal constant CALLS_LOG = "test-output/invariant-calls.log";
    FundTraceHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory preparers = new address[](allUnits.length);
        address[] memory approversA = new address[](allUnits.length);
        address[] memory approversB = new address[](allUnits.length);
        for (uint256 i = 0; i < allUnits.length; ++i) {
            preparers[i] = preparer[allUnits[i]];
            approversA[i] = approverA[allUnits[i]];
            approversB[i] = approverB[allUnits[i]];
        }
        address auditOffice = address(0xA0D17);
        _govern(address(registry), abi.encodeCall(registry.grantRole, (registry.INSPECTOR_ROLE(), auditOffice)));
        handler = new FundTraceHandler(
            registry,
            ledger,
            book,
            [inspector, auditOffice],
            address(governance),
            allUnits,
            preparers,
            approversA,
            approversB
        );
        handler.bootstrap();
    }

    /// @notice Only the handler is called by the fuzzer.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariant_ledgerRules() public view {
        _checkConservation();
        _checkFreezes();
        _checkRosters();
        assertEq(handler.ghostOffRoster(), 0, "only roster entries, at their amounts");
        assertEq(handler.ghostPaymentViolations(), 0, "nobody paid twice, re-issue only after failure");
        assertEq(handler.ghostInstalmentViolations(), 0, "a household is paid as often as its fund's instalments");
        assertEq(handler.ghostMakerCheckerViolations(), 0, "maker-checker holds for every execution");
        assertEq(handler.ghostForbiddenSucceeded(), 0, "no forbidden operation went through");
        assertEq(handler.ghostInspectorMovedMoney(), 0, "inspectors never change a balance");
        assertEq(handler.ghostFreezeViolations(), 0, "only the freezing office or governance lifts a freeze");
    }

    /**
     * @notice Appends this run's call and success count per handler action to
     * `test-output/invariant-calls.log`; `npm test` sums them over the whole
     * campaign and fails if any action never succeeded, so an idle handler
     * cannot pass.
     */
    function afterInvariant() public {
        bytes32[18] memory actions = handler.actions();
        string memory line = "run";
        for (uint256 i = 0; i < actions.length; ++i) {
            line = string.concat(
                line,
                " ",
                _name(actions[i]),
                "=",
                vm.toString(handler.calls(actions[i])),
                "/",
                vm.toString(handler.successes(actions[i]))
            );
        }
        vm.writeLine(CALLS_LOG, line);
    }

    /// @dev A short ASCII name stored left-aligned in a bytes32, without its zero padding.
    function _name(bytes32 word) internal pure returns (string memory) {
        uint256 length = 0;
        while (length < 32 && word[length] != 0) ++length;
        bytes memory out = new bytes(length);
        for (uint256 i = 0; i < length; ++i) out[i] = word[i];
        return string(out);
    }

    function _checkConservation() internal view {
        for (uint256 f = 0; f < handler.fundCount(); ++f) {
            uint256 fund = handler.funds(f);
            Fund memory record = ledger.fundOf(fund);
            assertEq(uint8(record.status), uint8(FundStatus.Active), "handler funds are active");
            uint256 held;
            uint256 paidNet;
            uint256 atHouseholds;
            for (uint256 u = 0; u < allUnits.length; ++u) {
                address unit = allUnits[u];
                _assertConserved(fund, unit);
                // Units are listed from the province down: those before the fund's entry unit are above it.
                if (u < handler.rootOf(fund)) {
                    assertEq(ledger.accountOf(fund, unit).lastMovementAt, 0, "nothing above the fund's entry unit");
                }
                Account memory a = ledger.accountOf(fund, unit);
                held += a.balance;
                paidNet += a.paid - a.failed;
                atHouseholds += ledger.balanceOf(DivisionCode.householdsAddress(unit), fund);
            }
            assertEq(held + paidNet, record.terms.amount, "fund amount = balances + net paid to households");
            assertEq(atHouseholds, paidNet, "households hold what their payers paid, net");
            assertEq(paidNet, record.paid - record.failed, "fund totals");
            assertEq(ledger.totalSupply(fund), record.terms.amount, "supply");
        }
    }

    /**
     * @dev Per roster: paid minus failed is at most the total and equals the sum of the entries the chain
     * holds as paid or re-issued; rejected and withdrawn rosters never paid. Per village and fund: the
     * rosters' net payments are their payer's account's, and the households hold what their rosters paid.
     */
    function _checkRosters() internal view {
        uint256 rosters = handler.rosterCount();
        for (uint256 i = 0; i < rosters; ++i) {
            (uint256 id, uint256 entries) = handler.rosterAt(i);
            Roster memory r = book.rosterOf(id);
            uint256 net = r.paid - r.failed;
            assertTrue(net <= r.total, "paid - failed <= total");
            uint256 records;
            for (uint256 e = 0; e < entries; ++e) {
                EntryStatus status = book.entryStatus(id, e);
                if (status == EntryStatus.Paid || status == EntryStatus.Reissued) records += handler.entryAmount(i, e);
            }
            assertEq(net, records, "paid - failed = the entries held as paid");
            RosterState state = book.rosterState(id);
            if (state == RosterState.Rejected || state == RosterState.Withdrawn) assertEq(r.paid, 0, "never paid");
            if (state == RosterState.Approved) {
                assertTrue(r.approvedAt >= r.windowEndsAt, "approved only after the window closed");
                assertEq(r.openObjections, 0, "approved with no objection open");
            }
        }
        for (uint256 f = 0; f < handler.fundCount(); ++f) {
            uint256 fund = handler.funds(f);
            for (uint256 u = 0; u < allUnits.length; ++u) {
                (uint256 byPayer, uint256 toVillage) = _rosterNet(fund, allUnits[u]);
                Account memory a = ledger.accountOf(fund, allUnits[u]);
                assertEq(a.paid - a.failed, byPayer, "a unit's net payments are those of the rosters it pays");
                assertEq(
                    ledger.balanceOf(DivisionCode.householdsAddress(allUnits[u]), fund),
                    toVillage,
                    "a village's households hold its rosters' net payments, whoever paid them"
                );
            }
        }
    }

    /// @dev Net payments of `fund`'s rosters paid by `unit`, and of those announced in `unit`.
    function _rosterNet(uint256 fund, address unit) internal view returns (uint256 byPayer, uint256 toVillage) {
        for (uint256 i = 0; i < handler.rosterCount(); ++i) {
            (address village, address payer, uint256 rosterFund) = handler.rosterPayer(i);
            if (rosterFund != fund || (village != unit && payer != unit)) continue;
            (uint256 id, ) = handler.rosterAt(i);
            Roster memory r = book.rosterOf(id);
            assertEq(r.payer, payer, "the roster's payer as published");
            if (payer == unit) byPayer += r.paid - r.failed;
            if (village == unit) toVillage += r.paid - r.failed;
        }
    }

    function _checkFreezes() internal view {
        uint256[] memory unitsInForce = new uint256[](allUnits.length);
        uint256[] memory fundsInForce = new uint256[](ledger.fundCount() + 1);
        for (uint256 id = 1; id <= ledger.freezeCount(); ++id) {
            Freeze memory f = ledger.freezeOf(id);
            if (f.liftedAt != 0) {
                assertTrue(f.liftedBy == f.office || f.liftedBy == address(governance), "lifted by its office");
            } else if (f.kind == RecordKind.Fund) {
                ++fundsInForce[f.target];
            } else {
                for (uint256 u = 0; u < allUnits.length; ++u) {
                    if (uint160(allUnits[u]) == f.target) ++unitsInForce[u];
                }
            }
        }
        for (uint256 f = 1; f < fundsInForce.length; ++f) {
            assertEq(ledger.isFundFrozen(f), fundsInForce[f] != 0, "a fund is frozen while a freeze of it is in force");
        }
        for (uint256 u = 0; u < allUnits.length; ++u) {
            address unit = allUnits[u];
            assertEq(
                ledger.isUnitFrozen(unit),
                unitsInForce[u] != 0,
                "a unit is frozen while a freeze of it is in force"
            );
            if (ledger.isUnitFrozen(unit)) {
                assertEq(handler.unitOutflow(unit), handler.outflowAtFreeze(unit), "nothing left a frozen unit");
            }
        }
        for (uint256 f = 0; f < handler.fundCount(); ++f) {
            uint256 fund = handler.funds(f);
            if (ledger.isFundFrozen(fund)) {
                assertEq(
                    handler.fundOutflow(fund),
                    handler.fundOutflowAtFreeze(fund),
                    "nothing of a frozen fund moved"
                );
            }
        }
    }
}
