// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @notice Stored lifecycle steps of a roster; see {RosterState} for the derived state.
enum RosterStatus {
    None,
    Announced,
    Approved,
    Rejected,
    Withdrawn
}

/// @notice The state of a roster as derived from its stored status, the clock and open objections.
enum RosterState {
    None,
    /// @notice Published; the public announcement window is open.
    InWindow,
    /// @notice Window closed, but objections are unresolved: approval is blocked.
    Objected,
    /// @notice Window closed, no open objection: approvers may approve.
    AwaitingApproval,
    /// @notice Approved: households may be paid.
    Approved,
    /// @notice An objection was upheld: the roster can never be paid.
    Rejected,
    /// @notice Withdrawn by the village before approval.
    Withdrawn
}

/// @notice Where an objection stands.
enum ObjectionStatus {
    None,
    /// @notice Filed and not resolved: the roster cannot be approved.
    Open,
    /// @notice An approver proposed to dismiss an inspector's objection; it stays open until an inspector concurs.
    DismissalProposed,
    /// @notice Upheld: the roster is rejected.
    Upheld,
    /// @notice Dismissed: it no longer blocks approval.
    Dismissed
}

/// @notice Payment state of one roster entry.
enum EntryStatus {
    Unpaid,
    Paid,
    /// @notice The bank reported the payment failed; its amount is back in the village balance.
    Failed,
    /// @notice Paid again after a failure (allowed once).
    Reissued,
    /// @notice The re-issued payment failed too; the amount stays in the village balance.
    ReissueFailed
}

/**
 * @notice A village's list of beneficiaries for one fund, committed on chain
 * without personal data: a Merkle root over fixed-size pages of
 * (household pseudonym, amount) entries.
 */
struct Roster {
    uint256 fund;
    /// @notice The village that announced the roster, reviews it and whose households it lists.
    address village;
    uint32 entryCount;
    uint64 publishedAt;
    /// @notice Root of the page tree (see {IRosterBook-pageLeaf}).
    bytes32 root;
    /// @notice Sum of the entries' amounts in fen.
    uint128 total;
    /// @notice Fen paid, gross (re-issues included).
    uint128 paid;
    /// @notice Fen of payments reported failed.
    uint128 failed;
    uint64 windowEndsAt;
    uint8 requiredApprovals;
    RosterStatus status;
    uint32 openObjections;
    /// @notice The fund's {FundTerms-instalments}: how many live rosters of the fund may hold one household.
    uint8 instalments;
    /// @notice Hash of the public notice posted in the village.
    bytes32 noticeHash;
    address publisher;
    uint64 approvedAt;
    /// @notice Entries enrolled so far (see {IRosterBook-enrolPages}); approval needs all `entryCount`.
    uint32 enrolled;
    /// @notice Sum of the enrolled entries' amounts in fen; equals `total` once every page is enrolled.
    uint128 enrolledTotal;
    /**
     * @notice The unit whose balance of the fund pays the households: the village itself, or its township or county
     * where the county treasury pays villages' households (乡财县管, 县级报账制). Its preparers pay and record failures.
     */
    address payer;
    /// @notice When the village's approvers finished; a roster paid by another unit then awaits the payer's.
    uint64 villageApprovedAt;
    /// @notice Approvals the payer's approvers must give (its policy for `total`); 0 when the village pays.
    uint8 payerRequiredApprovals;
    address[] approvals;
    /// @notice The payer's approvers who approved, after the village's (none when the village pays).
    address[] payerApprovals;
}

/// @notice An objection filed during a roster's announcement window.
struct Objection {
    bytes32 documentHash;
    address filedBy;
    uint64 filedAt;
    /// @notice Filed by an inspector: dismissing it needs an inspector's concurrence.
    bool byInspector;
    ObjectionStatus status;
    /// @notice Time of the ruling (upheld or dismissed), or of the proposed dismissal.
    uint64 resolvedAt;
    /// @notice The village approver who upheld it or proposed its dismissal.
    address resolvedBy;
    /// @notice The inspector who concurred with the dismissal of an inspector's objection.
    address concurredBy;
    bytes32 resolutionHash;
}

