import type { Jobs } from '@ai-service/jobs';
import type { CategorizationQueue, ImportCategorizationJob, ImportJob, ImportQueue } from './context.ts';

/** ImportQueue on packages/jobs: importStatement on the `financial` queue, the import's id as job id (a repeat is a no-op). */
export function jobsImportQueue(jobs: Jobs): ImportQueue {
  return {
    enqueueImport: async (job: ImportJob) => {
      await jobs.enqueue('financial', 'importStatement', job, { jobId: job.importId });
    },
  };
}

/** The job id of an import's categorization: one per import, so an import job that runs again queues no second one. */
export const importCategorizationJobId = (importId: string) => `categorize-import-${importId}`;

/** CategorizationQueue on packages/jobs: autoCategorize `{ tenantId, importId }` on the `financial` queue. */
export function jobsCategorizationQueue(jobs: Jobs): CategorizationQueue {
  return {
    enqueueImportCategorization: async (job: ImportCategorizationJob) => {
      await jobs.enqueue('financial', 'autoCategorize', job, { jobId: importCategorizationJobId(job.importId) });
    },
  };
}
