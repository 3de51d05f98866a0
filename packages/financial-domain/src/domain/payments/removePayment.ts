import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import { audit } from '../../audit.ts';
import type { FinancialContext } from '../../context.ts';
import type { InvoiceRow } from '../../repositories/invoices.ts';
import { deletePaymentRow, type PaymentRow } from '../../repositories/payments.ts';
import { settleInvoice } from './settleInvoice.ts';

export type PaymentRemoval = 'deleted' | 'transaction_deleted' | 'transaction_amount_changed';

/**
 * Takes a payment back from an invoice the caller has locked: what it paid is owed again, and a
 * paid invoice is open again (paid → issued). Audited as InvoicePaymentDeleted with the reason.
 */
export async function removePayment(tx: Transaction, ctx: FinancialContext, invoice: InvoiceRow, payment: PaymentRow, reason: PaymentRemoval): Promise<InvoiceRow> {
  await deletePaymentRow(tx, payment.id);
  const amountPaid = decimalToString(decimal(invoice.amountPaid).minus(payment.amount));
  const { invoice: updated, reopened } = await settleInvoice(tx, ctx, invoice, { amountPaid, transactionId: null });
  await audit(tx, ctx, {
    type: 'InvoicePaymentDeleted',
    aggregateType: 'invoice',
    aggregateId: invoice.id,
    payload: { paymentId: payment.id, transactionId: payment.transactionId, amount: payment.amount, matchedBy: payment.matchedBy, amountPaid, reopened, reason },
  });
  return updated;
}
