// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";

/**
 * @notice Whose budget a fund's money comes from. A fund enters the ledger at the level of its source: central
 * transfers and provincial funds at the province (central transfers go to provincial governments, Budget Law art.
 * 52), city funds at a city, county funds at a county. The Budget Law's deadlines differ by source (docs/audit.md).
 */
enum SourceLevel {
    Central,
    Provincial,
    City,
    County
}

/// @notice General transfers must be passed down within 30 days, special ones within 60.
enum TransferType {
    General,
    Special
}

/// @notice Lifecycle of a fund.
enum FundStatus {
    None,
    Proposed,
    Active,
    Cancelled
}

/// @notice What a proposal does when it is executed.
enum ProposalKind {
    CreateFund,
    Allocation,
    Return,
    Reclaim,
    /// @notice An amendment adding to a fund's amount at its receiving unit (追加), under its own document.
    TopUp,
    /// @notice An amendment taking part of a fund back to the budget from its receiving unit (调减).
    Cut
}

/// @notice Lifecycle of a proposal.
enum ProposalStatus {
    None,
    Pending,
    Executed,
    Rejected,
    Cancelled
}

/// @notice Kind of a money movement, as recorded by {IFundLedger-FundsMoved}.
enum MovementKind {
    Creation,
    Allocation,
    Return,
    Reclaim,
    Disbursement,
    FailedPayment,
    /// @notice A top-up: new money at the fund's receiving unit (from zero, like a creation).
    TopUp,
    /// @notice A cut: money back to the budget from the fund's receiving unit (to zero), counted as `returned`.
    Cut
}

/// @notice The kinds of records an inspector can attach a finding to.
enum RecordKind {
    Unit,
    Fund,
    Proposal,
    Roster,
    RosterEntry,
    Transaction
}

/// @notice A fund as proposed by a preparer of the unit that receives it. Everything here is public budget data.
struct FundTerms {
    /// @notice The unit that receives the fund, at the level of its source (see {SourceLevel}).
    address unit;
    /**
     * @notice The budget document's number (文号) as printed on it, e.g. "黔财农〔2026〕12号": 1 to 96 bytes of UTF-8.
     * One document, unit and classification make one fund; `fundsWithDocument` finds every fund of a document.
     */
    string documentNumber;
    /// @notice The 7-digit expenditure function classification code (支出功能分类科目), e.g. 2130505.
    uint32 classification;
    /// @notice The programme's code in the programme catalogue (config/programmes.json): 1 to 32 bytes.
    string programme;
    /// @notice Fiscal year of the budget.
    uint16 fiscalYear;
    /// @notice Whose budget the money comes from.
    SourceLevel source;
    /// @notice General or special transfer.
    TransferType transferType;
    /// @notice Amount in fen.
    uint128 amount;
    /**
     * @notice How many times the fund may pay one household: 1 for a one-off subsidy, up to 12 for a fund paid in
     * instalments (each instalment its own roster). The roster book holds each household to it.
     */
    uint8 instalments;
    /**
     * @notice Time the people's congress approved the budget the money comes from (a deadline of Budget Law art. 52
     * counts from it); required for provincial, city and county funds, optional (zero) for central transfers.
     * Never after the proposal.
     */
    uint64 budgetApprovedAt;
    /**
     * @notice Time `unit` received the transfer document (for a central transfer, the province's receipt, from
     * which art. 52's 30 days run); required for central transfers, optional otherwise. Never after the proposal.
     */
    uint64 receivedAt;
    /// @notice Hash of the approving budget document.
    bytes32 documentHash;
}

/// @notice A fund and its totals.
struct Fund {
    FundTerms terms;
    FundStatus status;
    /// @notice Time the fund was created (its proposal executed), zero before.
    uint64 createdAt;
    /// @notice Fen paid to households, gross (re-issues included).
    uint128 paid;
    /// @notice Fen of payments the bank reported failed and that came back to villages.
    uint128 failed;
}

