import { BankSyncError } from '../errors.ts';
import { isoCurrencyOrNull } from '../fields.ts';
import type { BankConnection, ProviderBalance } from '../types.ts';
import type { GoCardlessClient } from './client.ts';
import { goCardlessRows } from './normalize.ts';
import type { Balance, RequisitionStatus } from './schemas.ts';

export type ConnectionState = 'pending' | 'linked' | 'rejected' | 'expired';

/** Where a requisition stands for the user: still consenting, usable, refused, or lapsed. */
export function requisitionState(status: RequisitionStatus): ConnectionState {
  if (status === 'LN') return 'linked';
  if (status === 'RJ') return 'rejected';
  if (status === 'EX') return 'expired';
  return 'pending';
}

function balance(entry: Balance): ProviderBalance {
  return {
    type: entry.balanceType,
    amount: entry.balanceAmount.amount,
    currency: isoCurrencyOrNull(entry.balanceAmount.currency),
    date: entry.referenceDate ?? entry.lastChangeDateTime ?? null,
  };
}

/**
 * The accounts a linked requisition gives access to. Details, balances and transactions each count
 * against the bank's per-account daily allowance (often 4), so listing reads metadata and details
 * only and leaves balances to fetchBalances.
 */
export function goCardlessConnection(client: GoCardlessClient, requisitionId: string): BankConnection {
  return {
    provider: 'gocardless',
    async listAccounts() {
      const requisition = await client.requisition(requisitionId);
      const state = requisitionState(requisition.status);
      if (state === 'expired' || state === 'rejected') {
        throw new BankSyncError('access_expired', `gocardless: requisition ${requisitionId} is ${state}; connect the bank again`);
      }
      const accounts = [];
      for (const id of requisition.accounts) {
        const metadata = await client.account(id);
        const details = await client.accountDetails(id);
        accounts.push({
          id,
          name: details.name ?? details.displayName ?? details.product ?? metadata.name ?? null,
          currency: isoCurrencyOrNull(details.currency),
          iban: details.iban ?? metadata.iban ?? null,
          institution: metadata.institution_id ?? requisition.institution_id,
          status: metadata.status ?? null,
          balances: [],
        });
      }
      return accounts;
    },
    async fetchTransactions(accountId, range) {
      return { rows: goCardlessRows(await client.transactions(accountId, range)), warnings: [] };
    },
    async fetchBalances(accountId) {
      return (await client.balances(accountId)).map(balance);
    },
  };
}
