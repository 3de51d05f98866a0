import type { Transaction } from '@ai-service/db';
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { invoiceLines, invoiceNumberSeries, invoices, type InvoiceKind, type InvoiceStatus } from '../db/schema/invoices.ts';

export type InvoiceRow = typeof invoices.$inferSelect;
export type NewInvoiceRow = typeof invoices.$inferInsert;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;
export type NewInvoiceLineRow = typeof invoiceLines.$inferInsert;

export async function insertInvoice(tx: Transaction, row: NewInvoiceRow): Promise<InvoiceRow> {
  const [inserted] = await tx.insert(invoices).values(row).returning();
  return inserted!;
}

/**
 * One invoice or credit note of the context's tenant (row-level security). `forUpdate` locks the
 * row until the transaction ends: every status change (issue, void, payment) reads it that way, so
 * two of them on one invoice run one after the other and the second sees the first's result.
 */
export async function findInvoice(tx: Transaction, invoiceId: string, { forUpdate = false } = {}): Promise<InvoiceRow | undefined> {
  const query = tx.select().from(invoices).where(eq(invoices.id, invoiceId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findInvoiceLines(tx: Transaction, invoiceIds: readonly string[]): Promise<InvoiceLineRow[]> {
  if (invoiceIds.length === 0) return [];
  return tx
    .select()
    .from(invoiceLines)
    .where(inArray(invoiceLines.invoiceId, [...invoiceIds]))
    .orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position));
}

export async function updateInvoiceRow(tx: Transaction, invoiceId: string, changes: Partial<NewInvoiceRow>): Promise<InvoiceRow> {
  const [row] = await tx.update(invoices).set(changes).where(eq(invoices.id, invoiceId)).returning();
  return row!;
}

/** Replaces every line of a draft (lines are written as a whole, in their order). */
export async function replaceInvoiceLines(tx: Transaction, invoiceId: string, lines: readonly NewInvoiceLineRow[]): Promise<void> {
  await tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
  if (lines.length > 0) await tx.insert(invoiceLines).values([...lines]);
}

export async function deleteInvoiceRow(tx: Transaction, invoiceId: string): Promise<void> {
  await tx.delete(invoices).where(eq(invoices.id, invoiceId));
}

/** Whether any invoice or credit note bills the counterparty (it cannot be deleted then). */
export async function counterpartyHasInvoices(tx: Transaction, counterpartyId: string): Promise<boolean> {
  const [row] = await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.clientId, counterpartyId)).limit(1);
  return row !== undefined;
}

/**
 * The next number of a numbering series, taken in the caller's transaction. The upsert creates the
 * series at 1 or increments it; either way its row stays locked (as by FOR UPDATE) until the
 * transaction ends, so concurrent issues of one series queue here, and a rollback gives the number back.
 */
export async function takeSeriesNumber(tx: Transaction, tenantId: string, series: string): Promise<number> {
  const [row] = await tx
    .insert(invoiceNumberSeries)
    .values({ tenantId, series, lastNumber: 1 })
    .onConflictDoUpdate({ target: [invoiceNumberSeries.tenantId, invoiceNumberSeries.series], set: { lastNumber: sql`${invoiceNumberSeries.lastNumber} + 1` } })
    .returning({ lastNumber: invoiceNumberSeries.lastNumber });
  return row!.lastNumber;
}

export type InvoiceFilter = {
  status?: InvoiceStatus | undefined;
  kind?: InvoiceKind | undefined;
  clientId?: string | undefined;
  /** Issue dates, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
};

/** A keyset position in the newest-first list. */
export type InvoiceCursor = readonly [issueDate: string, id: string];

export async function listInvoicePage(
  tx: Transaction,
  filter: InvoiceFilter,
  limit: number,
  after: InvoiceCursor | undefined,
): Promise<{ rows: InvoiceRow[]; more: boolean }> {
  const conditions: (SQL | undefined)[] = [
    filter.status ? eq(invoices.status, filter.status) : undefined,
    filter.kind ? eq(invoices.kind, filter.kind) : undefined,
    filter.clientId ? eq(invoices.clientId, filter.clientId) : undefined,
    filter.from ? gte(invoices.issueDate, filter.from) : undefined,
    filter.to ? lte(invoices.issueDate, filter.to) : undefined,
    after ? sql`(${invoices.issueDate}, ${invoices.id}) < (${after[0]}::date, ${after[1]}::uuid)` : undefined,
  ];
  const rows = await tx
    .select()
    .from(invoices)
    .where(and(...conditions))
    .orderBy(desc(invoices.issueDate), desc(invoices.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/**
 * Open invoices: issued (not paid, not void) invoices, not credit notes, oldest due first; with
 * `currency`, only those in it. What payment matching and the receivables report read.
 */
export async function listOpenInvoices(tx: Transaction, { currency }: { currency?: string | undefined } = {}): Promise<InvoiceRow[]> {
  return tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.status, 'issued'), eq(invoices.kind, 'invoice'), currency ? eq(invoices.currency, currency) : undefined))
    .orderBy(asc(invoices.dueDate), asc(invoices.id));
}
