import { withTenantTx, type FinancialContext } from '../../context.ts';
import { findTemplate } from '../../repositories/invoiceTemplates.ts';
import { generateRun } from './generateRun.ts';

/** The most runs one job makes up for (a template paused for years catches up over several days). */
export const MAX_RUNS_PER_JOB = 60;

/**
 * The scheduled job's work: the invoices of every run of the template due by today (its next run
 * date on or before today), one transaction per run on the locked template. A job that runs twice,
 * or two at once, finds the schedule already advanced: each period gets one invoice. Returns the
 * invoices made and the next run date after them (null: the template is gone or its schedule over).
 */
export async function generateDueInvoices({ ctx, input }: { ctx: FinancialContext; input: { templateId: string } }): Promise<{ invoiceIds: string[]; nextRunDate: string | null }> {
  const today = ctx.clock().toISOString().slice(0, 10);
  const invoiceIds: string[] = [];
  for (;;) {
    const step = await withTenantTx(ctx, async (tx) => {
      const template = await findTemplate(tx, input.templateId, { forUpdate: true });
      const nextRunDate = template?.nextRunDate ?? null;
      if (!template || nextRunDate === null || nextRunDate > today || invoiceIds.length >= MAX_RUNS_PER_JOB) return { nextRunDate, invoiceId: undefined };
      const run = await generateRun(tx, ctx, { ...template, nextRunDate });
      return { nextRunDate: run.template.nextRunDate, invoiceId: run.invoice.id };
    });
    if (step.invoiceId === undefined) return { invoiceIds, nextRunDate: step.nextRunDate };
    invoiceIds.push(step.invoiceId);
  }
}