/**
 * @notice What one unit did with one fund. Always:
 * `received == allocated + paid - failed + returned + reclaimed + balance`.
 */
struct Account {
    /// @notice Fen held now.
    uint128 balance;
    /// @notice Fen paid to households, gross.
    uint128 paid;
    /// @notice Fen received: creation, allocations from the parent, returns and reclaims from children.
    uint128 received;
    /// @notice Fen allocated to children.
    uint128 allocated;
    /// @notice Fen returned to the parent.
    uint128 returned;
    /// @notice Fen reclaimed by the parent.
    uint128 reclaimed;
    /// @notice Fen of failed household payments that came back.
    uint128 failed;
    /// @notice Time of the last movement in or out.
    uint64 lastMovementAt;
}

/// @notice A maker-checker proposal to move money.
struct Proposal {
    ProposalKind kind;
    ProposalStatus status;
    /// @notice Approvals needed, fixed from the acting unit's policy when proposed.
    uint8 requiredApprovals;
    uint64 createdAt;
    /// @notice Time of execution, rejection or cancellation.
    uint64 closedAt;
    address proposer;
    /// @notice The unit whose officers propose and approve.
    address unit;
    uint256 fund;
    /// @notice Source of the money (zero when a fund is created).
    address from;
    address to;
    uint128 amount;
    bytes32 documentHash;
    /// @notice Accounts that approved, in order.
    address[] approvals;
}

/// @notice An inspector's finding attached to a record.
struct Finding {
    RecordKind kind;
    uint16 category;
    uint64 recordedAt;
    address inspector;
    uint256 recordId;
    bytes32 documentHash;
}

/**
 * @notice One office's freeze of a unit or a fund, in one case: nothing leaves the unit, or nothing of the fund
 * moves, while any freeze of it is in force.
 */
struct Freeze {
    /// @notice The inspector account of the office that froze: only it, or governance, lifts the freeze.
    address office;
    /// @notice `Unit` or `Fund`: what `target` names.
    RecordKind kind;
    /// @notice Block time of the freeze.
    uint64 frozenAt;
    /// @notice Who lifted it: the office, or the governance contract; zero while in force.
    address liftedBy;
    /// @notice Block time of the lift; 0 while the freeze is in force.
    uint64 liftedAt;
    /// @notice The unit's address (as a number) or the fund id.
    uint256 target;
    /// @notice Hash of the supervision decision that froze.
    bytes32 documentHash;
    /// @notice Hash of the decision that lifted it; zero while in force.
    bytes32 liftDocumentHash;
}

/**
 * @title IFundLedger
 * @notice The money of FundTrace: funds, each unit's balance per fund, the
 * maker-checker proposals that move money between units, the payments to
 * households made through the roster book, and supervision (freezes and
 * findings).
 *
 * The ledger is also the read side of an ERC-1155 token: the token id is the
 * fund id, each unit's derived address holds its balance, a village's
 * households address holds what it paid to households, and every movement is
 * a standard `TransferSingle` event, so a stock block explorer shows the flows
 * as token transfers and the balances as holdings. Tokens cannot be
 * transferred by their holders.
 */
interface IFundLedger is IERC1155MetadataURI {
    // ------------------------------------------------------------------ events

    /**
     * @notice A preparer of `unit` proposed a new fund. `documentNumber` is indexed as its keccak-256 hash (the
     * text is in `terms`), so a log filter finds every fund of a document.
     */
    event FundProposed(
        uint256 indexed fund,
        address indexed unit,
        string indexed documentNumber,
        uint256 proposalId,
        FundTerms terms
    );

    /// @notice A fund's proposal was executed and its amount credited to the unit that receives it.
    event FundCreated(uint256 indexed fund, address indexed unit, uint256 amount);

    /**
     * @notice A preparer of the fund's receiving unit proposed to amend its amount (`kind` TopUp or Cut) by
     * `amount` fen, under the budget document `documentNumber` (`fundsWithDocument` finds the fund from it too).
     */
    event FundAmendmentProposed(
        uint256 indexed fund,
        uint256 indexed proposalId,
        ProposalKind kind,
        uint256 amount,
        string documentNumber
    );

