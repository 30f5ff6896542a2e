// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {
    Account,
    Fund,
    FundStatus,
    FundTerms,
    IFundLedger,
    MovementKind,
    Proposal,
    ProposalKind,
    ProposalStatus,
    SourceLevel
} from "./interfaces/IFundLedger.sol";
import {IUnitRegistry, Level, Unit} from "./interfaces/IUnitRegistry.sol";
import {IRosterBook} from "./interfaces/IRosterBook.sol";
import {LedgerImporter} from "./ledger/LedgerImporter.sol";
import {LedgerStorage} from "./ledger/LedgerStorage.sol";
import {LedgerSupervision} from "./ledger/LedgerSupervision.sol";
import {LedgerToken} from "./ledger/LedgerToken.sol";

/**
 * @title FundLedger
 * @notice Funds, balances, maker-checker proposals and supervision of one
 * FundTrace deployment, readable as an ERC-1155 token. See {IFundLedger}.
 * @dev Assembled from single-purpose parts: {LedgerStorage} (the state they
 * share), {LedgerToken} (the ERC-1155 read side) and {LedgerSupervision}
 * (freezes and findings); a successor runs {LedgerImporter} to take over a
 * sealed predecessor's state. This contract holds funds, proposals, payouts
 * and the seal.
 * Every balance change goes through {_move}, the only place that emits
 * `TransferSingle` and `FundsMoved`.
 */
