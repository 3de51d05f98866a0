import { addDaysToDate, isBankSyncError, type BankConnection, type SyncedRow } from '@ai-service/bank-sync';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { inTransaction, withTenantTx } from '../../context.ts';
import type { SyncProvider, SyncTrigger } from '../../db/schema/sync.ts';
import { FinancialError, isFinancialError, notFound } from '../../errors.ts';
import {
  findConnection,
  insertSyncRun,
  listLinkedAccounts,
  takeSyncLock,
  updateConnectionAccountRow,
  updateConnectionRow,
  type ConnectionAccountRow,
} from '../../repositories/sync.ts';
import { ingestTransactions } from '../ingest/ingestTransactions.ts';
import type { SyncContext } from './context.ts';
import { fromProviderError } from './provider-errors.ts';
import { providerConnection } from './providers.ts';
import { scheduleIfLinked } from './schedule.ts';

/** A first sync reads this far back (GoCardless agreements grant 90 days). */
export const INITIAL_LOOKBACK_DAYS = 90;
/** Later syncs start this long before the last one: late bookings and pending ones settle. */
export const OVERLAP_DAYS = 14;

export type AccountSyncOutcome = {
  accountId: string;
  runId: string;
  fetched: number;
  created: number;
  /** Pending transactions that came back booked. */
  booked: number;
  duplicates: number;
};

export type SyncOutcome = { connectionId: string; provider: SyncProvider; accounts: AccountSyncOutcome[] };

const today = (ctx: SyncContext) => ctx.clock().toISOString().slice(0, 10);

/** The seed's lock: one account, one month (the month the sync reads up to). */
export const syncLockKey = (accountId: string, date: string) => `sync:${accountId}:${date.slice(0, 4)}${date.slice(5, 7)}`;

async function recordFailure(ctx: SyncContext, connectionId: string, link: ConnectionAccountRow, trigger: SyncTrigger, startedAt: Date, error: FinancialError): Promise<void> {
  const retryAfterSeconds = error.code === 'rate_limited' ? Number(error.details?.['retryAfterSeconds'] ?? 60) : undefined;
  const now = ctx.clock();
  await withTenantTx(ctx, async (tx) => {
    await insertSyncRun(tx, {
      id: randomUUID(),
      tenantId: ctx.tenantId,
      connectionId,
      accountId: link.accountId,
      trigger,
      status: error.code === 'rate_limited' ? 'rate_limited' : 'failed',
      error: error.message,
      nextAttemptAt: retryAfterSeconds === undefined ? null : new Date(now.getTime() + retryAfterSeconds * 1000),
      startedAt,
      finishedAt: now,
    });
    const expired = error.details?.['providerCode'] === 'access_expired';
    await updateConnectionRow(tx, connectionId, { lastError: error.message, ...(expired ? { status: 'expired' } : {}) });
  });
}

async function syncAccount(ctx: SyncContext, connectionId: string, provider: BankConnection, link: ConnectionAccountRow, trigger: SyncTrigger): Promise<AccountSyncOutcome> {
  const accountId = link.accountId!;
  const to = today(ctx);
  const from = link.lastSyncedOn ? addDaysToDate(link.lastSyncedOn, -OVERLAP_DAYS) : addDaysToDate(to, -INITIAL_LOOKBACK_DAYS);
  const startedAt = ctx.clock();
  let rows: SyncedRow[];
  let warnings: string[];
  try {
    ({ rows, warnings } = await provider.fetchTransactions(link.providerAccountId, { from, to }));
  } catch (error) {
    if (!isBankSyncError(error)) throw error;
    const failure = fromProviderError(error);
    await recordFailure(ctx, connectionId, link, trigger, startedAt, failure);
    throw failure;
  }
  const lockKey = syncLockKey(accountId, to);
  try {
    return await ingestUnderLock(ctx, { connectionId, link, accountId, trigger, lockKey, from, to, startedAt, rows, warnings, source: provider.provider });
  } catch (error) {
    // Rows the account cannot take (another currency, an amount its currency cannot hold): the run says why.
    if (isFinancialError(error, 'invalid_input')) await recordFailure(ctx, connectionId, link, trigger, startedAt, error);
    throw error;
  }
}

type IngestPlan = {
  connectionId: string;
  link: ConnectionAccountRow;
  accountId: string;
  trigger: SyncTrigger;
  lockKey: string;
  from: string;
  to: string;
  startedAt: Date;
  rows: SyncedRow[];
  warnings: string[];
  source: SyncProvider;
};

async function ingestUnderLock(ctx: SyncContext, { connectionId, link, accountId, trigger, lockKey, from, to, startedAt, rows, warnings, source }: IngestPlan): Promise<AccountSyncOutcome> {
  return withTenantTx(ctx, async (tx) => {
    await takeSyncLock(tx, lockKey);
    const ingested = await ingestTransactions({ ctx: inTransaction(ctx, tx), input: { accountId, source, rows } });
    const result = { created: ingested.createdIds.length, booked: ingested.bookedIds.length, duplicates: ingested.duplicates };
    const runId = randomUUID();
    await insertSyncRun(tx, {
      id: runId,
      tenantId: ctx.tenantId,
      connectionId,
      accountId,
      trigger,
      status: 'succeeded',
      lockKey,
      dateFrom: from,
      dateTo: to,
      fetched: rows.length,
      created: result.created,
      booked: result.booked,
      duplicates: result.duplicates,
      warnings,
      startedAt,
      finishedAt: ctx.clock(),
    });
    await updateConnectionAccountRow(tx, link.id, { lastSyncedOn: to });
    await audit(tx, ctx, {
      type: 'BankAccountSynced',
      aggregateType: 'account',
      aggregateId: accountId,
      payload: { connectionId, runId, from, to, fetched: rows.length, created: result.created, booked: result.booked, duplicates: result.duplicates },
    });
    return { accountId, runId, fetched: rows.length, ...result };
  });
}

/**
 * The syncBank job: each linked account of the connection in turn, from a little before its last
 * sync (or INITIAL_LOOKBACK_DAYS back) to today. Fetching happens outside any database transaction;
 * the ingest, the run record and the audit row commit together under the account's sync lock, so a
 * repeated or concurrent run creates nothing twice. A provider failure is recorded as a run (a 429
 * with its next attempt) and stops the job with a rate_limited or provider_error.
 */
export async function syncBankConnection({ ctx, input }: { ctx: SyncContext; input: { connectionId: string; trigger: SyncTrigger } }): Promise<SyncOutcome> {
  const { connection, links, provider } = await withTenantTx(ctx, async (tx) => {
    const row = await findConnection(tx, input.connectionId);
    if (!row) throw notFound('bank connection', input.connectionId);
    if (row.status !== 'linked') return { connection: row, links: [], provider: undefined };
    return { connection: row, links: await listLinkedAccounts(tx, row.id), provider: await providerConnection(ctx, tx, row) };
  });
  if (!provider) {
    // A schedule left behind by a connection that lapsed: stop it rather than fail every interval.
    await scheduleIfLinked(ctx, connection);
    throw new FinancialError('conflict', `Bank connection ${connection.id} is ${connection.status}; connect again to sync it.`);
  }
  const accounts: AccountSyncOutcome[] = [];
  for (const link of links) accounts.push(await syncAccount(ctx, connection.id, provider, link, input.trigger));
  await withTenantTx(ctx, (tx) => updateConnectionRow(tx, connection.id, { lastSyncedAt: ctx.clock(), lastError: null }));
  return { connectionId: connection.id, provider: connection.provider, accounts };
}