    /// @notice A fund's proposal was rejected or cancelled; the fund will never hold money.
    event FundCancelled(uint256 indexed fund, uint256 proposalId);

    /// @notice A proposal was made.
    event ProposalCreated(
        uint256 indexed proposalId,
        uint256 indexed fund,
        address indexed unit,
        ProposalKind kind,
        address from,
        address to,
        uint256 amount,
        bytes32 documentHash,
        address proposer,
        uint8 requiredApprovals
    );

    /// @notice `approver` approved a proposal; `approvals` of `required` are in.
    event ProposalApproved(uint256 indexed proposalId, address indexed approver, uint256 approvals, uint256 required);

    /// @notice A proposal reached its threshold and its movement was made.
    event ProposalExecuted(uint256 indexed proposalId, uint256 indexed fund, address indexed unit);

    /// @notice An approver rejected a proposal.
    event ProposalRejected(uint256 indexed proposalId, address indexed approver, bytes32 reasonHash);

    /// @notice The proposer withdrew a proposal.
    event ProposalCancelled(uint256 indexed proposalId, address indexed proposer);

    /**
     * @notice Money moved. `originId` is the proposal id for creations,
     * allocations, returns and reclaims, and the roster id for disbursements
     * and payment failures (whose `from`/`to` is the village's households address).
     */
    event FundsMoved(
        uint256 indexed fund,
        address indexed from,
        address indexed to,
        MovementKind kind,
        uint256 amount,
        uint256 originId,
        address operator
    );

    /// @notice The office of `office` froze `unit` in case `freezeId`: nothing leaves it until every freeze is lifted.
    event UnitFrozen(uint256 indexed freezeId, address indexed unit, address indexed office, bytes32 documentHash);

    /// @notice Freeze `freezeId` of `unit` was lifted by its office or by governance (`by`).
    event UnitUnfrozen(uint256 indexed freezeId, address indexed unit, address indexed by, bytes32 documentHash);

    /// @notice The office of `office` froze `fund` in case `freezeId`: none of it moves until every freeze is lifted.
    event FundFrozen(uint256 indexed freezeId, uint256 indexed fund, address indexed office, bytes32 documentHash);

    /// @notice Freeze `freezeId` of `fund` was lifted by its office or by governance (`by`).
    event FundUnfrozen(uint256 indexed freezeId, uint256 indexed fund, address indexed by, bytes32 documentHash);

    /// @notice An inspector attached a finding to a record.
    event FindingRecorded(
        uint256 indexed findingId,
        RecordKind indexed kind,
        uint256 indexed recordId,
        uint16 category,
        bytes32 documentHash,
        address inspector
    );

    /**
     * @notice Governance sealed this ledger and its roster book for good in favour of `successor`, a new deployment
     * that imports their state: from now on nothing here changes, and everything is read and done there.
     */
    event LedgerSealed(address indexed successor, bytes32 documentHash);

    /// @notice The deploying account bound `book` as this ledger's roster book, for the ledger's whole life.
    event RosterBookBound(address indexed book);

    /// @notice The import from the sealed `predecessor` finished: this ledger holds its state and takes writes.
    event LedgerImported(address indexed predecessor, uint256 funds, uint256 freezes, uint256 findings);

    // ------------------------------------------------------------------ errors

    /**
     * @notice Governance paused the deployment (`UnitRegistry.pause`): every write of the ledger except supervision
     * reverts.
     * @dev Wait for the governance to resume it (`unpause`, a council proposal).
     */
    error LedgerPaused();

    /**
     * @notice No fund can be created while the bootstrap account administers the registry: money moves only once a
     * council governs, so that every later change of officers or policies waits out its delay in public.
     * @dev Finish the set-up, then hand over (`UnitRegistry.handOver`, `fundtrace governance hand-over`).
     */
    error LedgerNotGoverned();

