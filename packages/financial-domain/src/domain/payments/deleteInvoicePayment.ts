import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findInvoice } from '../../repositories/invoices.ts';
import { findPayment } from '../../repositories/payments.ts';
import { removePayment } from './removePayment.ts';

/**
 * Removes a payment recorded on an invoice (a wrong match): what it paid is owed again, and a paid
 * invoice is open again (paid → issued). A new payment reaching the total pays it again.
 */
export async function deleteInvoicePayment({ ctx, input }: { ctx: FinancialContext; input: { invoiceId: string; paymentId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const invoice = await findInvoice(tx, input.invoiceId, { forUpdate: true });
    if (!invoice) throw notFound('invoice', input.invoiceId);
    const payment = await findPayment(tx, input.paymentId);
    if (!payment || payment.invoiceId !== invoice.id) throw notFound('payment', input.paymentId);
    await removePayment(tx, ctx, invoice, payment, 'deleted');
  });
}
