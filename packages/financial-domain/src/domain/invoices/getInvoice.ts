import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findInvoice } from '../../repositories/invoices.ts';
import { invoiceView, type InvoiceView } from './view.ts';

export async function getInvoice({ ctx, input }: { ctx: FinancialContext; input: { invoiceId: string } }): Promise<InvoiceView> {
  return withTenantTx(ctx, async (tx) => {
    const row = await findInvoice(tx, input.invoiceId);
    if (!row) throw notFound('invoice', input.invoiceId);
    return invoiceView(tx, row);
  });
}