    /**
     * @notice `account` lacks the registry role `role` this function needs: `INSPECTOR_ROLE` for supervision.
     * @dev Send from an account holding the role, or have the administrator (the governance, once handed over)
     * grant it in the unit registry.
     */
    error LedgerMissingRole(address account, bytes32 role);

    /**
     * @notice `account` is not the roster book bound to this ledger at deployment: only it pays households and
     * credits back failed payments, and no role or governance action can name another.
     * @dev Pay through `rosterBook()`: publish and approve a roster, then `disburse`.
     */
    error LedgerNotRosterBook(address account);

    /**
     * @notice `account` is not the account that deployed this ledger: only it binds the roster book, once.
     * @dev Bind from the deploying account (the deployment module does it in its last step).
     */
    error LedgerNotDeployer(address account);

    /**
     * @notice `book` cannot be bound: a roster book is bound already, or `book` is not a contract built for this
     * ledger (its `ledger()` is another address).
     * @dev Deploy the roster book with this ledger's address, then bind it; a ledger binds one book for its life.
     */
    error LedgerInvalidRosterBook(address book);

    /**
     * @notice No roster book is bound yet: until one is, the ledger takes no fund and cannot be sealed in favour of.
     * @dev Finish the deployment: bind the roster book from the deploying account (`bindRosterBook`).
     */
    error LedgerNoRosterBook();

    /**
     * @notice The proposal expired at `expiredAt` (`PROPOSAL_LIFETIME` after it was made) without reaching its
     * threshold: it can no longer be approved or rejected.
     * @dev Make a new proposal if the movement is still needed; an expired fund proposal frees its document number.
     */
    error LedgerProposalExpired(uint256 proposalId, uint256 expiredAt);

    /**
     * @notice `unit` is not a registered unit, or (for a reclaim) has no parent to reclaim it.
     * @dev Check the address (`UnitRegistry.unitAddressOf`); reclaims are made from a unit below another.
     */
    error LedgerWrongUnit(address unit);

    /**
     * @notice `unit` is not at the level of the fund's source: central and provincial funds enter at a province,
     * city funds at a city, county funds at a county.
     * @dev Propose the fund at the unit whose budget it is, or correct `terms.source`.
     */
    error LedgerWrongSourceLevel(address unit, SourceLevel source);

    /**
     * @notice `from` is not the fiscal parent of `to`: allocations go to the units whose fiscal parent `from` is (its
     * direct children, and descendants governance placed under it, e.g. counties a province manages directly).
     * @dev Allocate to the unit on the way, which then allocates further down; `UnitRegistry.unitOf(to)` shows its
     * fiscal parent.
     */
    error LedgerNotChild(address from, address to);

    /**
     * @notice `unit` has nothing above it in this fund to return money to: it is a province, or the unit the fund
     * entered at (a county's own fund never goes up to the city).
     * @dev Only units below the fund's receiving unit return money; that unit keeps its balance.
     */
    error LedgerNoParent(address unit);

    /**
     * @notice No fund has id `fund`: ids run from 1 to `fundCount()`.
     * @dev Check the fund id; `fundsWithDocument` finds it from its document number.
     */
    error LedgerUnknownFund(uint256 fund);

    /**
     * @notice The fund is `status`, not active: its creation is not approved yet, or it was cancelled, so none of it
     * can move.
     * @dev Have the province approvers approve the fund's proposal; a cancelled fund never becomes active.
     */
    error LedgerFundNotActive(uint256 fund, FundStatus status);

    /**
     * @notice Fund `fund` was proposed already for the same document number, unit and classification code, and is
     * not cancelled: one document makes one fund per unit and classification.
     * @dev Use fund `fund`, or cancel or reject its proposal before proposing again; an amendment of the fund is not
     * a new fund.
     */
    error LedgerDuplicateFund(uint256 fund);

