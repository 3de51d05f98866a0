import type { Transaction } from '@ai-service/db';
import { decimal } from '@ai-service/money';
import { appendEvent } from '@ai-service/outbox';
import type { FinancialContext } from '../../context.ts';
import { outbox } from '../../db/schema/core.ts';
import { formatMoney } from '../../money.ts';
import { updateInvoiceRow, type InvoiceRow } from '../../repositories/invoices.ts';
import { amountOwed } from '../invoices/owed.ts';

export type Settlement = { invoice: InvoiceRow; paid: boolean; reopened: boolean };

/**
 * Writes an invoice's new paid and credited amounts (the caller holds its lock) and moves its
 * status with them: issued → paid when payments, with its credit notes, leave nothing owed, and
 * InvoicePaid goes to the outbox in this transaction; paid → issued when they no longer cover it.
 * Every change of what an invoice owes goes through here, so the transition, and the event with
 * it, happens once per time the invoice becomes paid. An invoice credited in full without any
 * payment owes nothing but stays issued: nothing was paid.
 */
export async function settleInvoice(
  tx: Transaction,
  ctx: FinancialContext,
  invoice: InvoiceRow,
  change: { amountPaid?: string; amountCredited?: string; transactionId: string | null },
): Promise<Settlement> {
  const amountPaid = change.amountPaid ?? invoice.amountPaid;
  const amountCredited = change.amountCredited ?? invoice.amountCredited;
  const owed = amountOwed({ status: invoice.status, total: invoice.total, amountPaid, amountCredited });
  const paid = invoice.status === 'issued' && decimal(amountPaid).gt(0) && owed.lte(0);
  const reopened = invoice.status === 'paid' && owed.gt(0);
  const paidAt = ctx.clock();
  const status = paid ? { status: 'paid' as const, paidAt } : reopened ? { status: 'issued' as const, paidAt: null } : {};
  const updated = await updateInvoiceRow(tx, invoice.id, { amountPaid, amountCredited, ...status });
  if (paid) {
    await appendEvent(tx, outbox, {
      type: 'InvoicePaid',
      tenantId: ctx.tenantId,
      aggregateId: invoice.id,
      occurredAt: paidAt,
      payload: { invoiceId: invoice.id, paidAt: paidAt.toISOString(), amount: { amount: formatMoney(amountPaid, invoice.currency), currency: invoice.currency }, transactionId: change.transactionId },
    });
  }
  return { invoice: updated, paid, reopened };
}
