import type { Transaction } from '@ai-service/db';
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { bankConnectionAccounts, bankConnections, integrationSettings, syncRuns, type SyncProvider } from '../db/schema/sync.ts';

export type IntegrationSettingsRow = typeof integrationSettings.$inferSelect;
export type BankConnectionRow = typeof bankConnections.$inferSelect;
export type NewBankConnectionRow = typeof bankConnections.$inferInsert;
export type ConnectionAccountRow = typeof bankConnectionAccounts.$inferSelect;
export type NewConnectionAccountRow = typeof bankConnectionAccounts.$inferInsert;
export type SyncRunRow = typeof syncRuns.$inferSelect;
export type NewSyncRunRow = typeof syncRuns.$inferInsert;

export async function findIntegrationSettings(tx: Transaction, provider: SyncProvider): Promise<IntegrationSettingsRow | undefined> {
  const [row] = await tx.select().from(integrationSettings).where(eq(integrationSettings.provider, provider));
  return row;
}

export async function listIntegrationSettings(tx: Transaction): Promise<IntegrationSettingsRow[]> {
  return tx.select().from(integrationSettings).orderBy(asc(integrationSettings.provider));
}

export async function upsertIntegrationSettings(tx: Transaction, row: typeof integrationSettings.$inferInsert): Promise<IntegrationSettingsRow> {
  const { id: _id, tenantId: _tenantId, provider: _provider, ...changes } = row;
  const [saved] = await tx
    .insert(integrationSettings)
    .values(row)
    .onConflictDoUpdate({ target: [integrationSettings.tenantId, integrationSettings.provider], set: { ...changes, updatedAt: new Date() } })
    .returning();
  return saved!;
}

export async function insertConnection(tx: Transaction, row: NewBankConnectionRow): Promise<BankConnectionRow> {
  const [inserted] = await tx.insert(bankConnections).values(row).returning();
  return inserted!;
}

export async function findConnection(tx: Transaction, connectionId: string, { forUpdate = false } = {}): Promise<BankConnectionRow | undefined> {
  const query = tx.select().from(bankConnections).where(eq(bankConnections.id, connectionId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function listConnections(tx: Transaction): Promise<BankConnectionRow[]> {
  return tx.select().from(bankConnections).orderBy(desc(bankConnections.createdAt), desc(bankConnections.id));
}

export async function updateConnectionRow(tx: Transaction, connectionId: string, changes: Partial<NewBankConnectionRow>): Promise<BankConnectionRow> {
  const [row] = await tx.update(bankConnections).set(changes).where(eq(bankConnections.id, connectionId)).returning();
  return row!;
}

export async function deleteConnectionRow(tx: Transaction, connectionId: string): Promise<void> {
  await tx.delete(bankConnections).where(eq(bankConnections.id, connectionId));
}

export async function listConnectionAccounts(tx: Transaction, connectionIds: string[]): Promise<ConnectionAccountRow[]> {
  if (connectionIds.length === 0) return [];
  return tx
    .select()
    .from(bankConnectionAccounts)
    .where(inArray(bankConnectionAccounts.connectionId, connectionIds))
    .orderBy(asc(bankConnectionAccounts.createdAt), asc(bankConnectionAccounts.providerAccountId));
}

export async function listLinkedAccounts(tx: Transaction, connectionId: string): Promise<ConnectionAccountRow[]> {
  return tx
    .select()
    .from(bankConnectionAccounts)
    .where(and(eq(bankConnectionAccounts.connectionId, connectionId), isNotNull(bankConnectionAccounts.accountId)))
    .orderBy(asc(bankConnectionAccounts.createdAt));
}

export async function findConnectionAccount(tx: Transaction, connectionId: string, connectionAccountId: string): Promise<ConnectionAccountRow | undefined> {
  const [row] = await tx
    .select()
    .from(bankConnectionAccounts)
    .where(and(eq(bankConnectionAccounts.connectionId, connectionId), eq(bankConnectionAccounts.id, connectionAccountId)))
    .for('update');
  return row;
}

export async function findConnectionAccountFeeding(tx: Transaction, accountId: string): Promise<ConnectionAccountRow | undefined> {
  const [row] = await tx.select().from(bankConnectionAccounts).where(eq(bankConnectionAccounts.accountId, accountId));
  return row;
}

/** Inserts the accounts the provider lists, refreshing name, currency, IBAN and balances of known ones (links stay). */
export async function upsertConnectionAccounts(tx: Transaction, rows: NewConnectionAccountRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(bankConnectionAccounts)
    .values(rows)
    .onConflictDoUpdate({
      target: [bankConnectionAccounts.connectionId, bankConnectionAccounts.providerAccountId],
      set: {
        name: sql`excluded.name`,
        currency: sql`excluded.currency`,
        iban: sql`excluded.iban`,
        balances: sql`excluded.balances`,
        updatedAt: new Date(),
      },
    });
}

export async function updateConnectionAccountRow(tx: Transaction, id: string, changes: Partial<NewConnectionAccountRow>): Promise<ConnectionAccountRow> {
  const [row] = await tx.update(bankConnectionAccounts).set(changes).where(eq(bankConnectionAccounts.id, id)).returning();
  return row!;
}

export async function insertSyncRun(tx: Transaction, row: NewSyncRunRow): Promise<SyncRunRow> {
  const [inserted] = await tx.insert(syncRuns).values(row).returning();
  return inserted!;
}

export async function listSyncRunRows(tx: Transaction, connectionId: string, limit: number): Promise<SyncRunRow[]> {
  return tx.select().from(syncRuns).where(eq(syncRuns.connectionId, connectionId)).orderBy(desc(syncRuns.startedAt), desc(syncRuns.createdAt), desc(syncRuns.id)).limit(limit);
}

/**
 * Waits for the seed's sync lock `sync:<accountId>:<yyyymm>` for the rest of the transaction: a
 * Postgres advisory lock on the key's 64-bit hash, so two syncs of one account and month never
 * ingest at the same time (the second one then finds everything already there).
 */
export async function takeSyncLock(tx: Transaction, lockKey: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`);
}