    /**
     * @notice The document number is empty or longer than 96 bytes, the programme code is empty or longer than 32
     * bytes, or the classification code is not 7 digits.
     * @dev Copy the document number as printed, the programme's code from config/programmes.json, and the 7-digit
     * function classification code (e.g. 2130505).
     */
    error LedgerInvalidFundTerms();

    /**
     * @notice A date the fund's deadlines count from is missing or later than now: central transfers need the time
     * the unit received them, other funds the time their budget was approved.
     * @dev Give `receivedAt` for a central transfer, `budgetApprovedAt` for a provincial, city or county fund.
     */
    error LedgerInvalidFundDates(uint64 budgetApprovedAt, uint64 receivedAt);

    /**
     * @notice `kind` is not an amendment: a fund's amount is amended by a top-up (`TopUp`) or a cut (`Cut`) only.
     * @dev Pass `ProposalKind.TopUp` or `ProposalKind.Cut`.
     */
    error LedgerNotAnAmendment(ProposalKind kind);

    /**
     * @notice An amount of zero was given: funds, proposals and movements need a positive amount.
     * @dev Give the amount in fen, above zero.
     */
    error LedgerZeroAmount();

    /**
     * @notice A document hash is zero: every fund, proposal, freeze and finding names its document.
     * @dev Pass the hash of the supporting document.
     */
    error LedgerEmptyHash();

    /**
     * @notice A fund's terms must let it pay each household from 1 to 12 times.
     * @dev Use 1 for a one-off payment; a fund paid in instalments names their number (at most 12, monthly over a
     * year).
     */
    error LedgerInvalidInstalments(uint8 instalments);

    /**
     * @notice `unit` holds `balance` fen of `fund`, less than the `needed` fen the movement takes.
     * @dev Wait for the allocation from above, or lower the amount.
     */
    error LedgerInsufficientBalance(uint256 fund, address unit, uint256 balance, uint256 needed);

    /**
     * @notice `unit` is frozen by an inspector: no money leaves it and it gets no new outgoing proposal.
     * @dev Settle the inspection; each office lifts its own freeze with `liftFreeze` (`freezeOf` lists them).
     */
    error LedgerUnitFrozen(address unit);

    /**
     * @notice `fund` is frozen by an inspector: none of it moves anywhere.
     * @dev Settle the inspection; each office lifts its own freeze with `liftFreeze` (`freezeOf` lists them).
     */
    error LedgerFundFrozen(uint256 fund);

    /**
     * @notice No freeze has id `freezeId`: ids run from 1 to `freezeCount()`.
     * @dev Use the id the freeze event reported.
     */
    error LedgerUnknownFreeze(uint256 freezeId);

    /**
     * @notice Freeze `freezeId` was lifted already.
     * @dev Nothing to undo; `freezeOf` tells who lifted it and when.
     */
    error LedgerFreezeLifted(uint256 freezeId);

    /**
     * @notice `account` is neither the office that made freeze `freezeId` (holding the inspector role) nor
     * governance: one office cannot lift another's freeze.
     * @dev Ask the freezing office, or propose the lift to the council.
     */
    error LedgerNotFreezingOffice(uint256 freezeId, address account);

    /**
     * @notice This office froze the same unit or fund for the same decision already, as freeze `freezeId`, still in
     * force.
     * @dev Nothing to do; a new case needs its own decision document.
     */
    error LedgerFreezeExists(uint256 freezeId);

    /**
     * @notice No proposal has id `proposalId`: ids run from 1 to `proposalCount()`.
     * @dev Check the proposal id.
     */
    error LedgerUnknownProposal(uint256 proposalId);

    /**
     * @notice The proposal is `status`, not pending: once executed, rejected or cancelled it can no longer be
     * approved, rejected or cancelled.
     * @dev Make a new proposal if the movement is still needed.
     */
    error LedgerProposalNotPending(uint256 proposalId, ProposalStatus status);

    /**
     * @notice Maker-checker: `proposer` made this proposal and can never approve or reject it, even as an approver of
     * the unit.
     * @dev Another approver of the unit approves or rejects it.
     */
    error LedgerProposerCannotApprove(uint256 proposalId, address proposer);

