import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { findTemplate } from '../../repositories/invoiceTemplates.ts';
import type { InvoiceView } from '../invoices/view.ts';
import { generateRun } from './generateRun.ts';

/** Makes the invoice of the template's next run now, even ahead of its date (then dated today), and advances the schedule. */
export async function runInvoiceTemplate({ ctx, input }: { ctx: FinancialContext; input: { templateId: string } }): Promise<InvoiceView> {
  return withTenantTx(ctx, async (tx) => {
    const template = await findTemplate(tx, input.templateId, { forUpdate: true });
    if (!template) throw notFound('invoice template', input.templateId);
    const { nextRunDate } = template;
    if (nextRunDate === null) throw new FinancialError('conflict', 'The schedule of this template is over (its end date has passed).');
    return (await generateRun(tx, ctx, { ...template, nextRunDate })).invoice;
  });
}
