import { audit } from '../../audit.ts';
import { withTenantTx } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { deleteTemplateRow, findTemplate } from '../../repositories/invoiceTemplates.ts';
import type { TemplateContext } from './context.ts';

/** Deletes a template and its schedule; the invoices it made stay. */
export async function deleteInvoiceTemplate({ ctx, input }: { ctx: TemplateContext; input: { templateId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const template = await findTemplate(tx, input.templateId, { forUpdate: true });
    if (!template) throw notFound('invoice template', input.templateId);
    await deleteTemplateRow(tx, template.id);
    await audit(tx, ctx, { type: 'InvoiceTemplateDeleted', aggregateType: 'invoice_template', aggregateId: template.id, payload: { name: template.name, runs: template.runs } });
  });
  await ctx.templateScheduler?.unscheduleTemplate(input.templateId);
}
