import type { Transaction } from '@ai-service/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import { invoiceTemplateRuns, invoiceTemplates } from '../db/schema/recurring.ts';

export type TemplateRow = typeof invoiceTemplates.$inferSelect;
export type NewTemplateRow = typeof invoiceTemplates.$inferInsert;
export type TemplateRunRow = typeof invoiceTemplateRuns.$inferSelect;

export async function insertTemplate(tx: Transaction, row: NewTemplateRow): Promise<TemplateRow> {
  const [inserted] = await tx.insert(invoiceTemplates).values(row).returning();
  return inserted!;
}

/** One template of the tenant; `forUpdate` locks it, so runs of one template (job, button) happen one after the other. */
export async function findTemplate(tx: Transaction, templateId: string, { forUpdate = false } = {}): Promise<TemplateRow | undefined> {
  const query = tx.select().from(invoiceTemplates).where(eq(invoiceTemplates.id, templateId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function listTemplateRows(tx: Transaction, { clientId }: { clientId?: string | undefined }): Promise<TemplateRow[]> {
  return tx
    .select()
    .from(invoiceTemplates)
    .where(clientId ? eq(invoiceTemplates.clientId, clientId) : undefined)
    .orderBy(sql`lower(${invoiceTemplates.name})`, asc(invoiceTemplates.id));
}

export async function updateTemplateRow(tx: Transaction, templateId: string, changes: Partial<NewTemplateRow>): Promise<TemplateRow> {
  const [row] = await tx.update(invoiceTemplates).set(changes).where(eq(invoiceTemplates.id, templateId)).returning();
  return row!;
}

export async function deleteTemplateRow(tx: Transaction, templateId: string): Promise<void> {
  await tx.delete(invoiceTemplates).where(eq(invoiceTemplates.id, templateId));
}

/** Records the invoice of a run; the (template, period) unique key refuses a second invoice for the same period. */
export async function insertTemplateRun(tx: Transaction, run: typeof invoiceTemplateRuns.$inferInsert): Promise<void> {
  await tx.insert(invoiceTemplateRuns).values(run);
}

/** The invoices a template made, latest first. */
export async function listTemplateRuns(tx: Transaction, templateId: string): Promise<TemplateRunRow[]> {
  return tx.select().from(invoiceTemplateRuns).where(and(eq(invoiceTemplateRuns.templateId, templateId))).orderBy(sql`${invoiceTemplateRuns.period} desc`);
}
