import type { Transaction } from '@ai-service/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { invoices } from '../db/schema/invoices.ts';
import { counterparties, transactions } from '../db/schema/ledger.ts';
import { invoicePayments, paymentSuggestions, type PaymentMatchKind, type SuggestionReason, type SuggestionStatus } from '../db/schema/payments.ts';
import type { IncomingPayment, OpenInvoice } from '../domain/payments/planMatches.ts';
import { sqlArray as array } from './sqlArray.ts';

export type PaymentRow = typeof invoicePayments.$inferSelect;
export type SuggestionRow = typeof paymentSuggestions.$inferSelect;

/**
 * The tenant's open invoices in `currency` with what each still owes (after its credit notes and
 * payments; one credited in full is left out) and its client, as matching reads them: one
 * statement, so a tenant without open invoices pays one cheap query per batch.
 */
export async function loadOpenInvoices(tx: Transaction, currency: string): Promise<OpenInvoice[]> {
  const result = await tx.execute<OpenInvoice>(sql`
    select i.id, i.number, i.currency, i.total::text as total, (i.total - i.amount_credited - i.amount_paid)::text as remaining,
           i.client_id as "clientId", c.name as "clientName", c.iban as "clientIban"
      from ${invoices} i join ${counterparties} c on c.tenant_id = i.tenant_id and c.id = i.client_id
     where i.status = 'issued' and i.kind = 'invoice' and i.currency = ${currency} and i.number is not null
       and i.total - i.amount_credited - i.amount_paid > 0
     order by i.due_date, i.id`);
  return result.rows;
}

/** Live stored transactions as matching reads them. */
export async function loadIncomingPayments(tx: Transaction, ids: readonly string[]): Promise<IncomingPayment[]> {
  if (ids.length === 0) return [];
  return tx
    .select({
      id: transactions.id,
      amount: transactions.amount,
      currency: transactions.currency,
      description: transactions.description,
      notes: transactions.notes,
      counterpartyName: transactions.counterpartyName,
      counterpartyId: transactions.counterpartyId,
    })
    .from(transactions)
    .where(and(inArray(transactions.id, [...ids]), isNull(transactions.deletedAt)));
}

/** The transactions among `ids` that already pay some invoice (a transaction's amount is used once). */
export async function transactionsWithPayments(tx: Transaction, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await tx.execute<{ id: string }>(sql`
    select distinct transaction_id as id from ${invoicePayments} where transaction_id = any(${array(ids, 'uuid')})`);
  return new Set(result.rows.map((row) => row.id));
}

/** What a transaction has paid so far, over all invoices. */
export async function amountUsedByTransaction(tx: Transaction, transactionId: string): Promise<string> {
  const result = await tx.execute<{ used: string }>(sql`select coalesce(sum(amount), 0)::text as used from ${invoicePayments} where transaction_id = ${transactionId}`);
  return result.rows[0]!.used;
}

export type NewPayment = { id: string; tenantId: string; invoiceId: string; transactionId: string; amount: string; matchedBy: PaymentMatchKind; createdBy: string | null };

/** Inserts the payment unless the pair is already recorded; returns it when inserted. */
export async function insertPayment(tx: Transaction, payment: NewPayment): Promise<PaymentRow | undefined> {
  const [row] = await tx.insert(invoicePayments).values(payment).onConflictDoNothing({ target: [invoicePayments.invoiceId, invoicePayments.transactionId] }).returning();
  return row;
}

export async function findPayment(tx: Transaction, paymentId: string): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(invoicePayments).where(eq(invoicePayments.id, paymentId));
  return row;
}

export async function listInvoicePayments(tx: Transaction, invoiceId: string): Promise<PaymentRow[]> {
  return tx.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, invoiceId)).orderBy(asc(invoicePayments.createdAt), asc(invoicePayments.id));
}

/** A transaction's payments, oldest first. */
export async function paymentsOfTransaction(tx: Transaction, transactionId: string): Promise<PaymentRow[]> {
  return tx.select().from(invoicePayments).where(eq(invoicePayments.transactionId, transactionId)).orderBy(asc(invoicePayments.createdAt), asc(invoicePayments.id));
}

export async function updatePaymentAmount(tx: Transaction, paymentId: string, amount: string): Promise<PaymentRow> {
  const [row] = await tx.update(invoicePayments).set({ amount }).where(eq(invoicePayments.id, paymentId)).returning();
  return row!;
}

export async function deletePaymentRow(tx: Transaction, paymentId: string): Promise<void> {
  await tx.delete(invoicePayments).where(eq(invoicePayments.id, paymentId));
}

export type NewSuggestion = { id: string; tenantId: string; invoiceId: string; transactionId: string; amount: string; reason: SuggestionReason; createdAt: Date };

