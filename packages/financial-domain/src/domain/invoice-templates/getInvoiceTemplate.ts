import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findTemplate } from '../../repositories/invoiceTemplates.ts';
import { toTemplateView, type InvoiceTemplateView } from './view.ts';

export async function getInvoiceTemplate({ ctx, input }: { ctx: FinancialContext; input: { templateId: string } }): Promise<InvoiceTemplateView> {
  const row = await withTenantTx(ctx, (tx) => findTemplate(tx, input.templateId));
  if (!row) throw notFound('invoice template', input.templateId);
  return toTemplateView(row);
}
