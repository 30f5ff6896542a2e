// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Account, Finding, Freeze, Fund, IFundLedger, Proposal, RecordKind} from "../interfaces/IFundLedger.sol";
import {IUnitRegistry} from "../interfaces/IUnitRegistry.sol";

/**
 * @title LedgerState
 * @notice Every storage variable of the fund ledger, and nothing else.
 * @dev Both {FundLedger} and {LedgerImporter} (which the ledger runs by
 * delegatecall) start their linearization here and declare no storage of
 * their own, so the two share one layout. Keep it that way: a variable added
 * anywhere else would shift the importer's view of the ledger's storage.
 */
// One contract holds the whole layout on purpose (see above), so it has more variables than the usual limit.
// solhint-disable-next-line max-states-count
abstract contract LedgerState {
    /// @dev Units, officers, roles and the pause come from here.
    IUnitRegistry internal immutable _registry;
    /// @dev The sealed ledger this one imports from; zero for a first deployment.
    IFundLedger internal immutable _predecessor;

    uint256 internal _fundCount;
    uint256 internal _proposalCount;
    mapping(uint256 fund => Fund) internal _funds;
    /// @dev keccak256(unit, document number, classification) of each fund not cancelled, to its id.
    mapping(bytes32 fundKey => uint256 fund) internal _fundByKey;
    /// @dev keccak256(document number) to every fund proposed with it.
    mapping(bytes32 documentNumber => uint256[] funds) internal _fundsWithDocument;
    mapping(uint256 fund => mapping(address unit => Account)) internal _accounts;
    mapping(uint256 proposalId => Proposal) internal _proposals;
    mapping(uint256 fund => uint256 proposalId) internal _fundProposal;

    // Supervision.
    mapping(address unit => uint256 inForce) internal _unitFreezes;
    mapping(uint256 fund => uint256 inForce) internal _fundFreezes;
    Finding[] internal _findings;
    Freeze[] internal _freezes;
    /// @dev keccak256(kind, target, office, document) of each freeze in force, to its id.
    mapping(bytes32 caseKey => uint256 freezeId) internal _caseInForce;

    // Migration.
    /// @dev Set by {FundLedger-seal}: from then on every write reverts. One slot with the two fields below.
    address internal _successor;
    /// @dev Block time of the seal.
    uint64 internal _sealedAt;
    /// @dev True from construction until the import from `_predecessor` finishes.
    bool internal _importing;
    /// @dev Where the import stands: the stage, the next record of it, and for accounts the fund being walked.
    ImportCursor internal _cursor;

    /// @dev The one account that pays households, bound once by the deploying account ({FundLedger-bindRosterBook}).
    address internal _rosterBook;

    struct ImportCursor {
        uint8 stage;
        uint64 next;
        uint64 fund;
    }

    /**
     * @param unitRegistry The registry of units, officers, roles and the pause.
     * @param predecessorLedger The sealed ledger to import from, or zero for a first deployment.
     */
    constructor(IUnitRegistry unitRegistry, IFundLedger predecessorLedger) {
        _registry = unitRegistry;
        _predecessor = predecessorLedger;
        _importing = address(predecessorLedger) != address(0);
    }

    function _caseKey(
        RecordKind kind,
        uint256 target,
        address office,
        bytes32 documentHash
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(kind, target, office, documentHash));
    }
}