/// @notice One page of a roster to enrol: its entries and their Merkle proof under the roster root.
struct PageEnrolment {
    /// @notice Page number; entries of page `p` have indices `p * 256 + slot`.
    uint256 page;
    /// @notice The page's entries exactly as committed: 40 bytes each (pseudonym, uint64 amount).
    bytes entries;
    /// @notice Merkle proof of the page leaf under the roster root.
    bytes32[] proof;
}

/// @notice One page of a roster to pay in a batch.
struct PagePayment {
    /// @notice Page number; entries of page `p` have indices `p * 256 + slot`.
    uint256 page;
    /// @notice Bit `slot` set: pay that entry (entries already paid are skipped).
    uint256 select;
    /// @notice The page's entries exactly as enrolled (their hash is checked against the enrolled page).
    bytes entries;
}

/// @notice Failed bank payments on one page of a roster.
struct PageFailedPayments {
    uint256 page;
    /// @notice The page's entries exactly as enrolled.
    bytes entries;
    /// @notice Slots (0-255) of the failed entries on this page.
    uint256[] slots;
    /// @notice Reason code of each failure (bank return code, hashed or packed).
    bytes32[] reasons;
}

/**
 * @title IRosterBook
 * @notice Beneficiary rosters and their payment: publication with a public
 * announcement window, objections, approval by the village's approvers, and
 * batch disbursement that pays only roster entries, at exactly their amounts,
 * each at most once; failed bank payments and a single re-issue.
 *
 * A roster is committed as the Merkle root (sorted pairs, OpenZeppelin
 * `StandardMerkleTree` compatible) of page leaves
 * `keccak256(bytes.concat(keccak256(abi.encode(uint256 page, bytes32 keccak256(entries)))))`,
 * where a page holds up to 256 entries of 40 bytes: the household's keyed
 * pseudonym (32 bytes) and its amount in fen (uint64, big-endian).
 */
interface IRosterBook {
    // ------------------------------------------------------------------ events

    /// @notice A village published a roster; its announcement window ends at `windowEndsAt`.
    event RosterPublished(
        uint256 indexed rosterId,
        uint256 indexed fund,
        address indexed village,
        bytes32 root,
        uint32 entryCount,
        uint128 total,
        bytes32 noticeHash,
        uint64 windowEndsAt,
        uint8 requiredApprovals,
        address publisher,
        address payer
    );

    /// @notice Pages of a roster were enrolled: `households` entries, `amount` fen; `enrolled` entries so far.
    event RosterPagesEnrolled(uint256 indexed rosterId, uint256 households, uint256 amount, uint256 enrolled);

    /// @notice An objection against a roster was filed.
    event ObjectionFiled(
        uint256 indexed rosterId,
        uint256 indexed objectionIndex,
        bytes32 documentHash,
        address filedBy
    );

    /// @notice An objection was resolved; an upheld objection rejects the roster.
    event ObjectionResolved(
        uint256 indexed rosterId,
        uint256 indexed objectionIndex,
        bool upheld,
        bytes32 resolutionHash,
        address resolvedBy
    );

    /// @notice `approver` proposed to dismiss an inspector's objection; it stays open until an inspector concurs.
    event ObjectionDismissalProposed(
        uint256 indexed rosterId,
        uint256 indexed objectionIndex,
        bytes32 resolutionHash,
        address approver
    );

    /// @notice `inspector` concurred with the proposed dismissal; {ObjectionResolved} follows.
    event ObjectionDismissalConcurred(uint256 indexed rosterId, uint256 indexed objectionIndex, address inspector);

    /// @notice `approver`, an approver of `unit` (the village, then the payer), approved a roster; `approvals` of
    /// `required` of that unit are in.
    event RosterApprovalRecorded(
        uint256 indexed rosterId,
        address indexed approver,
        uint256 approvals,
        uint256 required,
        address unit
    );

