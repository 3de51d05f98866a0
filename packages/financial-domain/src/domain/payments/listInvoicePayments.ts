import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findInvoice } from '../../repositories/invoices.ts';
import { listInvoicePayments as listPaymentRows } from '../../repositories/payments.ts';
import { toPaymentView, type InvoicePaymentView } from './view.ts';

/** The payments recorded on an invoice, oldest first. */
export async function listInvoicePayments({ ctx, input }: { ctx: FinancialContext; input: { invoiceId: string } }): Promise<InvoicePaymentView[]> {
  return withTenantTx(ctx, async (tx) => {
    const invoice = await findInvoice(tx, input.invoiceId);
    if (!invoice) throw notFound('invoice', input.invoiceId);
    return (await listPaymentRows(tx, invoice.id)).map((row) => toPaymentView(row, invoice.currency));
  });
}
