import type { Transaction } from '@ai-service/db';
import { settings } from '../db/schema/reporting.ts';

export type SettingsRow = typeof settings.$inferSelect;

/** The tenant's settings row (RLS scopes the table to the tenant), if it ever changed one. */
export async function findSettings(tx: Transaction): Promise<SettingsRow | undefined> {
  const [row] = await tx.select().from(settings);
  return row;
}

export async function upsertSettings(tx: Transaction, row: { tenantId: string; baseCurrency: string }): Promise<SettingsRow> {
  const [saved] = await tx
    .insert(settings)
    .values(row)
    .onConflictDoUpdate({ target: settings.tenantId, set: { baseCurrency: row.baseCurrency, updatedAt: new Date() } })
    .returning();
  return saved!;
}
