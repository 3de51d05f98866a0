import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx } from '../../context.ts';
import type { TemplateIntervalUnit, TemplateLine } from '../../db/schema/recurring.ts';
import { insertTemplate } from '../../repositories/invoiceTemplates.ts';
import type { TemplateContext } from './context.ts';
import { checkTemplate, templateColumns } from './fields.ts';
import { nextRunDate } from './runDates.ts';
import { toTemplateView, type InvoiceTemplateView } from './view.ts';

export type CreateInvoiceTemplateInput = {
  name: string;
  clientId: string;
  currency?: string | null | undefined;
  lines: TemplateLine[];
  discountPercent?: string | undefined;
  notes?: string | null | undefined;
  paymentTermsDays?: number | null | undefined;
  interval: { unit: TemplateIntervalUnit; count?: number | undefined };
  startDate: string;
  endDate?: string | null | undefined;
  autoIssue?: boolean | undefined;
};

/** A recurring invoice: its first run is on the start date; the daily job (or POST …/run) makes each run's invoice. */
export async function createInvoiceTemplate({ ctx, input }: { ctx: TemplateContext; input: CreateInvoiceTemplateInput }): Promise<InvoiceTemplateView> {
  const row = await withTenantTx(ctx, async (tx) => {
    const fields = await checkTemplate(tx, ctx, {
      name: input.name,
      clientId: input.clientId,
      currency: input.currency ?? null,
      lines: input.lines,
      discountPercent: input.discountPercent ?? '0',
      notes: input.notes ?? null,
      paymentTermsDays: input.paymentTermsDays ?? null,
      interval: { unit: input.interval.unit, count: input.interval.count ?? 1 },
      startDate: input.startDate,
      endDate: input.endDate ?? null,
      autoIssue: input.autoIssue ?? false,
    });
    const columns = templateColumns(fields);
    const inserted = await insertTemplate(tx, { id: randomUUID(), tenantId: ctx.tenantId, ...columns, runs: 0, nextRunDate: nextRunDate(columns, 0) });
    await audit(tx, ctx, { type: 'InvoiceTemplateCreated', aggregateType: 'invoice_template', aggregateId: inserted.id, payload: { clientId: inserted.clientId, interval: fields.interval, autoIssue: inserted.autoIssue } });
    return inserted;
  });
  await ctx.templateScheduler?.scheduleTemplate({ tenantId: ctx.tenantId, templateId: row.id });
  return toTemplateView(row);
}