    /**
     * @notice `approver` approved this proposal already: each approver counts once.
     * @dev Another approver of the unit approves.
     */
    error LedgerAlreadyApproved(uint256 proposalId, address approver);

    /**
     * @notice `account` did not make this proposal: only its proposer can cancel it.
     * @dev Cancel from the proposer's account, or have an approver reject it.
     */
    error LedgerNotProposer(uint256 proposalId, address account);

    /**
     * @notice `village` has paid only `paidNet` fen of `fund` to households (net of earlier failures), less than the
     * `failed` fen reported failed.
     * @dev Report only failures of payments that were made; the roster book checks each entry, so this points to a
     * wrong payout caller.
     */
    error LedgerFailedExceedsPaid(uint256 fund, address village, uint256 paidNet, uint256 failed);

    /**
     * @notice Fund tokens cannot be transferred or approved by their holders: only the ledger's proposals and payouts
     * move money.
     * @dev Move money with a proposal (`proposeAllocation`, `proposeReturn`, `proposeReclaim`).
     */
    error LedgerTransfersDisabled();

    /**
     * @notice No finding has id `findingId`: ids run from 1 to `findingCount()`.
     * @dev Check the finding id.
     */
    error LedgerUnknownFinding(uint256 findingId);

    /**
     * @notice `balanceOfBatch` got `accounts` accounts but `ids` token ids: the two lists pair up one to one.
     * @dev Pass one token id per account.
     */
    error LedgerArrayLengthMismatch(uint256 accounts, uint256 ids);

    /**
     * @notice Governance sealed this ledger in favour of `successor`: every write reverts, supervision included.
     * @dev Use the successor deployment (`successor()`), which holds this ledger's funds, balances, freezes and
     * findings, and whose roster book holds every roster with its paid, failed and re-issued entries.
     */
    error LedgerIsSealed(address successor);

    /**
     * @notice This ledger is still importing the state of its sealed predecessor: nothing else can be done yet.
     * @dev Anyone finishes the import with `importStep` (`fundtrace migrate import`) until `importing()` is false.
     */
    error LedgerImporting();

    /**
     * @notice The import cannot run: this ledger has no predecessor, has finished importing, or its predecessor
     * `predecessor` is not (yet) sealed in its favour.
     * @dev Wait until the council's `seal` proposal naming this ledger is executed on the predecessor.
     */
    error LedgerNotImporting(address predecessor);

    /**
     * @notice `successor` cannot take over: it must be a different ledger on the same registry whose
     * `predecessor()` is this ledger (a successor's constructor refuses a predecessor on another registry).
     * @dev Deploy the successor with this ledger as its predecessor, then propose `seal` naming its address.
     */
    error LedgerInvalidSuccessor(address successor);

    /**
     * @notice Only the registry's governance (the council, after its delay) can seal the ledger; `account` is not it.
     * @dev Propose the seal to the council: `fundtrace governance propose` with the `seal` call.
     */
    error LedgerNotGovernance(address account);

    // --------------------------------------------------------------- funds

    /**
     * @notice Proposes a new fund at `terms.unit`, the unit at its source's level. Only a preparer of `terms.unit`.
     * Executed when the unit's approvers reach the threshold for `terms.amount`.
     * @return fund The new fund's id (also its ERC-1155 token id).
     * @return proposalId The proposal to approve.
     */
    function proposeFund(FundTerms calldata terms) external returns (uint256 fund, uint256 proposalId);

    /**
     * @notice Proposes to amend `fund`'s amount under its own budget document: a top-up adds `amount` fen at the
     * fund's receiving unit, a cut takes `amount` fen back to the budget from what that unit holds (not from units
     * below it, which return or are reclaimed first). Only a preparer of the receiving unit; its approvers approve,
     * and the fund's amount changes when the proposal executes.
     * @param documentNumber The amending document's number (文号), 1 to 96 bytes, kept in `fundsWithDocument`.
     */
    function proposeAmendment(
        uint256 fund,
        ProposalKind kind,
        uint128 amount,
        string calldata documentNumber,
        bytes32 documentHash
    ) external returns (uint256 proposalId);

