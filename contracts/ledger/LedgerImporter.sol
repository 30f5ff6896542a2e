// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";

import {Account, Freeze, Fund, FundStatus, FundTerms, IFundLedger, RecordKind} from "../interfaces/IFundLedger.sol";
import {IUnitRegistry, Level} from "../interfaces/IUnitRegistry.sol";
import {DivisionCode} from "../libraries/DivisionCode.sol";
import {LedgerState} from "./LedgerState.sol";

/**
 * @title LedgerImporter
 * @notice How a fixed deployment takes over from a sealed one: the new ledger
 * is built with the old one as its predecessor, the council seals the old one
 * in its favour (a public proposal with its delay and guardians' veto), and
 * anyone then runs `importStep` until the new ledger holds exactly what the
 * old one's views return. See {IFundLedger-importStep}.
 * @dev Runs only by delegatecall from the {FundLedger} that created it, on
 * that ledger's storage (both start from {LedgerState}); it is a separate
 * contract only to keep the ledger's code under the EIP-170 limit. The import
 * walks, in order: every freeze (in force or lifted, same ids), every finding,
 * every fund (same ids; one still proposed is cancelled, as its proposal is
 * not carried over), then each registered unit's account of each fund. Each
 * imported holding is announced as an ERC-1155 mint, so that an explorer shows
 * the same holdings as the old token. The caller chooses only how many records
 * a call copies.
 */
contract LedgerImporter is LedgerState {
    uint8 private constant FREEZES = 0;
    uint8 private constant FINDINGS = 1;
    uint8 private constant FUNDS = 2;
    uint8 private constant ACCOUNTS = 3;

    /// @dev Built by the ledger's constructor with the ledger's own registry and predecessor.
    constructor(
        IUnitRegistry unitRegistry,
        IFundLedger predecessorLedger
    ) LedgerState(unitRegistry, predecessorLedger) {}

    /**
     * @dev See {IFundLedger-importStep}. Called directly rather than through the ledger it reverts: the predecessor
     * is sealed in favour of the ledger, never of this contract, which `seal` would refuse as a successor.
     */
    function importStep(uint256 maxItems) external returns (bool done) {
        IFundLedger old = _predecessor;
        if (!_importing || old.successor() != address(this)) {
            revert IFundLedger.LedgerNotImporting(address(old));
        }
        ImportCursor memory c = _cursor;
        for (uint256 n = 0; n < maxItems; ++n) {
            if (c.stage == FREEZES) {
                if (c.next == old.freezeCount()) (c.stage, c.next) = (FINDINGS, 0);
                else _importFreeze(old.freezeOf(++c.next));
            } else if (c.stage == FINDINGS) {
                if (c.next == old.findingCount()) (c.stage, c.next) = (FUNDS, 0);
                else _findings.push(old.findingOf(++c.next));
            } else if (c.stage == FUNDS) {
                if (c.next == old.fundCount()) (c.stage, c.next, c.fund) = (ACCOUNTS, 0, 1);
                else _importFund(old, ++c.next);
            } else if (c.fund > _fundCount) {
                break;
            } else if (c.next == _registry.unitCount()) {
                (c.next, c.fund) = (0, c.fund + 1);
            } else {
                _importAccount(old, c.fund, _registry.unitAt(c.next++));
            }
        }
        _cursor = c;
        done = c.stage == ACCOUNTS && c.fund > _fundCount;
        if (done) {
            _importing = false;
            _proposalCount = old.proposalCount();
            emit IFundLedger.LedgerImported(address(old), _fundCount, _freezes.length, _findings.length);
        }
    }

    /// @dev Copies a freeze under the same id; one in force freezes here too, and its case stays unique.
    function _importFreeze(Freeze memory f) private {
        _freezes.push(f);
        if (f.liftedAt != 0) return;
        _caseInForce[_caseKey(f.kind, f.target, f.office, f.documentHash)] = _freezes.length;
        if (f.kind == RecordKind.Unit) ++_unitFreezes[address(uint160(f.target))];
        else ++_fundFreezes[f.target];
    }

    /// @dev Copies fund `id`; a fund still awaiting its creation approval is cancelled, as its proposal is not kept.
    function _importFund(IFundLedger old, uint256 id) private {
        Fund memory fund = old.fundOf(id);
        if (fund.status == FundStatus.Proposed) {
            fund.status = FundStatus.Cancelled;
            emit IFundLedger.FundCancelled(id, 0);
        }
        _funds[id] = fund;
        FundTerms memory terms = fund.terms;
        // As on the predecessor, a key names the last fund proposed with it (ids rise).
        _fundByKey[keccak256(abi.encode(terms.unit, terms.documentNumber, terms.classification))] = id;
        _fundsWithDocument[keccak256(bytes(terms.documentNumber))].push(id);
        _fundCount = id;
    }

    /// @dev Copies `unit`'s account of `fund` (and a village's households') and announces the holdings as mints.
    function _importAccount(IFundLedger old, uint256 fund, address unit) private {
        _copyAccount(old, fund, unit);
        // Whoever paid them (the village, its township or county), a village's households hold what they were paid.
        if (_registry.unitOf(unit).level == Level.Village) {
            _copyAccount(old, fund, DivisionCode.householdsAddress(unit));
        }
    }

    function _copyAccount(IFundLedger old, uint256 fund, address holder) private {
        Account memory account = old.accountOf(fund, holder);
        if (account.lastMovementAt == 0 && account.balance == 0) return;
        _accounts[fund][holder] = account;
        if (account.balance != 0) emit IERC1155.TransferSingle(msg.sender, address(0), holder, fund, account.balance);
    }
}
