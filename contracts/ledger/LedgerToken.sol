// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";
import {ERC165, IERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";

import {FundStatus, IFundLedger} from "../interfaces/IFundLedger.sol";
import {LedgerStorage} from "./LedgerStorage.sol";

/**
 * @title LedgerToken
 * @notice The fund ledger seen as an ERC-1155 token: token id = fund id, each
 * unit's address holds its balance, a village's households address holds what
 * its households were paid (by the village, its township or its county) net of
 * failed payments. Read side only: holders can neither transfer nor
 * approve. See {IFundLedger}.
 * @dev Balances change only in {FundLedger-_move}, which emits the standard
 * `TransferSingle` for every change (kept there: a helper call would cost gas
 * on every movement).
 */
abstract contract LedgerToken is LedgerStorage, ERC165 {
    /// @inheritdoc IFundLedger
    function name() external pure returns (string memory) {
        return "FundTrace fund ledger";
    }

    /// @inheritdoc IFundLedger
    function symbol() external pure returns (string memory) {
        return "FUND";
    }

    /// @inheritdoc IFundLedger
    function totalSupply(uint256 fund) external view returns (uint256) {
        return _funds[fund].status == FundStatus.Active ? _funds[fund].terms.amount : 0;
    }

    /**
     * @inheritdoc IERC1155
     * @dev A unit's balance of the fund; for a village's households address,
     * what its households were paid net of failed payments.
     */
    function balanceOf(address account, uint256 id) public view returns (uint256) {
        return _accounts[id][account].balance;
    }

    /// @inheritdoc IERC1155
    function balanceOfBatch(
        address[] calldata accounts,
        uint256[] calldata ids
    ) external view returns (uint256[] memory balances) {
        if (accounts.length != ids.length) revert LedgerArrayLengthMismatch(accounts.length, ids.length);
        balances = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; ++i) {
            balances[i] = balanceOf(accounts[i], ids[i]);
        }
    }

    /// @inheritdoc IERC1155
    /// @dev Always reverts: only the ledger's rules move money.
    function setApprovalForAll(address, bool) external pure {
        revert LedgerTransfersDisabled();
    }

    /// @inheritdoc IERC1155
    /// @dev Always false: nobody may move another holder's balance.
    function isApprovedForAll(address, address) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc IERC1155
    /// @dev Always reverts: only the ledger's rules move money.
    function safeTransferFrom(address, address, uint256, uint256, bytes calldata) external pure {
        revert LedgerTransfersDisabled();
    }

    /// @inheritdoc IERC1155
    /// @dev Always reverts: only the ledger's rules move money.
    function safeBatchTransferFrom(
        address,
        address,
        uint256[] calldata,
        uint256[] calldata,
        bytes calldata
    ) external pure {
        revert LedgerTransfersDisabled();
    }

    /// @inheritdoc IERC1155MetadataURI
    /// @dev Empty: fund metadata lives on chain, see {fundOf}.
    function uri(uint256) external pure returns (string memory) {
        return "";
    }

    /// @inheritdoc ERC165
    function supportsInterface(bytes4 interfaceId) public view override(ERC165, IERC165) returns (bool) {
        return
            interfaceId == type(IERC1155).interfaceId ||
            interfaceId == type(IERC1155MetadataURI).interfaceId ||
            super.supportsInterface(interfaceId);
    }
}
