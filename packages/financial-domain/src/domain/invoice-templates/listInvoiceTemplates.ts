import { withTenantTx, type FinancialContext } from '../../context.ts';
import { listTemplateRows } from '../../repositories/invoiceTemplates.ts';
import { toTemplateView, type InvoiceTemplateView } from './view.ts';

/** The tenant's recurring invoices by name, optionally of one client. */
export async function listInvoiceTemplates({ ctx, input }: { ctx: FinancialContext; input: { clientId?: string | undefined } }): Promise<InvoiceTemplateView[]> {
  return (await withTenantTx(ctx, (tx) => listTemplateRows(tx, input))).map(toTemplateView);
}
