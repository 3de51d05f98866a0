import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import type { FinancialContext } from '../../context.ts';
import type { PaymentMatchKind } from '../../db/schema/payments.ts';
import type { InvoiceRow } from '../../repositories/invoices.ts';
import { insertPayment, type PaymentRow } from '../../repositories/payments.ts';
import { settleInvoice } from './settleInvoice.ts';

export type AppliedPayment = { payment: PaymentRow; invoice: InvoiceRow; paid: boolean };

/**
 * Records `amount` of a transaction as paid on an invoice the caller has locked (FOR UPDATE) and
 * checked to be issued and owing at least `amount`. When nothing is owed any more the invoice
 * moves issued → paid and InvoicePaid is appended in this transaction (settleInvoice): the
 * transition happens once under the lock, so the event does too. Returns undefined when the pair
 * was already recorded (the unique key of invoice_payments), which makes re-processing a
 * transaction a no-op.
 */
export async function applyPayment(
  tx: Transaction,
  ctx: FinancialContext,
  invoice: InvoiceRow,
  { transactionId, amount, matchedBy }: { transactionId: string; amount: string; matchedBy: PaymentMatchKind },
): Promise<AppliedPayment | undefined> {
  const payment = await insertPayment(tx, { id: randomUUID(), tenantId: ctx.tenantId, invoiceId: invoice.id, transactionId, amount, matchedBy, createdBy: ctx.actorId });
  if (!payment) return undefined;
  const amountPaid = decimalToString(decimal(invoice.amountPaid).plus(amount));
  const { invoice: updated, paid } = await settleInvoice(tx, ctx, invoice, { amountPaid, transactionId });
  await audit(tx, ctx, {
    type: 'InvoicePaymentRecorded',
    aggregateType: 'invoice',
    aggregateId: invoice.id,
    payload: { paymentId: payment.id, transactionId, amount, matchedBy, amountPaid, paid },
  });
  return { payment, invoice: updated, paid };
}
