// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

import {FundLedger} from "../../../contracts/FundLedger.sol";
import {Governance} from "../../../contracts/Governance.sol";
import {RosterBook} from "../../../contracts/RosterBook.sol";
import {UnitRegistry} from "../../../contracts/UnitRegistry.sol";
import {
    Account,
    FundTerms,
    IFundLedger,
    SourceLevel,
    TransferType
} from "../../../contracts/interfaces/IFundLedger.sol";
import {PageEnrolment, PagePayment} from "../../../contracts/interfaces/IRosterBook.sol";
import {Level, ThresholdTier} from "../../../contracts/interfaces/IUnitRegistry.sol";
import {RosterPage} from "../../../contracts/libraries/RosterPage.sol";
import {Assertions} from "./Assertions.sol";
import {vm} from "./Vm.sol";

/**
 * @notice A deployment with Guizhou > Guiyang > Nanming > Yunguan > two
 * villages registered, one preparer and two approvers per unit, approval
 * threshold 1 and 2 above 1,000,000.00 yuan (1e8 fen).
 */
abstract contract FundTraceFixture is Assertions {
    uint16 internal constant EDITION = 2023;
    bytes32 internal constant NOTICE = keccak256("notice");
    uint40 internal constant PROVINCE_CODE = 520000000000;
    uint40 internal constant CITY_CODE = 520100000000;
    uint40 internal constant COUNTY_CODE = 520102000000;
    uint40 internal constant TOWNSHIP_CODE = 520102201000;
    uint40 internal constant VILLAGE_CODE = 520102201001;
    uint40 internal constant VILLAGE2_CODE = 520102201002;
    uint128 internal constant TIER = 1e8;
    uint64 internal constant WINDOW = 10 days;
    uint256 internal constant GOVERNANCE_DELAY = 7 days;

    UnitRegistry internal registry;
    FundLedger internal ledger;
    RosterBook internal book;
    Governance internal governance;

    address internal governor = address(0x60F);
    address internal registrar = address(0x4E6);
    address internal inspector = address(0x1A5);
    address internal outsider = address(0x0B5);
    address[] internal council = [address(0xC01), address(0xC02), address(0xC03)];
    address internal guardian = address(0x6A1);

    address internal province;
    address internal city;
    address internal county;
    address internal township;
    address internal village;
    address internal village2;
    address[] internal allUnits;

    mapping(address unit => address) internal preparer;
    mapping(address unit => address) internal approverA;
    mapping(address unit => address) internal approverB;

    /// @dev A deployment as the Ignition module makes it: the ledger, its roster book, and the binding.
    function _deploy(IFundLedger predecessor) internal returns (FundLedger deployed, RosterBook deployedBook) {
        deployed = new FundLedger(registry, predecessor);
        deployedBook = new RosterBook(deployed, WINDOW);
        deployed.bindRosterBook(address(deployedBook));
    }

    function setUp() public virtual {
        vm.warp(1_767_225_600); // 2026-01-01
        registry = new UnitRegistry(governor);
        (ledger, book) = _deploy(IFundLedger(address(0)));
        vm.startPrank(governor);
        registry.grantRole(registry.REGISTRAR_ROLE(), registrar);
        registry.grantRole(registry.INSPECTOR_ROLE(), inspector);
        vm.stopPrank();

        province = _register(PROVINCE_CODE, Level.Province, address(0));
        city = _register(CITY_CODE, Level.City, province);
        county = _register(COUNTY_CODE, Level.County, city);
        township = _register(TOWNSHIP_CODE, Level.Township, county);
        village = _register(VILLAGE_CODE, Level.Village, township);
        village2 = _register(VILLAGE2_CODE, Level.Village, township);
        if (_handsOver()) _handOver();
    }

    /// @dev Whether the set-up ends with the hand-over (no fund can be created before it); bootstrap tests say no.
    function _handsOver() internal pure virtual returns (bool) {
        return true;
    }

    function _register(uint40 code, Level level, address parent) internal returns (address unit) {
        vm.prank(registrar);
        unit = registry.registerUnit(code, EDITION, level, parent);
        uint160 n = uint160(allUnits.length + 1);
        allUnits.push(unit);
        preparer[unit] = address(0x10000 + n);
        approverA[unit] = address(0x20000 + n);
        approverB[unit] = address(0x30000 + n);
        vm.startPrank(governor);
        registry.addPreparer(unit, preparer[unit]);
        registry.addApprover(unit, approverA[unit]);
        registry.addApprover(unit, approverB[unit]);
        ThresholdTier[] memory tiers = new ThresholdTier[](1);
        tiers[0] = ThresholdTier({above: TIER, approvals: 2});
        registry.setApprovalPolicy(unit, 1, tiers);
        vm.stopPrank();
    }

    // -------------------------------------------------------- governance

    /// @dev The bootstrap account hands the registry to a council of 3 (2 approve) with one guardian.
    function _handOver() internal {
        address[] memory guardians = new address[](1);
        guardians[0] = guardian;
        governance = new Governance(registry, GOVERNANCE_DELAY, council, 2, guardians);
        vm.prank(governor);
        registry.handOver(address(governance));
    }

    /// @dev A proposal's one target.
    function _one(address target) internal pure returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = target;
    }

    /// @dev A proposal's one payload.
    function _oneData(bytes memory data) internal pure returns (bytes[] memory payloads) {
        payloads = new bytes[](1);
        payloads[0] = data;
    }

    /// @dev Proposes `target.call(data)`, has a second member approve, waits the delay and executes.
    function _govern(address target, bytes memory data) internal returns (uint256 proposalId) {
        proposalId = _scheduleGoverned(target, data);
        vm.warp(block.timestamp + GOVERNANCE_DELAY);
        governance.execute(proposalId);
    }

    /// @dev Schedules `target.call(data)`, waits the delay and expects the execution to revert with `expected`.
    function _expectGovernedRevert(address target, bytes memory data, bytes memory expected) internal {
        uint256 id = _scheduleGoverned(target, data);
        vm.warp(block.timestamp + GOVERNANCE_DELAY);
        vm.expectRevert(expected);
        governance.execute(id);
    }

    /// @dev Proposes `target.call(data)` and has a second member approve, which schedules it.
    function _scheduleGoverned(address target, bytes memory data) internal returns (uint256 proposalId) {
        vm.prank(council[0]);
        proposalId = governance.propose(_one(target), _oneData(data), "test");
        vm.prank(council[1]);
        governance.approve(proposalId);
    }

    // ------------------------------------------------------------- funds

    /// @dev A central transfer received by the province now, for 2130505 (生产发展) of programme "xianjie".
    function _terms(uint128 amount, string memory documentNumber) internal view returns (FundTerms memory) {
        return _terms(province, SourceLevel.Central, amount, documentNumber);
    }

    /// @dev A fund of `source` entering at `unit`: central transfers received now, other budgets approved now.
    function _terms(
        address unit,
        SourceLevel source,
        uint128 amount,
        string memory documentNumber
    ) internal view returns (FundTerms memory) {
        bool central = source == SourceLevel.Central;
        return
            FundTerms({
                unit: unit,
                documentNumber: documentNumber,
                classification: 2130505,
                programme: "xianjie",
                fiscalYear: 2026,
                source: source,
                transferType: TransferType.General,
                amount: amount,
                instalments: 1,
                budgetApprovedAt: central ? 0 : uint64(block.timestamp),
                receivedAt: central ? uint64(block.timestamp) : 0,
                documentHash: keccak256(abi.encode("approval", documentNumber))
            });
    }

    /// @dev A document number no earlier fund of this ledger used.
    function _nextDocument() internal view returns (string memory) {
        return string.concat(unicode"黔财农〔2026〕", vm.toString(ledger.fundCount() + 1), unicode"号");
    }

    function _approveAll(address unit, uint256 proposalId, uint256 amount) internal {
        vm.prank(approverA[unit]);
        ledger.approveProposal(proposalId);
        if (amount > TIER) {
            vm.prank(approverB[unit]);
            ledger.approveProposal(proposalId);
        }
    }

    function _createFund(uint128 amount) internal returns (uint256 fund) {
        return _createFund(amount, 1);
    }

    /// @dev A fund that may pay each household `instalments` times.
    function _createFund(uint128 amount, uint8 instalments) internal returns (uint256 fund) {
        // Arguments are evaluated before the prank so that it applies to proposeFund itself.
        FundTerms memory terms = _terms(amount, _nextDocument());
        terms.instalments = instalments;
        vm.prank(preparer[province]);
        uint256 proposalId;
        (fund, proposalId) = ledger.proposeFund(terms);
        _approveAll(province, proposalId, amount);
    }

    function _allocate(uint256 fund, address from, address to, uint128 amount) internal returns (uint256 proposalId) {
        vm.prank(preparer[from]);
        proposalId = ledger.proposeAllocation(fund, from, to, amount, keccak256("allocation"));
        _approveAll(from, proposalId, amount);
    }

    function _fundVillage(uint256 fund, address target, uint128 amount) internal {
        _allocate(fund, province, city, amount);
        _allocate(fund, city, county, amount);
        _allocate(fund, county, township, amount);
        _allocate(fund, township, target, amount);
    }

    function _assertConserved(uint256 fund, address unit) internal view {
        Account memory a = ledger.accountOf(fund, unit);
        assertEq(
            uint256(a.received),
            uint256(a.allocated) + a.paid - a.failed + a.returned + a.reclaimed + a.balance,
            "received = allocated + paid - failed + returned + reclaimed + balance"
        );
    }

    // ----------------------------------------------------------- rosters

    /// @dev Roster entries for `count` households: pseudonym from `salt`, amount 100.00 yuan + index fen.
    function _entries(
        uint256 count,
        uint256 salt
    ) internal pure returns (bytes32[] memory households, uint64[] memory amounts) {
        households = new bytes32[](count);
        amounts = new uint64[](count);
        for (uint256 i = 0; i < count; ++i) {
            households[i] = keccak256(abi.encode("household", salt, i));
            amounts[i] = uint64(10_000 + i);
        }
    }

    /// @dev Encodes entries into pages of 256.
    function _pages(bytes32[] memory households, uint64[] memory amounts) internal pure returns (bytes[] memory pages) {
        uint256 count = (households.length + RosterPage.PAGE_SIZE - 1) / RosterPage.PAGE_SIZE;
        pages = new bytes[](count);
        for (uint256 p = 0; p < count; ++p) {
            bytes memory page;
            for (
                uint256 i = p * RosterPage.PAGE_SIZE;
                i < households.length && i < (p + 1) * RosterPage.PAGE_SIZE;
                ++i
            ) {
                page = bytes.concat(page, households[i], bytes8(amounts[i]));
            }
            pages[p] = page;
        }
    }

    function _leaves(bytes[] memory pages) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](pages.length);
        for (uint256 p = 0; p < pages.length; ++p) {
            leaves[p] = keccak256(bytes.concat(keccak256(abi.encode(p, keccak256(pages[p])))));
        }
    }

    /// @dev Root of a sorted-pair tree built level by level (an odd node moves up unchanged).
    function _root(bytes[] memory pages) internal pure returns (bytes32) {
        bytes32[] memory level = _leaves(pages);
        while (level.length > 1) level = _up(level);
        return level[0];
    }

    function _proof(bytes[] memory pages, uint256 index) internal pure returns (bytes32[] memory proof) {
        bytes32[] memory level = _leaves(pages);
        bytes32[] memory buffer = new bytes32[](256);
        uint256 length = 0;
        while (level.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < level.length) buffer[length++] = level[sibling];
            level = _up(level);
            index /= 2;
        }
        proof = new bytes32[](length);
        for (uint256 i = 0; i < length; ++i) proof[i] = buffer[i];
    }

    function _up(bytes32[] memory level) private pure returns (bytes32[] memory next) {
        next = new bytes32[]((level.length + 1) / 2);
        for (uint256 i = 0; i < next.length; ++i) {
            next[i] =
                2 * i + 1 < level.length ? Hashes.commutativeKeccak256(level[2 * i], level[2 * i + 1]) : level[2 * i];
        }
    }

    function _sum(uint64[] memory amounts) internal pure returns (uint128 total) {
        for (uint256 i = 0; i < amounts.length; ++i) total += amounts[i];
    }

    /// @dev Publishes a roster of `village_`, enrols every page, and returns its id and pages.
    function _publish(
        uint256 fund,
        address village_,
        uint256 count,
        uint256 salt
    ) internal returns (uint256 rosterId, bytes[] memory pages) {
        (rosterId, pages) = _announce(fund, village_, count, salt);
        vm.prank(preparer[village_]);
        book.enrolPages(rosterId, _enrolments(pages));
    }

    /// @dev Publishes a roster of `village_`, paid by the village itself, without enrolling any page.
    function _announce(
        uint256 fund,
        address village_,
        uint256 count,
        uint256 salt
    ) internal returns (uint256 rosterId, bytes[] memory pages) {
        return _announcePaidBy(fund, village_, village_, count, salt);
    }

    /// @dev Publishes a roster of `village_` paid by `payer`, without enrolling any page.
    function _announcePaidBy(
        uint256 fund,
        address village_,
        address payer,
        uint256 count,
        uint256 salt
    ) internal returns (uint256 rosterId, bytes[] memory pages) {
        (bytes32[] memory households, uint64[] memory amounts) = _entries(count, salt);
        pages = _pages(households, amounts);
        vm.prank(preparer[village_]);
        rosterId = book.publishRoster(fund, village_, payer, _root(pages), uint32(count), _sum(amounts), NOTICE);
    }

    function _enrolment(bytes[] memory pages, uint256 page) internal pure returns (PageEnrolment memory) {
        return PageEnrolment({page: page, entries: pages[page], proof: _proof(pages, page)});
    }

    function _enrolments(bytes[] memory pages) internal pure returns (PageEnrolment[] memory enrolments) {
        enrolments = new PageEnrolment[](pages.length);
        for (uint256 p = 0; p < pages.length; ++p) enrolments[p] = _enrolment(pages, p);
    }

    /// @dev Publishes, waits out the window and approves a roster.
    function _approvedRoster(
        uint256 fund,
        address village_,
        uint256 count,
        uint256 salt
    ) internal returns (uint256 rosterId, bytes[] memory pages) {
        (rosterId, pages) = _publish(fund, village_, count, salt);
        vm.warp(block.timestamp + WINDOW);
        vm.prank(approverA[village_]);
        book.approveRoster(rosterId);
        if (book.rosterOf(rosterId).requiredApprovals > 1) {
            vm.prank(approverB[village_]);
            book.approveRoster(rosterId);
        }
    }

    function _payment(bytes[] memory pages, uint256 page, uint256 select) internal pure returns (PagePayment memory) {
        return PagePayment({page: page, select: select, entries: pages[page]});
    }

    function _allPages(bytes[] memory pages) internal pure returns (PagePayment[] memory payments) {
        payments = new PagePayment[](pages.length);
        for (uint256 p = 0; p < pages.length; ++p) payments[p] = _payment(pages, p, type(uint256).max);
    }

    function _one(PagePayment memory payment) internal pure returns (PagePayment[] memory payments) {
        payments = new PagePayment[](1);
        payments[0] = payment;
    }
}
