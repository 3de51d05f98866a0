import type { FinancialContext } from '../../context.ts';

/** The job that generates a template's due invoices, as worker-financial receives it. */
export type TemplateJob = { tenantId: string; templateId: string };

/** Keeps one daily job scheduler per template with runs ahead (packages/jobs in the services; absent in some tests). */
export type TemplateScheduler = {
  scheduleTemplate: (job: TemplateJob) => Promise<void>;
  unscheduleTemplate: (templateId: string) => Promise<void>;
};

/** What the template verbs need beyond the financial context: the scheduler, when the caller has one. */
export type TemplateContext = FinancialContext & { templateScheduler?: TemplateScheduler | undefined };
