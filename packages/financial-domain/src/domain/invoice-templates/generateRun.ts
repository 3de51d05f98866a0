import type { Transaction } from '@ai-service/db';
import { audit } from '../../audit.ts';
import { inTransaction, type FinancialContext } from '../../context.ts';
import { insertTemplateRun, updateTemplateRow, type TemplateRow } from '../../repositories/invoiceTemplates.ts';
import { createInvoice } from '../invoices/createInvoice.ts';
import { addDays } from '../invoices/draft.ts';
import { issueInvoice } from '../invoices/issueInvoice.ts';
import type { InvoiceView } from '../invoices/view.ts';
import { nextRunDate } from './runDates.ts';

/**
 * Makes the invoice of a template's next run in the caller's transaction, on the template row the
 * caller locked: a draft, issued at once when the template says so (createInvoice and issueInvoice,
 * so numbering stays gapless), dated on the run date, or today when run ahead of it. Records the
 * run under its (template, period) unique key and advances the schedule in the same transaction,
 * so a period yields one invoice however often it is run.
 */
export async function generateRun(tx: Transaction, ctx: FinancialContext, template: TemplateRow & { nextRunDate: string }): Promise<{ invoice: InvoiceView; template: TemplateRow }> {
  const period = template.runs;
  const today = ctx.clock().toISOString().slice(0, 10);
  const issueDate = template.nextRunDate < today ? template.nextRunDate : today;
  const inner = inTransaction(ctx, tx);
  const draft = await createInvoice({
    ctx: inner,
    input: {
      clientId: template.clientId,
      currency: template.currency ?? undefined,
      issueDate,
      dueDate: template.paymentTermsDays === null ? undefined : addDays(issueDate, template.paymentTermsDays),
      notes: template.notes,
      discountPercent: template.discountPercent,
      lines: template.lines,
    },
  });
  const invoice = template.autoIssue ? await issueInvoice({ ctx: inner, input: { invoiceId: draft.id } }) : draft;
  await insertTemplateRun(tx, { tenantId: ctx.tenantId, templateId: template.id, period, runDate: template.nextRunDate, invoiceId: invoice.id });
  const updated = await updateTemplateRow(tx, template.id, {
    runs: period + 1,
    nextRunDate: nextRunDate({ startDate: template.startDate, endDate: template.endDate, intervalUnit: template.intervalUnit, intervalCount: template.intervalCount }, period + 1),
  });
  await audit(tx, ctx, {
    type: 'InvoiceTemplateRun',
    aggregateType: 'invoice_template',
    aggregateId: template.id,
    payload: { period, runDate: template.nextRunDate, invoiceId: invoice.id, status: invoice.status, nextRunDate: updated.nextRunDate },
  });
  return { invoice, template: updated };
}
