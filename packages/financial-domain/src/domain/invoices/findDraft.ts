import type { Transaction } from '@ai-service/db';
import { FinancialError, notFound } from '../../errors.ts';
import { findInvoice, type InvoiceRow } from '../../repositories/invoices.ts';

/** The invoice, locked, when it is still a draft; an issued, paid or void one is immutable (409). */
export async function findDraftForUpdate(tx: Transaction, invoiceId: string): Promise<InvoiceRow> {
  const row = await findInvoice(tx, invoiceId, { forUpdate: true });
  if (!row) throw notFound('invoice', invoiceId);
  if (row.status !== 'draft') {
    throw new FinancialError('conflict', `Invoice ${row.number ?? invoiceId} is ${row.status}: only drafts can change; correct an issued invoice with a credit note.`, {
      details: { status: row.status },
    });
  }
  return row;
}
