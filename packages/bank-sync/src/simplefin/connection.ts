import { BankSyncError } from '../errors.ts';
import { addDays, dateOfEpochSeconds, epochSecondsOfDate, isoCurrencyOrNull } from '../fields.ts';
import type { BankConnection, DateRange, ProviderBalance, SyncedRow } from '../types.ts';
import type { SimpleFinClient } from './client.ts';
import { simpleFinRow } from './normalize.ts';
import type { AccountSet, SimpleFinAccount } from './schemas.ts';

/** SimpleFIN Bridge refuses longer date ranges in one request. */
export const SIMPLEFIN_MAX_WINDOW_DAYS = 60;

export type SimpleFinConnectionOptions = { clock?: () => Date; maxWindowDays?: number };

/** `errors` (v1) and `errlist` (v2) as plain one-line texts, control characters removed, deduplicated. */
function warningsOf(set: AccountSet): string[] {
  const texts = [...set.errors, ...set.errlist.map((error) => error.msg ?? error.message ?? error.code)];
  // eslint-disable-next-line no-control-regex -- the protocol asks apps to sanitize these user-facing texts
  return [...new Set(texts.map((text) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 500)).filter(Boolean))];
}

function balancesOf(account: SimpleFinAccount): ProviderBalance[] {
  const currency = isoCurrencyOrNull(account.currency);
  const date = dateOfEpochSeconds(account['balance-date']);
  const balances: ProviderBalance[] = [{ type: 'current', amount: account.balance, currency, date }];
  const available = account['available-balance'];
  if (available !== null && available !== undefined) balances.push({ type: 'available', amount: available, currency, date });
  return balances;
}

/** Inclusive date windows of at most `days` days covering the range. */
export function dateWindows(range: DateRange, days: number): DateRange[] {
  const windows: DateRange[] = [];
  for (let from = range.from; from <= range.to; from = addDays(from, days)) {
    const last = addDays(from, days - 1);
    windows.push({ from, to: last < range.to ? last : range.to });
  }
  return windows;
}

export function simpleFinConnection(client: SimpleFinClient, options: SimpleFinConnectionOptions = {}): BankConnection {
  const clock = options.clock ?? (() => new Date());
  const windowDays = options.maxWindowDays ?? SIMPLEFIN_MAX_WINDOW_DAYS;

  function accountIn(set: AccountSet, accountId: string): SimpleFinAccount {
    const account = set.accounts.find((candidate) => candidate.id === accountId);
    if (account) return account;
    const warnings = warningsOf(set);
    throw new BankSyncError('not_found', `simplefin: account ${accountId} is not in the answer${warnings.length > 0 ? ` (${warnings.join('; ')})` : ''}`);
  }

  return {
    provider: 'simplefin',
    async listAccounts() {
      const set = await client.accounts({ balancesOnly: true });
      const connectionNames = new Map(set.connections.map((connection) => [connection.conn_id, connection.name ?? null]));
      return set.accounts.map((account) => ({
        id: account.id,
        name: account.name,
        currency: isoCurrencyOrNull(account.currency),
        iban: null,
        institution: account.org?.name ?? account.org?.domain ?? account.conn_name ?? connectionNames.get(account.conn_id ?? '') ?? null,
        status: null,
        balances: balancesOf(account),
      }));
    },
    async fetchTransactions(accountId, range) {
      const today = clock().toISOString().slice(0, 10);
      // Windows can overlap at their edges on some servers: the last answer for an id wins.
      const byId = new Map<string, SyncedRow>();
      const warnings = new Set<string>();
      const windows = dateWindows(range, windowDays);
      for (const [index, window] of windows.entries()) {
        const set = await client.accounts({
          accountIds: [accountId],
          startDate: epochSecondsOfDate(window.from),
          endDate: epochSecondsOfDate(addDays(window.to, 1)),
          // Pending transactions are current ones: asked for once, with the latest window.
          pending: index === windows.length - 1,
        });
        for (const warning of warningsOf(set)) warnings.add(warning);
        const account = accountIn(set, accountId);
        const currency = isoCurrencyOrNull(account.currency);
        for (const transaction of account.transactions) {
          byId.delete(transaction.id);
          byId.set(transaction.id, simpleFinRow(transaction, currency, today, 0));
        }
      }
      const rows = [...byId.values()].map((row, index) => ({ ...row, line: index + 1 }));
      return { rows, warnings: [...warnings] };
    },
    async fetchBalances(accountId) {
      return balancesOf(accountIn(await client.accounts({ accountIds: [accountId], balancesOnly: true }), accountId));
    },
  };
}
