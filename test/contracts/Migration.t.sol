// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {FundLedger} from "../../contracts/FundLedger.sol";
import {LedgerImporter} from "../../contracts/ledger/LedgerImporter.sol";
import {RosterBook} from "../../contracts/RosterBook.sol";
import {UnitRegistry} from "../../contracts/UnitRegistry.sol";
import {
    Account,
    Finding,
    Freeze,
    Fund,
    FundStatus,
    FundTerms,
    IFundLedger,
    RecordKind
} from "../../contracts/interfaces/IFundLedger.sol";
import {
    EntryStatus,
    IRosterBook,
    Objection,
    PageFailedPayments,
    Roster,
    RosterState,
    RosterStatus
} from "../../contracts/interfaces/IRosterBook.sol";
import {DivisionCode} from "../../contracts/libraries/DivisionCode.sol";
import {FundTraceFixture} from "./utils/FundTraceFixture.sol";
import {vm} from "./utils/Vm.sol";

/**
 * A fixed deployment takes over from a sealed one: the council seals the old
 * ledger (and with it its roster book) in favour of a successor built with it
 * as predecessor; anyone imports; the successor then holds every fund,
 * balance, freeze, finding and roster with its paid, failed and re-issued
 * entries, and nobody is paid twice.
 */
contract MigrationTest is FundTraceFixture {
    FundLedger internal next;
    RosterBook internal nextBook;

    uint256 internal fund;
    uint256 internal proposed;
    uint256 internal paidRoster;
    bytes[] internal paidPages;
    uint256 internal announced;
    uint256 internal withdrawn;
    bytes[] internal withdrawnPages;
    uint256 internal townshipFreeze;

    function setUp() public override {
        super.setUp();
        fund = _createFund(10_000_000);
        _fundVillage(fund, village, 5_000_000);
        _fundVillage(fund, village2, 2_000_000);
        // Paid in full; two failures, one of them re-issued.
        (paidRoster, paidPages) = _approvedRoster(fund, village, 300, 1);
        vm.prank(preparer[village]);
        book.disburse(paidRoster, _allPages(paidPages), keccak256("bank 1"));
        _fail(paidRoster, 0, 3);
        _fail(paidRoster, 1, 5);
        vm.prank(preparer[village]);
        book.reissue(paidRoster, _one(_payment(paidPages, 0, 1 << 3)), keccak256("bank 2"));
        // A roster of the second village paid by the county (县级报账制): the households hold what the county paid.
        _allocate(fund, province, city, 100_000);
        _allocate(fund, city, county, 100_000);
        (uint256 countyPaid, bytes[] memory countyPages) = _announcePaidBy(fund, village2, county, 3, 9);
        vm.prank(preparer[village2]);
        book.enrolPages(countyPaid, _enrolments(countyPages));
        vm.warp(block.timestamp + WINDOW);
        vm.prank(approverA[village2]);
        book.approveRoster(countyPaid);
        vm.prank(approverA[county]);
        book.approveRoster(countyPaid);
        vm.prank(preparer[county]);
        book.disburse(countyPaid, _allPages(countyPages), keccak256("county bank"));
        // Announced, with an inspector's objection open; and one withdrawn.
        (announced, ) = _publish(fund, village2, 10, 2);
        vm.prank(inspector);
        book.fileObjection(announced, keccak256("objection"));
        (withdrawn, withdrawnPages) = _publish(fund, village2, 4, 3);
        vm.prank(preparer[village2]);
        book.withdrawRoster(withdrawn, keccak256("withdrawn"));
        // A second fund still proposed, an allocation pending, a freeze in force, one lifted, a finding.
        vm.prank(preparer[province]);
        (proposed, ) = ledger.proposeFund(_terms(1_000, "proposed line"));
        vm.prank(preparer[province]);
        ledger.proposeAllocation(fund, province, city, 1_000, keccak256("pending"));
        vm.startPrank(inspector);
        townshipFreeze = ledger.freezeUnit(township, keccak256("case 1"));
        uint256 lifted = ledger.freezeFund(fund, keccak256("case 2"));
        ledger.liftFreeze(lifted, keccak256("lifted"));
        ledger.recordFinding(RecordKind.Fund, fund, 3, keccak256("finding"));
        vm.stopPrank();

        (next, nextBook) = _deploy(ledger);
    }

    function _fail(uint256 rosterId, uint256 page, uint256 slot) internal {
        uint256[] memory slots = new uint256[](1);
        slots[0] = slot;
        bytes32[] memory reasons = new bytes32[](1);
        reasons[0] = keccak256("CARD_CLOSED");
        PageFailedPayments[] memory failures = new PageFailedPayments[](1);
        failures[0] = PageFailedPayments({page: page, entries: paidPages[page], slots: slots, reasons: reasons});
        vm.prank(preparer[village]);
        book.recordFailedPayments(rosterId, failures);
    }

    function _seal() internal {
        _govern(address(ledger), abi.encodeCall(IFundLedger.seal, (address(next), keccak256("migration decision"))));
    }

    /// @dev Runs both imports in small steps, as an outsider; returns how many calls it took.
    function _import() internal returns (uint256 calls) {
        vm.startPrank(outsider);
        while (next.importing()) {
            next.importStep(3);
            ++calls;
        }
        while (nextBook.importing()) {
            nextBook.importStep(3);
            ++calls;
        }
        vm.stopPrank();
    }

    // ------------------------------------------------------------- sealing

    function test_seal_onlyGovernance() public {
        address[4] memory others = [governor, registrar, inspector, council[0]];
        for (uint256 i = 0; i < others.length; ++i) {
            vm.prank(others[i]);
            vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotGovernance.selector, others[i]));
            ledger.seal(address(next), keccak256("decision"));
        }
        _seal();
        assertEq(ledger.successor(), address(next), "successor");
        assertTrue(book.isSealed(), "the roster book is sealed with the ledger");
    }

    function test_seal_refusesAnInvalidSuccessor() public {
        (FundLedger unrelated, ) = _deploy(IFundLedger(address(0)));
        address[3] memory bad = [address(unrelated), address(ledger), outsider];
        for (uint256 i = 0; i < bad.length; ++i) {
            _expectGovernedRevert(
                address(ledger),
                abi.encodeCall(IFundLedger.seal, (bad[i], keccak256("decision"))),
                abi.encodeWithSelector(IFundLedger.LedgerInvalidSuccessor.selector, bad[i])
            );
        }
        _expectGovernedRevert(
            address(ledger),
            abi.encodeCall(IFundLedger.seal, (address(next), bytes32(0))),
            abi.encodeWithSelector(IFundLedger.LedgerEmptyHash.selector)
        );
        // A successor whose roster book is not bound yet could never pay: the old ledger stays in use.
        FundLedger unbound = new FundLedger(registry, ledger);
        _expectGovernedRevert(
            address(ledger),
            abi.encodeCall(IFundLedger.seal, (address(unbound), keccak256("decision"))),
            abi.encodeWithSelector(IFundLedger.LedgerNoRosterBook.selector)
        );
        assertEq(ledger.successor(), address(0), "still in use");
        // A successor shares its predecessor's registry: officers, roles and governance carry over as they are.
        UnitRegistry other = new UnitRegistry(governor);
        vm.expectRevert();
        new FundLedger(other, ledger);
    }

    function test_sealed_refusesEveryWrite() public {
        _seal();
        bytes memory sealedLedger = abi.encodeWithSelector(IFundLedger.LedgerIsSealed.selector, address(next));
        vm.prank(preparer[county]);
        vm.expectRevert(sealedLedger);
        ledger.proposeAllocation(fund, county, township, 1, keccak256("a"));
        uint256 pending = ledger.proposalCount();
        vm.prank(approverA[province]);
        vm.expectRevert(sealedLedger);
        ledger.approveProposal(pending);
        vm.startPrank(inspector);
        vm.expectRevert(sealedLedger);
        ledger.freezeUnit(village, keccak256("late case"));
        vm.expectRevert(sealedLedger);
        ledger.freezeFund(fund, keccak256("late fund case"));
        vm.expectRevert(sealedLedger);
        ledger.liftFreeze(townshipFreeze, keccak256("late lift"));
        vm.expectRevert(sealedLedger);
        ledger.recordFinding(RecordKind.Fund, fund, 1, keccak256("late finding"));
        vm.expectRevert(IRosterBook.RosterSealed.selector);
        book.fileObjection(announced, keccak256("late objection"));
        vm.stopPrank();
        vm.startPrank(preparer[village]);
        vm.expectRevert(IRosterBook.RosterSealed.selector);
        book.disburse(paidRoster, _allPages(paidPages), keccak256("bank 3"));
        vm.expectRevert(IRosterBook.RosterSealed.selector);
        book.reissue(paidRoster, _allPages(paidPages), keccak256("bank 3"));
        vm.expectRevert(IRosterBook.RosterSealed.selector);
        book.publishRoster(fund, village, village, keccak256("root"), 1, 1, keccak256("notice"));
        vm.stopPrank();
        vm.warp(block.timestamp + WINDOW);
        vm.prank(approverA[village2]);
        vm.expectRevert(IRosterBook.RosterSealed.selector);
        book.approveRoster(announced);
        // Sealing twice, or sealing the book directly, is refused.
        _expectGovernedRevert(
            address(ledger),
            abi.encodeCall(IFundLedger.seal, (address(next), keccak256("again"))),
            sealedLedger
        );
        vm.prank(address(governance));
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterNotLedger.selector, address(governance)));
        nextBook.seal();
    }

    // ------------------------------------------------------------- importing

    function test_import_waitsForTheSealAndTakesNoOtherWrite() public {
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotImporting.selector, address(ledger)));
        next.importStep(10);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterNotImporting.selector, address(book)));
        nextBook.importStep(10);
        vm.prank(preparer[province]);
        vm.expectRevert(IFundLedger.LedgerImporting.selector);
        next.proposeAllocation(fund, province, city, 1, keccak256("early"));
        vm.prank(inspector);
        vm.expectRevert(IFundLedger.LedgerImporting.selector);
        next.freezeUnit(village, keccak256("early case"));
        vm.prank(preparer[village]);
        vm.expectRevert(IRosterBook.RosterImporting.selector);
        nextBook.publishRoster(fund, village, village, keccak256("root"), 1, 1, keccak256("notice"));
        // A first deployment has nothing to import.
        (FundLedger first, ) = _deploy(IFundLedger(address(0)));
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotImporting.selector, address(0)));
        first.importStep(1);
        _seal();
        // The import code, called directly rather than through the ledger (its first creation), writes nothing.
        address importer = address(
            uint160(uint256(keccak256(abi.encodePacked(bytes1(0xd6), bytes1(0x94), address(next), bytes1(0x01)))))
        );
        assertTrue(importer.code.length > 0, "the ledger created its importer");
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotImporting.selector, address(ledger)));
        LedgerImporter(importer).importStep(10);
        assertTrue(_import() > 10, "the import ran in many small calls");
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotImporting.selector, address(ledger)));
        next.importStep(1);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterNotImporting.selector, address(book)));
        nextBook.importStep(1);
    }

    function test_import_copiesTheLedgerExactly() public {
        _seal();
        _import();
        assertEq(next.fundCount(), ledger.fundCount(), "fund count");
        assertEq(next.proposalCount(), ledger.proposalCount(), "new proposals are numbered after the old ones");
        Fund memory a = ledger.fundOf(fund);
        Fund memory b = next.fundOf(fund);
        assertEq(keccak256(abi.encode(a)), keccak256(abi.encode(b)), "fund record");
        assertEq(next.totalSupply(fund), ledger.totalSupply(fund), "total supply");
        assertEq(uint256(next.fundOf(proposed).status), uint256(FundStatus.Cancelled), "a proposed fund is cancelled");
        uint256[] memory byDocument = next.fundsWithDocument(a.terms.documentNumber);
        assertEq(byDocument.length, 1, "found by its document number");
        assertEq(byDocument[0], fund, "the same fund");
        for (uint256 i = 0; i < allUnits.length; ++i) {
            Account memory x = ledger.accountOf(fund, allUnits[i]);
            Account memory y = next.accountOf(fund, allUnits[i]);
            assertEq(keccak256(abi.encode(x)), keccak256(abi.encode(y)), "account");
            _assertConservedIn(next, fund, allUnits[i]);
            address households = DivisionCode.householdsAddress(allUnits[i]);
            assertEq(next.balanceOf(households, fund), ledger.balanceOf(households, fund), "households' holding");
        }
        uint256 byCounty = ledger.balanceOf(DivisionCode.householdsAddress(village2), fund);
        assertEq(byCounty, ledger.accountOf(fund, county).paid, "the second village's households, paid by the county");
        assertTrue(byCounty != 0, "something to copy");
        assertEq(next.freezeCount(), ledger.freezeCount(), "freeze count");
        for (uint256 id = 1; id <= ledger.freezeCount(); ++id) {
            Freeze memory f = ledger.freezeOf(id);
            assertEq(keccak256(abi.encode(next.freezeOf(id))), keccak256(abi.encode(f)), "freeze");
        }
        assertTrue(next.isUnitFrozen(township), "the township stays frozen");
        assertFalse(next.isFundFrozen(fund), "a lifted freeze stays lifted");
        assertEq(next.findingCount(), 1, "finding count");
        Finding memory finding = ledger.findingOf(1);
        assertEq(keccak256(abi.encode(next.findingOf(1))), keccak256(abi.encode(finding)), "finding");
    }

    function test_import_copiesEveryRosterWithItsStatuses() public {
        _seal();
        _import();
        assertEq(nextBook.rosterCount(), book.rosterCount(), "roster count");
        for (uint256 id = 1; id <= book.rosterCount(); ++id) {
            Roster memory r = book.rosterOf(id);
            assertEq(keccak256(abi.encode(nextBook.rosterOf(id))), keccak256(abi.encode(r)), "roster header");
            assertEq(uint256(nextBook.rosterState(id)), uint256(book.rosterState(id)), "roster state");
            assertEq(nextBook.objectionCount(id), book.objectionCount(id), "objections");
            for (uint256 o = 0; o < book.objectionCount(id); ++o) {
                Objection memory objection = book.objectionOf(id, o);
                assertEq(
                    keccak256(abi.encode(nextBook.objectionOf(id, o))),
                    keccak256(abi.encode(objection)),
                    "objection"
                );
            }
        }
        for (uint256 page = 0; page < paidPages.length; ++page) {
            assertEq(nextBook.pageHashOf(paidRoster, page), book.pageHashOf(paidRoster, page), "page hash");
            (uint256 p0, uint256 f0, uint256 r0, ) = book.pageBits(paidRoster, page);
            (uint256 p1, uint256 f1, uint256 r1, ) = nextBook.pageBits(paidRoster, page);
            assertEq(keccak256(abi.encode(p1, f1, r1)), keccak256(abi.encode(p0, f0, r0)), "payment bits");
        }
        assertEq(uint256(nextBook.entryStatus(paidRoster, 3)), uint256(EntryStatus.Reissued), "re-issued entry");
        assertEq(uint256(nextBook.entryStatus(paidRoster, 261)), uint256(EntryStatus.Failed), "failed entry");
        assertEq(uint256(nextBook.entryStatus(paidRoster, 0)), uint256(EntryStatus.Paid), "paid entry");
        assertEq(nextBook.pageHashOf(withdrawn, 0), bytes32(0), "a withdrawn roster keeps no pages");
        assertEq(uint256(nextBook.rosterOf(withdrawn).status), uint256(RosterStatus.Withdrawn), "withdrawn");
    }

    function test_import_paysNobodyTwice() public {
        _seal();
        _import();
        Account memory before = next.accountOf(fund, village);
        vm.startPrank(preparer[village]);
        // Every entry was paid on the old deployment: sending the whole roster again pays nobody.
        (uint256 households, uint256 amount) = nextBook.disburse(paidRoster, _allPages(paidPages), keccak256("b"));
        assertEq(households + amount, 0, "nobody paid again");
        // The one failure not yet re-issued is re-issued once, and only it.
        (households, ) = nextBook.reissue(paidRoster, _allPages(paidPages), keccak256("r"));
        assertEq(households, 1, "the failed entry, re-issued");
        (households, ) = nextBook.reissue(paidRoster, _allPages(paidPages), keccak256("r2"));
        assertEq(households, 0, "and only once");
        vm.stopPrank();
        assertEq(next.accountOf(fund, village).paid, before.paid + 10_000 + 261, "the village paid that entry only");
        // A household of the old roster cannot be put on a new roster of the same fund.
        (bytes32[] memory households1, ) = _entries(300, 1);
        uint256 again = _rosterOf(village, households1[7]);
        vm.prank(preparer[village]);
        vm.expectRevert(
            abi.encodeWithSelector(IRosterBook.RosterHouseholdClaimed.selector, again, 0, households1[7], paidRoster)
        );
        nextBook.enrolPages(again, _enrolments(_single(households1[7])));
        assertEq(nextBook.claimsOf(fund, households1[7])[0], paidRoster, "the old claim holds here");
        // One of the withdrawn roster's households is free again.
        (bytes32[] memory households3, ) = _entries(4, 3);
        uint256 fresh = _rosterOf(village2, households3[0]);
        vm.prank(preparer[village2]);
        nextBook.enrolPages(fresh, _enrolments(_single(households3[0])));
        assertEq(nextBook.claimsOf(fund, households3[0])[0], fresh, "claimed by the new roster");
    }

    function test_import_keepsFreezesAndObjectionsInForce() public {
        _seal();
        _import();
        vm.prank(preparer[township]);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerUnitFrozen.selector, township));
        next.proposeAllocation(fund, township, village, 1, keccak256("while frozen"));
        // Only the freezing office lifts it, here as before.
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerNotFreezingOffice.selector, townshipFreeze, outsider));
        next.liftFreeze(townshipFreeze, keccak256("lift"));
        vm.prank(inspector);
        next.liftFreeze(townshipFreeze, keccak256("lift"));
        assertFalse(next.isUnitFrozen(township), "lifted on the successor");
        vm.prank(preparer[township]);
        next.proposeAllocation(fund, township, village, 1, keccak256("after the lift"));
        // The inspector's objection still blocks approval, and they cannot file a second.
        vm.prank(inspector);
        vm.expectRevert(abi.encodeWithSelector(IRosterBook.RosterObjectionOpen.selector, announced, inspector));
        nextBook.fileObjection(announced, keccak256("second"));
        vm.warp(block.timestamp + WINDOW);
        assertEq(uint256(nextBook.rosterState(announced)), uint256(RosterState.Objected), "objected");
    }

    /// @dev The successor refuses a fund its predecessor already has, and frees the document of one it cancelled.
    function test_import_keepsOneFundPerDocumentUnitAndClassification() public {
        _seal();
        _import();
        string memory active = ledger.fundOf(fund).terms.documentNumber;
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.LedgerDuplicateFund.selector, fund));
        vm.prank(preparer[province]);
        next.proposeFund(_terms(1_000, active));
        vm.prank(preparer[province]);
        (uint256 again, ) = next.proposeFund(_terms(1_000, "proposed line"));
        uint256[] memory both = next.fundsWithDocument("proposed line");
        assertEq(both.length, 2, "the cancelled fund and the new one");
        assertEq(both[0], proposed, "the imported one first");
        assertEq(both[1], again, "then the new one");
    }

    /// @dev A fund created after the move has no places in the predecessor: its households start free there.
    function test_import_aNewFundStartsWithFreePlaces() public {
        _seal();
        _import();
        FundTerms memory terms = _terms(1_000, "after the move");
        terms.instalments = 2;
        vm.prank(preparer[province]);
        (uint256 later, uint256 proposalId) = next.proposeFund(terms);
        vm.prank(approverA[province]);
        next.approveProposal(proposalId);
        vm.prank(inspector);
        next.liftFreeze(townshipFreeze, keccak256("lift"));
        address[5] memory path = [province, city, county, township, village];
        for (uint256 i = 0; i + 1 < path.length; ++i) {
            vm.prank(preparer[path[i]]);
            proposalId = next.proposeAllocation(later, path[i], path[i + 1], 1_000, keccak256("allocation"));
            vm.prank(approverA[path[i]]);
            next.approveProposal(proposalId);
        }
        // A household of the old fund's paid roster, on a roster of the new fund.
        (bytes32[] memory households1, ) = _entries(300, 1);
        bytes[] memory pages = _single(households1[7]);
        vm.startPrank(preparer[village]);
        uint256 rosterId = nextBook.publishRoster(later, village, village, _root(pages), 1, 100, keccak256("notice"));
        nextBook.enrolPages(rosterId, _enrolments(pages));
        vm.stopPrank();
        uint256[] memory places = nextBook.claimsOf(later, households1[7]);
        assertEq(places.length, 2, "two places");
        assertEq(places[0], rosterId, "the first held by the new roster");
        assertEq(places[1], 0, "the second free");
        assertEq(nextBook.claimsOf(fund, households1[7])[0], paidRoster, "the old fund's place still held");
    }

    function _single(bytes32 household) internal pure returns (bytes[] memory pages) {
        bytes32[] memory households = new bytes32[](1);
        households[0] = household;
        uint64[] memory amounts = new uint64[](1);
        amounts[0] = 100;
        pages = _pages(households, amounts);
    }

    function _rosterOf(address village_, bytes32 household) internal returns (uint256 rosterId) {
        bytes[] memory pages = _single(household);
        vm.prank(preparer[village_]);
        rosterId = nextBook.publishRoster(fund, village_, village_, _root(pages), 1, 100, keccak256("notice"));
    }

    function _assertConservedIn(FundLedger target, uint256 fund_, address unit) internal view {
        Account memory a = target.accountOf(fund_, unit);
        assertEq(
            uint256(a.received),
            uint256(a.allocated) + a.paid - a.failed + a.returned + a.reclaimed + a.balance,
            "conserved after the import"
        );
    }
}
