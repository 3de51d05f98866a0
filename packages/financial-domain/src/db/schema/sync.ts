import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, jsonb, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from './columns.ts';
import { financialSchema } from './core.ts';
import { accounts } from './ledger.ts';

export const SYNC_PROVIDERS = ['gocardless', 'simplefin'] as const;
export const SYNC_ENVIRONMENTS = ['sandbox', 'live'] as const;
/** pending: the user has not finished consenting; linked: syncable; rejected/expired: connect again; error: see last_error. */
export const CONNECTION_STATUSES = ['pending', 'linked', 'rejected', 'expired', 'error'] as const;
export const SYNC_TRIGGERS = ['schedule', 'manual'] as const;
/** rate_limited: the provider asked us to wait; the job comes back at `next_attempt_at`. */
export const SYNC_RUN_STATUSES = ['succeeded', 'failed', 'rate_limited'] as const;

export type SyncProvider = (typeof SYNC_PROVIDERS)[number];
export type SyncEnvironment = (typeof SYNC_ENVIRONMENTS)[number];
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

const oneOf = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);

/**
 * Per tenant and provider: the sandbox/live toggle and the provider credentials (GoCardless
 * secret id and key), sealed with AES-256-GCM under FINANCIAL_SECRETS_KEY (domain/sync/secrets.ts).
 * Only `secret_hint` (masked) is ever shown.
 */
export const integrationSettings = financialSchema
  .table(
    'integration_settings',
    {
      id: id(),
      tenantId: tenantId(),
      provider: text('provider', { enum: SYNC_PROVIDERS }).notNull(),
      environment: text('environment', { enum: SYNC_ENVIRONMENTS }).notNull().default('sandbox'),
      secretsSealed: text('secrets_sealed'),
      secretHint: text('secret_hint'),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      uniqueIndex('integration_settings_provider_unique').on(table.tenantId, table.provider),
      check('integration_settings_provider_check', oneOf('provider', SYNC_PROVIDERS)),
      check('integration_settings_environment_check', oneOf('environment', SYNC_ENVIRONMENTS)),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/**
 * One consent at a provider: a GoCardless requisition or a claimed SimpleFIN access URL (sealed,
 * it carries credentials). Synced every `sync_interval_minutes` by a job scheduler of its own.
 */
export const bankConnections = financialSchema
  .table(
    'bank_connections',
    {
      id: id(),
      tenantId: tenantId(),
      provider: text('provider', { enum: SYNC_PROVIDERS }).notNull(),
      environment: text('environment', { enum: SYNC_ENVIRONMENTS }).notNull(),
      status: text('status', { enum: CONNECTION_STATUSES }).notNull(),
      institutionId: text('institution_id'),
      institutionName: text('institution_name'),
      /** GoCardless requisition id. */
      requisitionId: text('requisition_id'),
      /** GoCardless: where the user gives consent at the bank. */
      consentLink: text('consent_link'),
      /** SimpleFIN access URL, sealed. */
      accessSealed: text('access_sealed'),
      syncIntervalMinutes: integer('sync_interval_minutes').notNull(),
      lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
      lastError: text('last_error'),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('bank_connections_tenant_id_id_unique').on(table.tenantId, table.id),
      index('bank_connections_tenant_idx').on(table.tenantId, table.createdAt),
      check('bank_connections_provider_check', oneOf('provider', SYNC_PROVIDERS)),
      check('bank_connections_environment_check', oneOf('environment', SYNC_ENVIRONMENTS)),
      check('bank_connections_status_check', oneOf('status', CONNECTION_STATUSES)),
      check('bank_connections_interval_check', sql`${table.syncIntervalMinutes} >= 15`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** An account the provider lists for a connection, and the local account it feeds (once linked). */
export const bankConnectionAccounts = financialSchema
  .table(
    'bank_connection_accounts',
    {
      id: id(),
      tenantId: tenantId(),
      connectionId: uuid('connection_id').notNull(),
      providerAccountId: text('provider_account_id').notNull(),
      name: text('name'),
      currency: text('currency'),
      iban: text('iban'),
      /** The provider's balances when last listed (SimpleFIN includes them; GoCardless on request). */
      balances: jsonb('balances').$type<Array<{ type: string; amount: string; currency: string | null; date: string | null }>>().notNull().default([]),
      accountId: uuid('account_id'),
      lastSyncedOn: date('last_synced_on', { mode: 'string' }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('bank_connection_accounts_tenant_id_id_unique').on(table.tenantId, table.id),
      uniqueIndex('bank_connection_accounts_provider_unique').on(table.connectionId, table.providerAccountId),
      // A local account is fed by one provider account at most: two would import everything twice.
      uniqueIndex('bank_connection_accounts_account_unique').on(table.accountId).where(sql`${table.accountId} is not null`),
      foreignKey({
        name: 'bank_connection_accounts_connection_fk',
        columns: [table.tenantId, table.connectionId],
        foreignColumns: [bankConnections.tenantId, bankConnections.id],
      }).onDelete('cascade'),
      foreignKey({ name: 'bank_connection_accounts_account_fk', columns: [table.tenantId, table.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** One sync of one linked account: what came, what was created, or why it failed and when it is tried again. */
export const syncRuns = financialSchema
  .table(
    'sync_runs',
    {
      id: id(),
      tenantId: tenantId(),
      connectionId: uuid('connection_id').notNull(),
      accountId: uuid('account_id'),
      trigger: text('trigger', { enum: SYNC_TRIGGERS }).notNull(),
      status: text('status', { enum: SYNC_RUN_STATUSES }).notNull(),
      /** The seed's lock, `sync:<accountId>:<yyyymm>`: the advisory lock the ingest ran under. */
      lockKey: text('lock_key'),
      dateFrom: date('date_from', { mode: 'string' }),
      dateTo: date('date_to', { mode: 'string' }),
      fetched: integer('fetched').notNull().default(0),
      created: integer('created').notNull().default(0),
      /** Pending transactions that came back booked. */
      booked: integer('booked').notNull().default(0),
      duplicates: integer('duplicates').notNull().default(0),
      warnings: jsonb('warnings').$type<string[]>().notNull().default([]),
      error: text('error'),
      nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
      startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
      finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
      createdAt: createdAt(),
    },
    (table) => [
      index('sync_runs_connection_idx').on(table.tenantId, table.connectionId, table.startedAt.desc()),
      foreignKey({ name: 'sync_runs_connection_fk', columns: [table.tenantId, table.connectionId], foreignColumns: [bankConnections.tenantId, bankConnections.id] }).onDelete(
        'cascade',
      ),
      check('sync_runs_trigger_check', oneOf('trigger', SYNC_TRIGGERS)),
      check('sync_runs_status_check', oneOf('status', SYNC_RUN_STATUSES)),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();