contract FundLedger is IFundLedger, LedgerToken, LedgerSupervision {
    /// @inheritdoc IFundLedger
    uint64 public constant PROPOSAL_LIFETIME = 30 days;
    /// @dev The most payments one household may receive from one fund (see {FundTerms-instalments}).
    uint8 private constant MAX_INSTALMENTS = 12;

    /// @dev The account that deployed this ledger: the only one that may bind its roster book, once.
    address private immutable _deployer;

    /// @dev The import code a successor runs by delegatecall; zero for a first deployment.
    address private immutable _importer;

    /**
     * @param unitRegistry The registry of units, officers, roles and the pause.
     * @param predecessorLedger Zero for a first deployment; for a fixed one taking over, the ledger it imports from
     * (on the same registry), which the council then seals in its favour.
     * @dev The roster book is deployed next, for this ledger, and bound by the deploying account
     * ({bindRosterBook}): one account pays households, fixed before any fund exists, and no later grant can add
     * another.
     */
    constructor(
        IUnitRegistry unitRegistry,
        IFundLedger predecessorLedger
    ) LedgerStorage(unitRegistry, predecessorLedger) {
        _deployer = msg.sender;
        if (address(predecessorLedger) != address(0)) {
            if (predecessorLedger.registry() != address(unitRegistry)) {
                revert LedgerInvalidSuccessor(address(this));
            }
            _importer = address(new LedgerImporter(unitRegistry, predecessorLedger));
        }
    }

    modifier whenNotPaused() {
        _requireWritable();
        _;
    }

    modifier onlyRosterBook() {
        // Before binding `_rosterBook` is zero, which no caller is.
        if (msg.sender != _rosterBook) revert LedgerNotRosterBook(msg.sender);
        _;
    }

    // ------------------------------------------------------------ deployment

    /// @inheritdoc IFundLedger
    function bindRosterBook(address book) external {
        if (msg.sender != _deployer) revert LedgerNotDeployer(msg.sender);
        if (_rosterBook != address(0) || book.code.length == 0 || IRosterBook(book).ledger() != address(this)) {
            revert LedgerInvalidRosterBook(book);
        }
        _rosterBook = book;
        emit RosterBookBound(book);
    }

    // --------------------------------------------------------------- funds

    /// @inheritdoc IFundLedger
    function proposeFund(FundTerms calldata terms) external whenNotPaused returns (uint256 fund, uint256 proposalId) {
        // Every unit of money enters here: none while the bootstrap account, alone and undelayed, administers.
        if (_registry.governance() == address(0)) revert LedgerNotGoverned();
        if (_rosterBook == address(0)) revert LedgerNoRosterBook();
        address unit = terms.unit;
        // Central transfers (0) and provincial funds (1) enter at a province (1), city and county funds at their level.
        uint256 level = terms.source == SourceLevel.Central ? uint256(Level.Province) : uint256(terms.source);
        if (uint256(_registry.unitOf(unit).level) != level) revert LedgerWrongSourceLevel(unit, terms.source);
        _requirePreparer(unit);
        _requireReadableTerms(terms);
        if (terms.instalments == 0 || terms.instalments > MAX_INSTALMENTS) {
            revert LedgerInvalidInstalments(terms.instalments);
        }
        bytes32 key = keccak256(abi.encode(unit, terms.documentNumber, terms.classification));
        uint256 existing = _fundByKey[key];
        if (existing != 0 && _funds[existing].status != FundStatus.Cancelled) {
            // A fund whose creation expired unapproved frees its key.
            uint256 earlier = _fundProposal[existing];
            if (_funds[existing].status != FundStatus.Proposed || !_expired(_proposals[earlier])) {
                revert LedgerDuplicateFund(existing);
            }
            _funds[existing].status = FundStatus.Cancelled;
            emit FundCancelled(existing, earlier);
        }

        fund = ++_fundCount;
        Fund storage record = _funds[fund];
        record.terms = terms;
        record.status = FundStatus.Proposed;
        _fundByKey[key] = fund;
        _fundsWithDocument[keccak256(bytes(terms.documentNumber))].push(fund);
        proposalId = _propose(ProposalKind.CreateFund, fund, unit, address(0), unit, terms.amount, terms.documentHash);
        _fundProposal[fund] = proposalId;
        emit FundProposed(fund, unit, terms.documentNumber, proposalId, terms);
    }

    /// @inheritdoc IFundLedger
    function proposeAmendment(
        uint256 fund,
        ProposalKind kind,
        uint128 amount,
        string calldata documentNumber,
        bytes32 documentHash
    ) external whenNotPaused returns (uint256 proposalId) {
        _requireActiveFund(fund);
        address unit = _funds[fund].terms.unit;
        _requirePreparer(unit);
        uint256 length = bytes(documentNumber).length;
        if (length == 0 || length > 96) revert LedgerInvalidFundTerms();
        if (kind == ProposalKind.TopUp) {
            proposalId = _propose(kind, fund, unit, address(0), unit, amount, documentHash);
        } else if (kind == ProposalKind.Cut) {
            _requireNotFrozen(fund, unit);
            proposalId = _propose(kind, fund, unit, unit, address(0), amount, documentHash);
        } else {
            revert LedgerNotAnAmendment(kind);
        }
        _fundsWithDocument[keccak256(bytes(documentNumber))].push(fund);
        emit FundAmendmentProposed(fund, proposalId, kind, amount, documentNumber);
    }

    /// @dev The public terms an inspector reads must be there, in their documented forms, with dates in the past.
    function _requireReadableTerms(FundTerms calldata terms) private view {
        uint256 documentLength = bytes(terms.documentNumber).length;
        uint256 programmeLength = bytes(terms.programme).length;
        if (
            documentLength == 0 ||
            documentLength > 96 ||
            programmeLength == 0 ||
            programmeLength > 32 ||
            terms.classification < 1_000_000 ||
            terms.classification > 9_999_999
        ) revert LedgerInvalidFundTerms();
        uint64 approvedAt = terms.budgetApprovedAt;
        uint64 receivedAt = terms.receivedAt;
        bool missing = terms.source == SourceLevel.Central ? receivedAt == 0 : approvedAt == 0;
        if (missing || approvedAt > block.timestamp || receivedAt > block.timestamp) {
            revert LedgerInvalidFundDates(approvedAt, receivedAt);
        }
    }

    // ----------------------------------------------------------- proposals

    /// @inheritdoc IFundLedger
    function proposeAllocation(
        uint256 fund,
        address from,
        address to,
        uint128 amount,
        bytes32 documentHash
    ) external whenNotPaused returns (uint256 proposalId) {
        _requireActiveFund(fund);
        _requirePreparer(from);
        Unit memory child = _registry.unitOf(to);
        if (child.level == Level.None || child.fiscalParent != from) revert LedgerNotChild(from, to);
        _requireNotFrozen(fund, from);
        proposalId = _propose(ProposalKind.Allocation, fund, from, from, to, amount, documentHash);
    }

    /// @inheritdoc IFundLedger
    function proposeReturn(
        uint256 fund,
        address from,
        uint128 amount,
        bytes32 documentHash
    ) external whenNotPaused returns (uint256 proposalId) {
        _requireActiveFund(fund);
        _requirePreparer(from);
        address parent = _registry.unitOf(from).fiscalParent;
        // Money goes no higher than the unit the fund entered at: a county's own fund never reaches its city.
        if (parent == address(0) || from == _funds[fund].terms.unit) revert LedgerNoParent(from);
        _requireNotFrozen(fund, from);
        proposalId = _propose(ProposalKind.Return, fund, from, from, parent, amount, documentHash);
    }

    /// @inheritdoc IFundLedger
    function proposeReclaim(
        uint256 fund,
        address child,
        uint128 amount,
        bytes32 documentHash
    ) external whenNotPaused returns (uint256 proposalId) {
        _requireActiveFund(fund);
        Unit memory unit = _registry.unitOf(child);
        address parent = unit.fiscalParent;
        if (unit.level == Level.None || parent == address(0) || child == _funds[fund].terms.unit) {
            revert LedgerWrongUnit(child);
        }
        _requirePreparer(parent);
        _requireNotFrozen(fund, child);
        proposalId = _propose(ProposalKind.Reclaim, fund, parent, child, parent, amount, documentHash);
    }

    /// @inheritdoc IFundLedger
    function approveProposal(uint256 proposalId) external whenNotPaused {
        Proposal storage proposal = _pendingProposal(proposalId);
        address unit = proposal.unit;
        if (!_registry.isApprover(unit, msg.sender)) revert IUnitRegistry.RegistryNotApprover(unit, msg.sender);
        if (msg.sender == proposal.proposer) revert LedgerProposerCannotApprove(proposalId, msg.sender);
        address[] storage approvals = proposal.approvals;
        uint256 recorded = approvals.length;
        // Only approvals of officers who are still approvers count: one removed since no longer does.
        uint256 count = 1;
        for (uint256 i = 0; i < recorded; ++i) {
            address earlier = approvals[i];
            if (earlier == msg.sender) revert LedgerAlreadyApproved(proposalId, msg.sender);
            if (_registry.isApprover(unit, earlier)) ++count;
        }
        approvals.push(msg.sender);
        emit ProposalApproved(proposalId, msg.sender, count, proposal.requiredApprovals);
        if (count >= proposal.requiredApprovals) _execute(proposalId, proposal);
    }

    /// @inheritdoc IFundLedger
    function rejectProposal(uint256 proposalId, bytes32 reasonHash) external whenNotPaused {
        Proposal storage proposal = _pendingProposal(proposalId);
        if (!_registry.isApprover(proposal.unit, msg.sender)) {
            revert IUnitRegistry.RegistryNotApprover(proposal.unit, msg.sender);
        }
        if (msg.sender == proposal.proposer) revert LedgerProposerCannotApprove(proposalId, msg.sender);
        _close(proposalId, proposal, ProposalStatus.Rejected);
        emit ProposalRejected(proposalId, msg.sender, reasonHash);
    }

    /// @inheritdoc IFundLedger
    function cancelProposal(uint256 proposalId) external whenNotPaused {
        Proposal storage proposal = _pendingProposal(proposalId);
        if (msg.sender != proposal.proposer) revert LedgerNotProposer(proposalId, msg.sender);
        _close(proposalId, proposal, ProposalStatus.Cancelled);
        emit ProposalCancelled(proposalId, msg.sender);
    }

    // ------------------------------------------------------------- payouts

    /// @inheritdoc IFundLedger
    function payOut(
        uint256 fund,
        address payer,
        address payee,
        uint256 amount,
        uint256 rosterId,
        address operator
    ) external whenNotPaused onlyRosterBook {
        // The book pays only rosters of active funds; any other fund has no balance to pay from.
        _move(fund, payer, payee, amount, MovementKind.Disbursement, rosterId, operator);
    }

    /// @inheritdoc IFundLedger
    function creditFailedPayment(
        uint256 fund,
        address payer,
        address payee,
        uint256 amount,
        uint256 rosterId,
        address operator
    ) external whenNotPaused onlyRosterBook {
        // Never more than the payer paid of the fund (see {_move}): nothing for a fund it never paid from.
        _move(fund, payee, payer, amount, MovementKind.FailedPayment, rosterId, operator);
    }

    // ------------------------------------------------------------- migration

    /// @inheritdoc IFundLedger
    function seal(address successorLedger, bytes32 documentHash) external {
        address governance = _registry.governance();
        if (governance == address(0) || msg.sender != governance) revert LedgerNotGovernance(msg.sender);
        _requireLive();
        if (documentHash == 0) revert LedgerEmptyHash();
        // A ledger built with this one as predecessor imports only once this one is sealed: it is still importing.
        if (
            successorLedger == address(this) ||
            successorLedger.code.length == 0 ||
            IFundLedger(successorLedger).predecessor() != address(this)
        ) revert LedgerInvalidSuccessor(successorLedger);
        // A successor without its roster book could never pay: it must be complete before this one stops.
        if (IFundLedger(successorLedger).rosterBook() == address(0)) revert LedgerNoRosterBook();
        _successor = successorLedger;
        _sealedAt = uint64(block.timestamp);
        IRosterBook(_rosterBook).seal();
        emit LedgerSealed(successorLedger, documentHash);
    }

    /// @inheritdoc IFundLedger
    function importStep(uint256 maxItems) external returns (bool done) {
        if (_importer == address(0)) revert LedgerNotImporting(address(0));
        // The importer is this contract's own code, created in its constructor: it runs on this storage.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory result) = _importer.delegatecall(abi.encodeCall(this.importStep, (maxItems)));
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
        return abi.decode(result, (bool));
    }

    // ----------------------------------------------------------------- views

    /// @inheritdoc IFundLedger
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IFundLedger
    function rosterBook() external view returns (address) {
        return _rosterBook;
    }

    /// @inheritdoc IFundLedger
    function fundOf(uint256 fund) external view returns (Fund memory) {
        return _funds[fund];
    }

    /// @inheritdoc IFundLedger
    function fundsWithDocument(string calldata documentNumber) external view returns (uint256[] memory) {
        return _fundsWithDocument[keccak256(bytes(documentNumber))];
    }

    /// @inheritdoc IFundLedger
    function accountOf(uint256 fund, address unit) external view returns (Account memory) {
        return _accounts[fund][unit];
    }

    /// @inheritdoc IFundLedger
    function proposalOf(uint256 proposalId) external view returns (Proposal memory) {
        return _proposals[proposalId];
    }

    // -------------------------------------------------------------- internal

    function _propose(
        ProposalKind kind,
        uint256 fund,
        address unit,
        address from,
        address to,
        uint128 amount,
        bytes32 documentHash
    ) private returns (uint256 proposalId) {
        if (amount == 0) revert LedgerZeroAmount();
        if (documentHash == 0) revert LedgerEmptyHash();
        uint8 required = _registry.requiredApprovals(unit, amount);
        proposalId = ++_proposalCount;
        Proposal storage proposal = _proposals[proposalId];
        proposal.kind = kind;
        proposal.status = ProposalStatus.Pending;
        proposal.requiredApprovals = required;
        proposal.createdAt = uint64(block.timestamp);
        proposal.proposer = msg.sender;
        proposal.unit = unit;
        proposal.fund = fund;
        proposal.from = from;
        proposal.to = to;
        proposal.amount = amount;
        proposal.documentHash = documentHash;
        emit ProposalCreated(proposalId, fund, unit, kind, from, to, amount, documentHash, msg.sender, required);
    }

    function _execute(uint256 proposalId, Proposal storage proposal) private {
        ProposalKind kind = proposal.kind;
        uint256 fund = proposal.fund;
        if (kind == ProposalKind.CreateFund) {
            Fund storage record = _funds[fund];
            record.status = FundStatus.Active;
            record.createdAt = uint64(block.timestamp);
            _move(fund, address(0), proposal.to, proposal.amount, MovementKind.Creation, proposalId, msg.sender);
            emit FundCreated(fund, proposal.to, proposal.amount);
        } else {
            // Every other proposal was made against an active fund, and an active fund stays active. Allocation,
            // Return and Reclaim are the movement kinds of the same number; amendments change the fund's amount.
            uint128 amount = proposal.amount;
            MovementKind movement = MovementKind(uint8(kind));
            if (kind == ProposalKind.TopUp) {
                movement = MovementKind.TopUp;
                _funds[fund].terms.amount += amount;
            } else if (kind == ProposalKind.Cut) {
                movement = MovementKind.Cut;
            }
            _move(fund, proposal.from, proposal.to, amount, movement, proposalId, msg.sender);
            // After the move, which refuses a cut above the unit's balance (never above the fund's amount).
            if (kind == ProposalKind.Cut) _funds[fund].terms.amount -= amount;
        }
        proposal.status = ProposalStatus.Executed;
        proposal.closedAt = uint64(block.timestamp);
        emit ProposalExecuted(proposalId, fund, proposal.unit);
    }

    function _close(uint256 proposalId, Proposal storage proposal, ProposalStatus status) private {
        proposal.status = status;
        proposal.closedAt = uint64(block.timestamp);
        if (proposal.kind == ProposalKind.CreateFund) {
            _funds[proposal.fund].status = FundStatus.Cancelled;
            emit FundCancelled(proposal.fund, proposalId);
        }
    }

    /**
     * @dev The one place where balances change and movements are announced.
     * Outflows (everything but creations and payment failures) need an
     * unfrozen source and fund and enough balance.
     */
    function _move(
        uint256 fund,
        address from,
        address to,
        uint256 amount,
        MovementKind kind,
        uint256 originId,
        address operator
    ) private {
        if (amount == 0) revert LedgerZeroAmount();
        uint64 now_ = uint64(block.timestamp);
        bool inflow = kind == MovementKind.Creation || kind == MovementKind.TopUp;
        if (!inflow && kind != MovementKind.FailedPayment) {
            _requireNotFrozen(fund, from);
            Account storage source = _accounts[fund][from];
            uint256 balance = source.balance;
            if (balance < amount) revert LedgerInsufficientBalance(fund, from, balance, amount);
            // amount <= balance < 2^128, so the cast is exact and the subtraction cannot underflow.
            uint128 value = uint128(amount);
            unchecked {
                source.balance -= value;
            }
            if (kind == MovementKind.Allocation) source.allocated += value;
            else if (kind == MovementKind.Return || kind == MovementKind.Cut) source.returned += value;
            else if (kind == MovementKind.Reclaim) source.reclaimed += value;
            else {
                source.paid += value;
                _funds[fund].paid += value;
                // The payee (a village's households address) holds what it was paid, net of failures.
                _accounts[fund][to].balance += value;
            }
            source.lastMovementAt = now_;
        }
        if (kind != MovementKind.Disbursement && kind != MovementKind.Cut) {
            Account storage target = _accounts[fund][to];
            if (kind == MovementKind.FailedPayment) {
                uint256 paidNet = target.paid - target.failed;
                if (paidNet < amount) revert LedgerFailedExceedsPaid(fund, to, paidNet, amount);
                // amount <= paidNet < 2^128; the payee's balance covers it (checked: reverts below zero).
                _accounts[fund][from].balance -= uint128(amount);
                target.failed += uint128(amount);
                _funds[fund].failed += uint128(amount);
            } else {
                target.received += uint128(amount);
            }
            target.balance += uint128(amount);
            target.lastMovementAt = now_;
        }
        emit TransferSingle(operator, from, to, fund, amount);
        emit FundsMoved(fund, from, to, kind, amount, originId, operator);
    }

    function _pendingProposal(uint256 proposalId) private view returns (Proposal storage proposal) {
        proposal = _proposals[proposalId];
        ProposalStatus status = proposal.status;
        if (status == ProposalStatus.None) revert LedgerUnknownProposal(proposalId);
        if (status != ProposalStatus.Pending) revert LedgerProposalNotPending(proposalId, status);
        if (_expired(proposal)) revert LedgerProposalExpired(proposalId, proposal.createdAt + PROPOSAL_LIFETIME);
    }

    function _expired(Proposal storage proposal) private view returns (bool) {
        return block.timestamp >= proposal.createdAt + PROPOSAL_LIFETIME;
    }

    function _requirePreparer(address unit) private view {
        if (!_registry.isPreparer(unit, msg.sender)) revert IUnitRegistry.RegistryNotPreparer(unit, msg.sender);
    }

    function _requireActiveFund(uint256 fund) private view {
        FundStatus status = _funds[fund].status;
        if (status == FundStatus.None) revert LedgerUnknownFund(fund);
        if (status != FundStatus.Active) revert LedgerFundNotActive(fund, status);
    }
}
