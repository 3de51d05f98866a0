import type { Transaction } from '@ai-service/db';
import { compareDecimals, decimal, decimalToString } from '@ai-service/money';
import { appendEvent } from '@ai-service/outbox';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import type { FinancialContext } from '../../context.ts';
import { outbox } from '../../db/schema/core.ts';
import type { PaymentMatchKind } from '../../db/schema/payments.ts';
import { formatMoney } from '../../money.ts';
import { updateInvoiceRow, type InvoiceRow } from '../../repositories/invoices.ts';
import { insertPayment, type PaymentRow } from '../../repositories/payments.ts';

export type AppliedPayment = { payment: PaymentRow; invoice: InvoiceRow; paid: boolean };

/**
 * Records `amount` of a transaction as paid on an invoice the caller has locked (FOR UPDATE) and
 * checked to be issued and owing at least `amount`. When the payments reach the total the invoice
 * moves issued → paid and InvoicePaid is appended in this transaction: the transition happens
 * once under the lock, so the event does too. Returns undefined when the pair was already
 * recorded (the unique key of invoice_payments), which makes re-processing a transaction a no-op.
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
  const paid = compareDecimals(amountPaid, invoice.total) >= 0;
  const paidAt = ctx.clock();
  const updated = await updateInvoiceRow(tx, invoice.id, paid ? { amountPaid, status: 'paid', paidAt } : { amountPaid });
  await audit(tx, ctx, {
    type: 'InvoicePaymentRecorded',
    aggregateType: 'invoice',
    aggregateId: invoice.id,
    payload: { paymentId: payment.id, transactionId, amount, matchedBy, amountPaid, paid },
  });
  if (paid) {
    await appendEvent(tx, outbox, {
      type: 'InvoicePaid',
      tenantId: ctx.tenantId,
      aggregateId: invoice.id,
      occurredAt: paidAt,
      payload: { invoiceId: invoice.id, paidAt: paidAt.toISOString(), amount: { amount: formatMoney(amountPaid, invoice.currency), currency: invoice.currency }, transactionId },
    });
  }
  return { payment, invoice: updated, paid };
}