    /// @notice The village's approvers approved a roster paid by another unit: the payer's approvers approve next.
    event RosterVillageApproved(uint256 indexed rosterId, address indexed village, address indexed payer);

    /// @notice A roster reached its approvals: its households may be paid.
    event RosterApproved(uint256 indexed rosterId, uint256 indexed fund, address indexed village);

    /// @notice A roster was rejected because an objection against it was upheld.
    event RosterRejected(uint256 indexed rosterId, uint256 indexed objectionIndex);

    /// @notice The village withdrew a roster before approval.
    event RosterWithdrawn(uint256 indexed rosterId, address indexed by, bytes32 reasonHash);

    /**
     * @notice Household `household` was paid `amount` fen for entry `entry` of
     * the roster named by the {BatchDisbursed} event that follows in the same
     * transaction (which also carries the fund, the village and the bank reference).
     */
    event HouseholdPaid(bytes32 indexed household, uint256 entry, uint256 amount);

    /// @notice A failed payment to `household` was paid again; the {BatchReissued} event that follows names the roster.
    event PaymentReissued(bytes32 indexed household, uint256 entry, uint256 amount);

    /// @notice The bank reported the payment to `household` failed; `amount` fen went back to the roster's payer.
    event PaymentFailed(
        bytes32 indexed household,
        uint256 indexed rosterId,
        uint256 entry,
        uint256 amount,
        bytes32 reason
    );

    /**
     * @notice A batch paid `households` entries of a roster of `village`, `amount` fen in all, from the balance of
     * `payer`, under bank batch `bankBatchRef`.
     */
    event BatchDisbursed(
        uint256 indexed rosterId,
        uint256 indexed fund,
        address indexed village,
        address payer,
        bytes32 bankBatchRef,
        uint256 households,
        uint256 amount
    );

    /// @notice A batch re-issued `households` failed payments of a roster, from the balance of `payer`.
    event BatchReissued(
        uint256 indexed rosterId,
        uint256 indexed fund,
        address indexed village,
        address payer,
        bytes32 bankBatchRef,
        uint256 households,
        uint256 amount
    );

    /// @notice `households` payments of a roster, `amount` fen in all, were reported failed and went back to `payer`.
    event FailedPaymentsRecorded(
        uint256 indexed rosterId,
        uint256 indexed fund,
        address indexed village,
        address payer,
        uint256 households,
        uint256 amount
    );

    /// @notice The ledger was sealed in favour of a successor deployment: nothing in this roster book changes again.
    event RosterBookSealed();

    /// @notice The import from the sealed `predecessor` finished: this roster book holds its rosters and takes writes.
    event RostersImported(address indexed predecessor, uint256 rosters);

    // ------------------------------------------------------------------ errors

    /**
     * @notice The ledger was sealed in favour of a successor deployment: every write of this roster book reverts.
     * @dev Use the successor's roster book (`FundLedger.successor()`, then its `rosterBook()`): it holds every
     * roster of this one under the same id, with its paid, failed and re-issued entries.
     */
    error RosterSealed();

    /**
     * @notice This roster book is still importing the rosters of its sealed predecessor: nothing else can be done yet.
     * @dev Anyone finishes the import with `importStep` (`fundtrace migrate import`) until `importing()` is false.
     */
    error RosterImporting();

    /**
     * @notice The import cannot run: this roster book has no predecessor, has finished importing, or the
     * predecessor `predecessor` is not sealed yet.
     * @dev Wait until the council's `seal` proposal on the predecessor ledger is executed.
     */
    error RosterNotImporting(address predecessor);

    /**
     * @notice Only the ledger that created this roster book seals it; `account` is not that ledger.
     * @dev Seal the ledger (`FundLedger.seal`, by governance): it seals its roster book in the same call.
     */
    error RosterNotLedger(address account);

    /**
     * @notice Governance paused the deployment (`UnitRegistry.pause`): every write of the roster book reverts.
     * @dev Wait for the governance to resume it (`unpause`, a council proposal).
     */
    error RosterPaused();