    // ----------------------------------------------------------- proposals

    /**
     * @notice Proposes to allocate `amount` fen of `fund` from `from` to `to`, whose fiscal parent `from` is (its
     * direct child unless governance set an arrangement that skips levels). Only a preparer of `from`.
     */
    function proposeAllocation(
        uint256 fund,
        address from,
        address to,
        uint128 amount,
        bytes32 documentHash
    ) external returns (uint256 proposalId);

    /// @notice Proposes to return `amount` fen of `fund` from `from` to its fiscal parent. Only a preparer of `from`.
    function proposeReturn(
        uint256 fund,
        address from,
        uint128 amount,
        bytes32 documentHash
    ) external returns (uint256 proposalId);

    /**
     * @notice Proposes that the fiscal parent of `child` reclaims `amount` fen of `fund`
     * from it. Only a preparer of the fiscal parent.
     */
    function proposeReclaim(
        uint256 fund,
        address child,
        uint128 amount,
        bytes32 documentHash
    ) external returns (uint256 proposalId);

    /**
     * @notice Approves a pending proposal. Only an approver of the acting unit,
     * never the proposer, at most once each. The approval that reaches the
     * threshold executes the movement; if the movement cannot be made (frozen,
     * insufficient balance, paused) that approval reverts and the proposal stays pending.
     */
    function approveProposal(uint256 proposalId) external;

    /// @notice Rejects a pending proposal for good. Only an approver of the acting unit other than the proposer.
    function rejectProposal(uint256 proposalId, bytes32 reasonHash) external;

    /// @notice Withdraws a pending proposal. Only its proposer.
    function cancelProposal(uint256 proposalId) external;

    // ------------------------------------------------------------- payouts

    /**
     * @notice Pays `amount` fen of `fund` from the balance of `payer` to `payee` (the households address of the
     * roster's village). Only the roster book bound to this ledger, which checks the roster, the payer and the payee.
     */
    function payOut(
        uint256 fund,
        address payer,
        address payee,
        uint256 amount,
        uint256 rosterId,
        address operator
    ) external;

    /**
     * @notice Moves `amount` fen of failed payments back from `payee` to the balance of `payer` that paid them.
     * Only the roster book.
     */
    function creditFailedPayment(
        uint256 fund,
        address payer,
        address payee,
        uint256 amount,
        uint256 rosterId,
        address operator
    ) external;

    // ---------------------------------------------------------- supervision

    /**
     * @notice Freezes `unit` for the caller's office, in the case decided by `documentHash`: nothing leaves it until
     * every freeze of it is lifted. Only `INSPECTOR_ROLE`; works while paused.
     */
    function freezeUnit(address unit, bytes32 documentHash) external returns (uint256 freezeId);

    /**
     * @notice Freezes `fund` for the caller's office, in the case decided by `documentHash`: none of it moves until
     * every freeze of it is lifted. Only `INSPECTOR_ROLE`; works while paused.
     */
    function freezeFund(uint256 fund, bytes32 documentHash) external returns (uint256 freezeId);

    /**
     * @notice Lifts freeze `freezeId`, citing the decision `documentHash`. Only the office that froze (while it holds
     * `INSPECTOR_ROLE`) or the registry's governance; other freezes of the same unit or fund stay in force.
     */
    function liftFreeze(uint256 freezeId, bytes32 documentHash) external;

    /**
     * @notice Attaches a finding to any record. Only `INSPECTOR_ROLE`.
     * @param kind What `recordId` names.
     * @param recordId A unit address (as a number), fund id, proposal id, roster id,
     * `rosterId << 32 | entry` for a roster entry, or a transaction hash.
     * @param category Finding category code (see docs/contracts.md).
     * @param documentHash Hash of the finding document.
     */
    function recordFinding(
        RecordKind kind,
        uint256 recordId,
        uint16 category,
        bytes32 documentHash
    ) external returns (uint256 findingId);

