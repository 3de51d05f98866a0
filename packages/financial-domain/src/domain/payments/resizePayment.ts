import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import { audit } from '../../audit.ts';
import type { FinancialContext } from '../../context.ts';
import type { InvoiceRow } from '../../repositories/invoices.ts';
import { updatePaymentAmount, type PaymentRow } from '../../repositories/payments.ts';
import { settleInvoice } from './settleInvoice.ts';

/**
 * Sets a payment to a new (positive) amount on an invoice the caller has locked and checked to
 * owe any increase: the invoice's paid amount follows, and so does its status (settleInvoice).
 * Audited as InvoicePaymentChanged with the reason.
 */
export async function resizePayment(tx: Transaction, ctx: FinancialContext, invoice: InvoiceRow, payment: PaymentRow, amount: string, reason: 'transaction_amount_changed'): Promise<InvoiceRow> {
  await updatePaymentAmount(tx, payment.id, amount);
  const amountPaid = decimalToString(decimal(invoice.amountPaid).minus(payment.amount).plus(amount));
  const { invoice: updated, paid, reopened } = await settleInvoice(tx, ctx, invoice, { amountPaid, transactionId: payment.transactionId });
  await audit(tx, ctx, {
    type: 'InvoicePaymentChanged',
    aggregateType: 'invoice',
    aggregateId: invoice.id,
    payload: { paymentId: payment.id, transactionId: payment.transactionId, from: decimalToString(decimal(payment.amount)), to: amount, amountPaid, paid, reopened, reason },
  });
  return updated;
}
