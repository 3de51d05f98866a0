import type { Transaction } from '@ai-service/db';
import { invoiceSettings } from '../db/schema/invoices.ts';

export type InvoiceSettingsRow = typeof invoiceSettings.$inferSelect;
export type NewInvoiceSettingsRow = typeof invoiceSettings.$inferInsert;

/** The tenant's settings (row-level security picks the tenant's one row). */
export async function findInvoiceSettings(tx: Transaction): Promise<InvoiceSettingsRow | undefined> {
  const [row] = await tx.select().from(invoiceSettings);
  return row;
}

export async function upsertInvoiceSettings(tx: Transaction, row: NewInvoiceSettingsRow): Promise<InvoiceSettingsRow> {
  const { tenantId: _tenantId, ...changes } = row;
  const [saved] = await tx.insert(invoiceSettings).values(row).onConflictDoUpdate({ target: invoiceSettings.tenantId, set: changes }).returning();
  return saved!;
}