    // ------------------------------------------------------------ deployment

    /**
     * @notice Binds `book`, a roster book deployed for this ledger, as the one account that pays households and
     * credits back failed payments, for the ledger's whole life. Only the deploying account, once; until then the
     * ledger takes no fund. The book's code is public: compare it with the verified source (docs/deployment.md).
     */
    function bindRosterBook(address book) external;

    // ------------------------------------------------------------- migration

    /**
     * @notice Seals this ledger and its roster book for good in favour of `successor`, a new deployment built with
     * this ledger as its predecessor, citing the decision `documentHash`. Only the registry's governance: a council
     * proposal, public for its whole delay, which a guardian can veto. Nothing here changes afterwards.
     */
    function seal(address successor, bytes32 documentHash) external;

    /**
     * @notice Copies up to `maxItems` records of the sealed predecessor into this ledger (freezes, findings, funds,
     * then each unit's account of each fund), exactly as the predecessor's views return them; anyone may call it,
     * and it takes nothing from the caller but gas. Pending proposals are not carried over (a fund still proposed
     * is cancelled); ids of funds, freezes and findings are kept.
     * @return done Whether the import finished: the ledger then takes writes.
     */
    function importStep(uint256 maxItems) external returns (bool done);

    /// @notice The deployment sealed in favour of this one, whose state it imports; zero for a first deployment.
    function predecessor() external view returns (address);

    /// @notice The ledger this one was sealed in favour of; zero while it is in use.
    function successor() external view returns (address);

    /// @notice Whether the import from the predecessor is still under way (no other write is taken meanwhile).
    function importing() external view returns (bool);

    // ----------------------------------------------------------------- views

    /// @notice The unit registry this ledger takes units, officers, roles and the pause from.
    function registry() external view returns (address);

    /// @notice The roster book bound at deployment (zero before): the only account that pays households.
    function rosterBook() external view returns (address);

    /// @notice Seconds a pending proposal stays open: after that it can no longer be approved or rejected.
    function PROPOSAL_LIFETIME() external view returns (uint64);

    /// @notice Number of funds proposed so far; fund ids run from 1 to this.
    function fundCount() external view returns (uint256);

    /// @notice The fund with id `fund`.
    function fundOf(uint256 fund) external view returns (Fund memory);

    /// @notice Every fund proposed with document number `documentNumber`, in order, cancelled ones included.
    function fundsWithDocument(string calldata documentNumber) external view returns (uint256[] memory);

    /// @notice What `unit` did with `fund`.
    function accountOf(uint256 fund, address unit) external view returns (Account memory);

    /// @notice Number of proposals so far; ids run from 1 to this.
    function proposalCount() external view returns (uint256);

    /// @notice The proposal with id `proposalId`.
    function proposalOf(uint256 proposalId) external view returns (Proposal memory);

    /// @notice Whether any freeze of `unit` is in force.
    function isUnitFrozen(address unit) external view returns (bool);

    /// @notice Whether any freeze of `fund` is in force.
    function isFundFrozen(uint256 fund) external view returns (bool);

    /// @notice Number of freezes so far (in force or lifted); ids run from 1 to this.
    function freezeCount() external view returns (uint256);

    /// @notice The freeze with id `freezeId`.
    function freezeOf(uint256 freezeId) external view returns (Freeze memory);

    /// @notice Number of findings so far; ids run from 1 to this.
    function findingCount() external view returns (uint256);

    /// @notice The finding with id `findingId`.
    function findingOf(uint256 findingId) external view returns (Finding memory);

    /// @notice Total supply of token `fund`: the fund's amount once created, zero before.
    function totalSupply(uint256 fund) external view returns (uint256);

    /// @notice Token collection name shown by explorers.
    function name() external view returns (string memory);

    /// @notice Token collection symbol shown by explorers.
    function symbol() external view returns (string memory);
}