    /**
     * @notice No roster has id `rosterId`: ids run from 1 to `rosterCount()`.
     * @dev Check the roster id.
     */
    error RosterUnknown(uint256 rosterId);

    /**
     * @notice The roster is in state `current`; the operation needs one of the states whose bit (`1 << uint8(state)`)
     * is set in `expectedStates`: e.g. approving during the window, or paying before approval.
     * @dev Wait for the window to close, resolve open objections, then approve; a rejected or withdrawn roster is
     * final: publish a new one.
     */
    error RosterUnexpectedState(uint256 rosterId, RosterState current, bytes32 expectedStates);

    /**
     * @notice `unit` is not a registered village: only villages publish rosters.
     * @dev Publish at the village's unit address.
     */
    error RosterNotVillage(address unit);

    /**
     * @notice `payer` may not pay the households of `village`: the payer is the village itself, its township or
     * its county.
     * @dev Name the village, or the township or county whose treasury pays its households.
     */
    error RosterInvalidPayer(address village, address payer);

    /**
     * @notice Fund `fund` is not active (unknown, its creation not approved yet, or cancelled): rosters are published
     * for active funds only.
     * @dev Check the fund id, or wait for the fund's creation to be approved.
     */
    error RosterFundNotActive(uint256 fund);

    /**
     * @notice A roster needs a non-zero root, at least one entry, a positive total and a notice hash; one of them is
     * zero.
     * @dev Build the commitment from the roster file (`buildRoster` in the SDK) and hash the posted notice.
     */
    error RosterInvalidCommitment(bytes32 root, uint256 entryCount, uint256 total, bytes32 noticeHash);

    /**
     * @notice An objection or its resolution came without the hash of its document.
     * @dev Pass the hash of the objection or of the ruling.
     */
    error RosterEmptyDocument();

    /**
     * @notice `account` may not file objections against rosters of `village`: only the village's officers and
     * inspectors file them (residents' objections are filed for them).
     * @dev File from an officer's or an inspector's account.
     */
    error RosterNotObjector(address village, address account);

    /**
     * @notice The roster has no objection `objectionIndex`: indices run from 0 to `objectionCount(rosterId) - 1`.
     * @dev Check the objection index.
     */
    error RosterUnknownObjection(uint256 rosterId, uint256 objectionIndex);

    /**
     * @notice Objection `objectionIndex` of the roster is resolved already: each objection is resolved once.
     * @dev Nothing to resolve; `objectionOf` shows the ruling.
     */
    error RosterObjectionAlreadyResolved(uint256 rosterId, uint256 objectionIndex);

    /**
     * @notice `account` filed this objection or published the roster it is against, and cannot rule on it: an
     * objection is resolved by someone independent of both sides.
     * @dev Another approver of the village resolves it.
     */
    error RosterResolverNotIndependent(uint256 rosterId, uint256 objectionIndex, address account);

    /**
     * @notice Objection `objectionIndex` was filed by an inspector and its dismissal is proposed already: only an
     * inspector's concurrence (or an approver upholding it) settles it now; or no dismissal is proposed to concur with.
     * @dev An inspector calls `concurDismissal`, or an approver upholds the objection.
     */
    error RosterDismissalPending(uint256 rosterId, uint256 objectionIndex, ObjectionStatus status);

    /**
     * @notice Page `page` of the roster is enrolled already: each page is enrolled once, and payments, failures and
     * re-issues always refer to those contents.
     * @dev Nothing to do for this page; `pageHashOf(rosterId, page)` holds the hash of its entries.
     */
    error RosterPageEnrolled(uint256 rosterId, uint256 page);

    /**
     * @notice Page `page` of the roster is not enrolled, or `entries` differ from the enrolled page: a payment,
     * failure or re-issue must carry exactly the entries enrolled for that page.
     * @dev Enrol the page first (`enrolPages`), or send the page exactly as in the roster record.
     */
    error RosterPageMismatch(uint256 rosterId, uint256 page);

