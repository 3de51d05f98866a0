import { audit, changes } from '../../audit.ts';
import { withTenantTx } from '../../context.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { findTemplate, updateTemplateRow } from '../../repositories/invoiceTemplates.ts';
import type { TemplateContext } from './context.ts';
import type { CreateInvoiceTemplateInput } from './createInvoiceTemplate.ts';
import { checkTemplate, templateColumns } from './fields.ts';
import { nextRunDate } from './runDates.ts';
import { toTemplateView, type InvoiceTemplateView } from './view.ts';

export type UpdateInvoiceTemplateInput = { templateId: string } & Partial<CreateInvoiceTemplateInput>;

/**
 * Changes a template; the next invoices use the change. Its schedule (interval, start date) is
 * fixed once it has run, because run k is start + k intervals: a new schedule is a new template.
 * The end date may change at any time (an ended schedule resumes when the end moves later).
 */
export async function updateInvoiceTemplate({ ctx, input }: { ctx: TemplateContext; input: UpdateInvoiceTemplateInput }): Promise<InvoiceTemplateView> {
  const row = await withTenantTx(ctx, async (tx) => {
    const before = await findTemplate(tx, input.templateId, { forUpdate: true });
    if (!before) throw notFound('invoice template', input.templateId);
    const interval = input.interval ? { unit: input.interval.unit, count: input.interval.count ?? 1 } : { unit: before.intervalUnit, count: before.intervalCount };
    const rescheduled = interval.unit !== before.intervalUnit || interval.count !== before.intervalCount || (input.startDate !== undefined && input.startDate !== before.startDate);
    if (rescheduled && before.runs > 0) {
      throw new FinancialError('conflict', 'The schedule of a template that has run cannot change; end it and create a new one.', { field: input.interval ? 'interval' : 'startDate' });
    }
    const fields = await checkTemplate(tx, ctx, {
      name: input.name ?? before.name,
      clientId: input.clientId ?? before.clientId,
      currency: input.currency === undefined ? before.currency : input.currency,
      lines: input.lines ?? before.lines,
      discountPercent: input.discountPercent ?? before.discountPercent,
      notes: input.notes === undefined ? before.notes : input.notes,
      paymentTermsDays: input.paymentTermsDays === undefined ? before.paymentTermsDays : input.paymentTermsDays,
      interval,
      startDate: input.startDate ?? before.startDate,
      endDate: input.endDate === undefined ? before.endDate : input.endDate,
      autoIssue: input.autoIssue ?? before.autoIssue,
    });
    const columns = templateColumns(fields);
    const updated = await updateTemplateRow(tx, before.id, { ...columns, nextRunDate: nextRunDate(columns, before.runs) });
    const { createdAt: _created, updatedAt: _updated, ...diffable } = updated;
    const { createdAt: _c, updatedAt: _u, ...previous } = before;
    await audit(tx, ctx, { type: 'InvoiceTemplateUpdated', aggregateType: 'invoice_template', aggregateId: before.id, payload: { changes: changes(previous, diffable) } });
    return updated;
  });
  if (row.nextRunDate === null) await ctx.templateScheduler?.unscheduleTemplate(row.id);
  else await ctx.templateScheduler?.scheduleTemplate({ tenantId: ctx.tenantId, templateId: row.id });
  return toTemplateView(row);
}
