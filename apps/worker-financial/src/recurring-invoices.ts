import type { Database } from '@ai-service/db';
import { generateDueInvoices, isFinancialError, type Clock, type TemplateJob, type TemplateScheduler } from '@ai-service/financial-domain';
import { JobsError, type JobHandler } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RecurringInvoicesDeps = { db: Database; clock: Clock; templateScheduler: TemplateScheduler };

/**
 * generateRecurringInvoices: makes the due invoices of one template (generateDueInvoices) as the
 * system, on each tick of the template's daily scheduler. Running twice is harmless (each period
 * once); a template that cannot make its invoice (a client or product gone, a bad line) fails for
 * good into the dead letter, and its next tick tries again. A template that is gone or whose
 * schedule is over has its scheduler removed.
 */
export function recurringInvoicesHandler(deps: RecurringInvoicesDeps): JobHandler<TemplateJob> {
  return async (job) => {
    if (!UUID.test(String(job?.tenantId)) || !UUID.test(String(job?.templateId))) throw new JobsError('permanent_failure', 'generateRecurringInvoices needs { tenantId, templateId }');
    const ctx = { db: deps.db, clock: deps.clock, tenantId: job.tenantId, actorId: null, traceId: currentTraceId() };
    try {
      const { invoiceIds, nextRunDate } = await generateDueInvoices({ ctx, input: { templateId: job.templateId } });
      if (nextRunDate === null) await deps.templateScheduler.unscheduleTemplate(job.templateId);
      return { generated: invoiceIds.length };
    } catch (error) {
      if (isFinancialError(error)) throw new JobsError('permanent_failure', `${error.code}: ${error.message}`);
      throw error;
    }
  };
}