/** Stores suggestions, skipping pairs already suggested (open, accepted or dismissed: a dismissal sticks). Returns how many are new. */
export async function insertSuggestions(tx: Transaction, rows: readonly NewSuggestion[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await tx
    .insert(paymentSuggestions)
    .values([...rows])
    .onConflictDoNothing({ target: [paymentSuggestions.invoiceId, paymentSuggestions.transactionId] })
    .returning({ id: paymentSuggestions.id });
  return inserted.length;
}

export async function findSuggestion(tx: Transaction, suggestionId: string, { forUpdate = false } = {}): Promise<SuggestionRow | undefined> {
  const query = tx.select().from(paymentSuggestions).where(eq(paymentSuggestions.id, suggestionId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function resolveSuggestion(tx: Transaction, suggestionId: string, status: Exclude<SuggestionStatus, 'open'>, at: Date, by: string | null): Promise<SuggestionRow> {
  const [row] = await tx.update(paymentSuggestions).set({ status, resolvedAt: at, resolvedBy: by }).where(eq(paymentSuggestions.id, suggestionId)).returning();
  return row!;
}

/** Marks the open suggestion of the pair, if any, accepted (a person recorded that very payment). */
export async function acceptSuggestionOfPair(tx: Transaction, invoiceId: string, transactionId: string, at: Date, by: string | null): Promise<void> {
  await tx
    .update(paymentSuggestions)
    .set({ status: 'accepted', resolvedAt: at, resolvedBy: by })
    .where(and(eq(paymentSuggestions.invoiceId, invoiceId), eq(paymentSuggestions.transactionId, transactionId), eq(paymentSuggestions.status, 'open')));
}

/** An open suggestion with what a person needs to decide: the invoice and the transaction. */
export type SuggestionListRow = SuggestionRow & {
  invoiceNumber: string;
  invoiceCurrency: string;
  invoiceTotal: string;
  invoiceRemaining: string;
  clientId: string;
  transactionDate: string;
  transactionAmount: string;
  transactionDescription: string;
  transactionCounterparty: string | null;
};

/**
 * Open suggestions that can still be accepted (the invoice still issued and owing, the transaction
 * live and not all used by payments),
 * oldest first, keyset-paged by (created_at, id).
 */
export async function listOpenSuggestions(tx: Transaction, { invoiceId, limit, after }: { invoiceId?: string | undefined; limit: number; after?: readonly [string, string] | undefined }): Promise<{ rows: SuggestionListRow[]; more: boolean }> {
  const rows = await tx
    .select({
      suggestion: paymentSuggestions,
      invoiceNumber: sql<string>`${invoices.number}`,
      invoiceCurrency: invoices.currency,
      invoiceTotal: invoices.total,
      invoiceRemaining: sql<string>`(${invoices.total} - ${invoices.amountCredited} - ${invoices.amountPaid})::text`,
      clientId: invoices.clientId,
      transactionDate: transactions.bookingDate,
      transactionAmount: transactions.amount,
      transactionDescription: transactions.description,
      transactionCounterparty: transactions.counterpartyName,
    })
    .from(paymentSuggestions)
    .innerJoin(invoices, and(eq(invoices.tenantId, paymentSuggestions.tenantId), eq(invoices.id, paymentSuggestions.invoiceId)))
    .innerJoin(transactions, and(eq(transactions.tenantId, paymentSuggestions.tenantId), eq(transactions.id, paymentSuggestions.transactionId)))
    .where(
      and(
        eq(paymentSuggestions.status, 'open'),
        eq(invoices.status, 'issued'),
        sql`${invoices.total} - ${invoices.amountCredited} - ${invoices.amountPaid} > 0`,
        sql`${transactions.deletedAt} is null`,
        sql`${transactions.amount} > (select coalesce(sum(p.amount), 0) from ${invoicePayments} p where p.transaction_id = ${transactions.id})`,
        invoiceId ? eq(paymentSuggestions.invoiceId, invoiceId) : undefined,
        after ? sql`(${paymentSuggestions.createdAt}, ${paymentSuggestions.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(paymentSuggestions.createdAt), asc(paymentSuggestions.id))
    .limit(limit + 1);
  const flat = rows.map(({ suggestion, ...rest }) => ({ ...suggestion, ...rest }));
  return { rows: flat.slice(0, limit), more: flat.length > limit };
}

/** Locks the invoices (in id order, so concurrent payments of several invoices cannot deadlock) and returns them by id. */
export async function lockInvoices(tx: Transaction, ids: readonly string[]): Promise<Map<string, typeof invoices.$inferSelect>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(invoices)
    .where(inArray(invoices.id, [...ids]))
    .orderBy(asc(invoices.id))
    .for('update');
  return new Map(rows.map((row) => [row.id, row]));
}