    /**
     * @notice Entry `entry` of the roster has amount zero: every entry pays something, so that every payment record
     * belongs to a batch.
     * @dev Remove the household from the roster, or give its amount.
     */
    error RosterZeroAmount(uint256 rosterId, uint256 entry);

    /**
     * @notice Household `household` (entry `entry`) appears twice in this roster, or holds every place the fund's terms
     * allow on live (announced or approved) rosters, the last of them `otherRosterId`: a household is paid at most
     * once per fund, or as many times as its instalments.
     * @dev Remove the household from one of the rosters; a withdrawn or rejected roster frees its households.
     */
    error RosterHouseholdClaimed(uint256 rosterId, uint256 entry, bytes32 household, uint256 otherRosterId);

    /**
     * @notice Only `enrolled` of the roster's `entryCount` entries are enrolled: a roster is approved only once every
     * entry is on chain and checked.
     * @dev Enrol the remaining pages (`fundtrace roster enrol`), then approve.
     */
    error RosterNotEnrolled(uint256 rosterId, uint256 enrolled, uint256 entryCount);

    /**
     * @notice Every page is enrolled but the entries sum to `enrolledTotal`, not the published `total`: the
     * commitment was wrong.
     * @dev Withdraw the roster and publish it again from the same spreadsheet.
     */
    error RosterTotalMismatch(uint256 rosterId, uint256 total, uint256 enrolledTotal);

    /**
     * @notice `account` has an open objection against this roster already: each account keeps at most one open, so
     * that nobody can block a roster (or exhaust its counter) with a flood of objections.
     * @dev Put every ground into one objection document, or wait until the open one is resolved.
     */
    error RosterObjectionOpen(uint256 rosterId, address account);

    /**
     * @notice Maker-checker: `publisher` published this roster and can never approve it, even as an approver of the
     * village.
     * @dev Another approver of the village approves.
     */
    error RosterPublisherCannotApprove(uint256 rosterId, address publisher);

    /**
     * @notice `approver` approved this roster already: each approver counts once.
     * @dev Another approver of the village approves.
     */
    error RosterAlreadyApproved(uint256 rosterId, address approver);

    /**
     * @notice The entries of page `page` are `length` bytes: empty, not a whole number of 40-byte entries, or more
     * than 256 entries.
     * @dev Send each page's bytes exactly as cut from the published roster file.
     */
    error RosterMalformedPage(uint256 page, uint256 length);

    /**
     * @notice Page `page` with `entries` entries reaches past the roster's `entryCount` entries.
     * @dev Send only pages of the published roster, numbered from 0.
     */
    error RosterPageOutOfRange(uint256 rosterId, uint256 page, uint256 entries, uint256 entryCount);

    /**
     * @notice The page's entries and Merkle proof do not match the roster's committed root: the page bytes or the
     * proof differ from what was published.
     * @dev Pay from the exact roster file that was published.
     */
    error RosterInvalidProof(uint256 rosterId, uint256 page);

    /**
     * @notice Paying would take the roster's net payments to `wouldBe` fen, above its declared `total`: the published
     * entries add up to more than the total.
     * @dev Publish a corrected roster.
     */
    error RosterTotalExceeded(uint256 rosterId, uint256 total, uint256 wouldBe);

    /**
     * @notice Entry `entry` is `status`: only an entry paid or re-issued, and not reported failed since, can be
     * reported failed (also raised when a slot is listed twice).
     * @dev Report each failed bank payment once, after it was paid; `entryStatus` tells where an entry stands.
     */
    error RosterEntryNotPaid(uint256 rosterId, uint256 entry, EntryStatus status);

    /**
     * @notice `recordFailedPayments` named slot `slot` of page `page`, but the page's entries end before it: a slot
     * must be below the number of entries the page holds.
     * @dev Give each failure's position within its page, `entry % 256`, on the page that holds the entry.
     */
    error RosterInvalidSlot(uint256 rosterId, uint256 page, uint256 slot);

