import { BankSyncError } from '../errors.ts';
import { decode, send, sharedFailure, type HttpOptions } from '../http/transport.ts';
import { parseAccessUrl } from './access-url.ts';
import { accountSetSchema, type AccountSet } from './schemas.ts';

const PROVIDER = 'simplefin';

export type AccountsQuery = {
  /** Only these accounts (protocol v2 `account`, repeatable). */
  accountIds?: string[];
  /** Unix seconds, inclusive. */
  startDate?: number;
  /** Unix seconds, exclusive. */
  endDate?: number;
  pending?: boolean;
  balancesOnly?: boolean;
};

export type SimpleFinClient = {
  accounts: (query?: AccountsQuery) => Promise<AccountSet>;
};

export function createSimpleFinClient(options: HttpOptions & { accessUrl: string }): SimpleFinClient {
  const { root, authorization } = parseAccessUrl(options.accessUrl, options);
  return {
    async accounts(query = {}) {
      const url = new URL('accounts', root);
      for (const id of query.accountIds ?? []) url.searchParams.append('account', id);
      if (query.startDate !== undefined) url.searchParams.set('start-date', String(query.startDate));
      if (query.endDate !== undefined) url.searchParams.set('end-date', String(query.endDate));
      if (query.pending) url.searchParams.set('pending', '1');
      if (query.balancesOnly) url.searchParams.set('balances-only', '1');
      const raw = await send(PROVIDER, url, { method: 'GET', headers: { accept: 'application/json', authorization } }, options);
      if (raw.status === 401 || raw.status === 403) {
        throw new BankSyncError('access_expired', 'simplefin: access was revoked or its credentials are wrong; connect with a new setup token');
      }
      if (raw.status === 402) throw new BankSyncError('payment_required', 'simplefin: the bridge subscription needs payment');
      const failure = sharedFailure(raw, PROVIDER, 'accounts', options);
      if (failure) throw failure;
      if (raw.status !== 200) throw new BankSyncError('rejected', `simplefin: accounts failed with HTTP ${raw.status}`);
      return decode(accountSetSchema, raw, PROVIDER, 'accounts');
    },
  };
}
