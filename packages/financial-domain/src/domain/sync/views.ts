import type { SyncProvider } from '../../db/schema/sync.ts';
import type { BankConnectionRow, ConnectionAccountRow, IntegrationSettingsRow, SyncRunRow } from '../../repositories/sync.ts';

/** Settings as the API shows them: whether credentials are set and a masked hint, never the secrets. */
export type IntegrationSettingsView = {
  provider: SyncProvider;
  environment: IntegrationSettingsRow['environment'];
  configured: boolean;
  secretHint: string | null;
  updatedAt: Date | null;
};

export const toSettingsView = (provider: SyncProvider, row: IntegrationSettingsRow | undefined): IntegrationSettingsView => ({
  provider,
  environment: row?.environment ?? 'sandbox',
  // SimpleFIN needs no credentials of the tenant: each connection brings its own setup token.
  configured: provider === 'simplefin' || Boolean(row?.secretsSealed),
  secretHint: row?.secretHint ?? null,
  updatedAt: row?.updatedAt ?? null,
});

export type ConnectionAccountView = {
  id: string;
  providerAccountId: string;
  name: string | null;
  currency: string | null;
  iban: string | null;
  balances: ConnectionAccountRow['balances'];
  accountId: string | null;
  lastSyncedOn: string | null;
};

export type ConnectionView = {
  id: string;
  provider: SyncProvider;
  environment: BankConnectionRow['environment'];
  status: BankConnectionRow['status'];
  institutionId: string | null;
  institutionName: string | null;
  consentLink: string | null;
  syncIntervalMinutes: number;
  lastSyncedAt: Date | null;
  lastError: string | null;
  accounts: ConnectionAccountView[];
  createdAt: Date;
  updatedAt: Date;
};

export const toConnectionAccountView = (row: ConnectionAccountRow): ConnectionAccountView => ({
  id: row.id,
  providerAccountId: row.providerAccountId,
  name: row.name,
  currency: row.currency,
  iban: row.iban,
  balances: row.balances,
  accountId: row.accountId,
  lastSyncedOn: row.lastSyncedOn,
});

export const toConnectionView = (row: BankConnectionRow, accounts: ConnectionAccountRow[]): ConnectionView => ({
  id: row.id,
  provider: row.provider,
  environment: row.environment,
  status: row.status,
  institutionId: row.institutionId,
  institutionName: row.institutionName,
  consentLink: row.status === 'pending' ? row.consentLink : null,
  syncIntervalMinutes: row.syncIntervalMinutes,
  lastSyncedAt: row.lastSyncedAt,
  lastError: row.lastError,
  accounts: accounts.filter((account) => account.connectionId === row.id).map(toConnectionAccountView),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export type SyncRunView = Omit<SyncRunRow, 'tenantId' | 'createdAt' | 'lockKey'>;

export const toSyncRunView = ({ tenantId: _tenantId, createdAt: _createdAt, lockKey: _lockKey, ...view }: SyncRunRow): SyncRunView => view;