    /**
     * @notice A page's failures list `slots` slots but `reasons` reason codes: each failed slot needs one reason.
     * @dev Pass one reason code per slot, in the same order.
     */
    error RosterLengthMismatch(uint256 slots, uint256 reasons);

    /**
     * @notice The announcement period `period` given at deployment is below the legal minimum of 10 days for the
     * programmes served (`MIN_ANNOUNCEMENT_PERIOD`; see docs/contracts.md, "Rosters and public announcement").
     * @dev Deploy with the 10-day default (`ignition/modules/FundTrace.ts`) or a longer period.
     */
    error RosterAnnouncementTooShort(uint256 period);

    // ------------------------------------------------------------- rosters

    /**
     * @notice Publishes a roster of `village` for `fund`. Only a preparer of
     * the village. Opens the announcement window.
     * @param payer The unit whose balance pays the households: the village, or its township or county (see
     * {Roster-payer}); no unit below the payer needs a balance of the fund.
     * @param root Merkle root of the page leaves.
     * @param entryCount Number of entries.
     * @param total Sum of the entries' amounts in fen.
     * @param noticeHash Hash of the public notice posted in the village.
     */
    function publishRoster(
        uint256 fund,
        address village,
        address payer,
        bytes32 root,
        uint32 entryCount,
        uint128 total,
        bytes32 noticeHash
    ) external returns (uint256 rosterId);

    /**
     * @notice Enrols pages of a roster before its approval: checks each page
     * against the published root, records the hash of its entries (payments
     * must carry exactly those entries later), and claims each household for
     * the fund, so that no household is on two live rosters of one fund or
     * twice on one. Only a preparer of the village. Every page must be full
     * (256 entries) except the last.
     * @return households Entries enrolled by this call.
     */
    function enrolPages(uint256 rosterId, PageEnrolment[] calldata pages) external returns (uint256 households);

    /**
     * @notice Files an objection during the announcement window. Officers of
     * the village and inspectors may file (residents' objections are filed for
     * them), each at most one open objection per roster.
     */
    function fileObjection(uint256 rosterId, bytes32 documentHash) external returns (uint256 objectionIndex);

    /**
     * @notice Resolves an objection. Only an approver of the village who neither
     * filed it nor published the roster. An upheld objection rejects the roster
     * for good (publish a corrected one). Dismissing an inspector's objection
     * only proposes the dismissal: it takes effect when an inspector concurs.
     */
    function resolveObjection(uint256 rosterId, uint256 objectionIndex, bool upheld, bytes32 resolutionHash) external;

    /// @notice Concurs with the proposed dismissal of an inspector's objection. Only `INSPECTOR_ROLE`.
    function concurDismissal(uint256 rosterId, uint256 objectionIndex) external;

    /**
     * @notice Approves a roster after its window closed with no open objection.
     * Only an approver of the village other than the publisher, once each;
     * approvals of officers removed since then no longer count. A roster paid
     * by the village's township or county then needs its payer's approvers
     * too, by the payer's own policy, before it can be paid: money leaves a
     * unit only with that unit's approval.
     */
    function approveRoster(uint256 rosterId) external;

    /// @notice Withdraws a roster not yet approved. Only a preparer of the village.
    function withdrawRoster(uint256 rosterId, bytes32 reasonHash) external;

    // ---------------------------------------------------------- disbursement

    /**
     * @notice Pays the selected unpaid entries of `pages` of an approved roster.
     * Only a preparer of the roster's payer (the village, or its township or
     * county). Entries already paid are skipped, so a batch can be sent again
     * after an interruption: nobody is paid twice and the rest still goes through.
     * @param bankBatchRef The bank's reference of the payment batch.
     * @return households Entries paid by this call.
     * @return amount Fen paid by this call.
     */
    function disburse(
        uint256 rosterId,
        PagePayment[] calldata pages,
        bytes32 bankBatchRef
    ) external returns (uint256 households, uint256 amount);

