import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import { audit } from '../../audit.ts';
import type { FinancialContext } from '../../context.ts';
import { findInvoice, type InvoiceRow } from '../../repositories/invoices.ts';
import { settleInvoice } from '../payments/settleInvoice.ts';

/**
 * Gives the amount of a credit note being voided (locked by the caller) back to its invoice: owed
 * again, and a paid invoice no longer covered by its payments is open again (paid → issued).
 */
export async function withdrawCreditNote(tx: Transaction, ctx: FinancialContext, note: InvoiceRow): Promise<void> {
  const invoice = (await findInvoice(tx, note.creditedInvoiceId!, { forUpdate: true }))!;
  const credit = decimal(note.total).neg();
  const amountCredited = decimalToString(decimal(invoice.amountCredited).minus(credit));
  const { reopened } = await settleInvoice(tx, ctx, invoice, { amountCredited, transactionId: null });
  await audit(tx, ctx, {
    type: 'InvoiceCreditWithdrawn',
    aggregateType: 'invoice',
    aggregateId: invoice.id,
    payload: { creditNoteId: note.id, amount: decimalToString(credit), amountCredited, reopened },
  });
}
