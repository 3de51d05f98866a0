import type { Jobs } from '@ai-service/jobs';
import type { TemplateJob, TemplateScheduler } from './context.ts';

const QUEUE = 'financial';
export const GENERATE_RECURRING_INVOICES = 'generateRecurringInvoices';
const schedulerId = (templateId: string) => `invoice-template:${templateId}`;

/** Every day at 05:00 UTC: a template's invoices are dated on their run date, so a daily look suffices. */
const DAILY = { pattern: '0 5 * * *', tz: 'UTC' };

/** TemplateScheduler on packages/jobs: generateRecurringInvoices jobs on the `financial` queue, one job scheduler per template. */
export function jobsTemplateScheduler(jobs: Jobs): TemplateScheduler {
  return {
    scheduleTemplate: (job: TemplateJob) => jobs.schedule(QUEUE, schedulerId(job.templateId), DAILY, { name: GENERATE_RECURRING_INVOICES, data: job }),
    unscheduleTemplate: async (templateId) => {
      await jobs.unschedule(QUEUE, schedulerId(templateId));
    },
  };
}