    /**
     * @notice Records failed bank payments: each listed entry must be paid (or
     * re-issued) and not failed; its amount goes back to the payer's balance.
     * Only a preparer of the roster's payer.
     */
    function recordFailedPayments(
        uint256 rosterId,
        PageFailedPayments[] calldata pages
    ) external returns (uint256 households, uint256 amount);

    /**
     * @notice Pays again the selected failed entries of an approved roster
     * (once per entry). Only a preparer of the village.
     */
    function reissue(
        uint256 rosterId,
        PagePayment[] calldata pages,
        bytes32 bankBatchRef
    ) external returns (uint256 households, uint256 amount);

    // ------------------------------------------------------------- migration

    /// @notice Seals this roster book for good. Only its ledger, from `FundLedger.seal`.
    function seal() external;

    /**
     * @notice Copies up to `maxItems` records of the sealed predecessor's rosters into this roster book: each
     * roster under the same id with its approvals, its objections, and for every roster still announced or
     * approved each enrolled page's hash and paid, failed and re-issued bits; anyone may call it. A household
     * claimed by a live roster of the predecessor stays claimed here, so that no household can be paid again.
     * @return done Whether the import finished: the roster book then takes writes.
     */
    function importStep(uint256 maxItems) external returns (bool done);

    /// @notice The predecessor's roster book, whose rosters this one imports; zero for a first deployment.
    function predecessor() external view returns (address);

    /// @notice Whether the ledger was sealed in favour of a successor.
    function isSealed() external view returns (bool);

    /// @notice Whether the import from the predecessor is still under way.
    function importing() external view returns (bool);

    // ----------------------------------------------------------------- views

    /// @notice The fund ledger that holds the money.
    function ledger() external view returns (address);

    /// @notice The unit registry.
    function registry() external view returns (address);

    /// @notice Length of the announcement window, fixed per deployment.
    function announcementPeriod() external view returns (uint64);

    /// @notice The shortest announcement window the contract accepts: 10 days.
    function MIN_ANNOUNCEMENT_PERIOD() external view returns (uint64);

    /// @notice Number of rosters so far; ids run from 1 to this.
    function rosterCount() external view returns (uint256);

    /// @notice The roster with id `rosterId`.
    function rosterOf(uint256 rosterId) external view returns (Roster memory);

    /// @notice The derived state of a roster.
    function rosterState(uint256 rosterId) external view returns (RosterState);

    /// @notice Number of objections filed against a roster.
    function objectionCount(uint256 rosterId) external view returns (uint256);

    /// @notice Objection `objectionIndex` of a roster.
    function objectionOf(uint256 rosterId, uint256 objectionIndex) external view returns (Objection memory);

    /// @notice Payment state of entry `entry` of a roster.
    function entryStatus(uint256 rosterId, uint256 entry) external view returns (EntryStatus);

    /// @notice Whether entry `entry` of a roster is paid now (paid or re-issued, and not failed since).
    function isPaid(uint256 rosterId, uint256 entry) external view returns (bool);

    /// @notice The payment bitmaps of one page (bit `slot` per entry).
    function pageBits(
        uint256 rosterId,
        uint256 page
    ) external view returns (uint256 paid, uint256 failed, uint256 reissued, uint256 reissueFailed);

    /// @notice The Merkle leaf of a page, as the roster root commits to it.
    function pageLeaf(uint256 page, bytes calldata entries) external pure returns (bytes32);

    /// @notice `keccak256` of the enrolled entries of a roster page (zero while the page is not enrolled).
    function pageHashOf(uint256 rosterId, uint256 page) external view returns (bytes32);

    /**
     * @notice The live rosters (announced or approved) of `fund` holding `household`: one place per payment the
     * fund's terms allow ({FundTerms-instalments}), each the roster holding it or zero while free. A household can be
     * enrolled on one more roster of the fund while a place is zero.
     */
    function claimsOf(uint256 fund, bytes32 household) external view returns (uint256[] memory rosterIds);
}
