import type { Jobs } from '@ai-service/jobs';
import type { CategorizationQueue, ImportCategorizationJob } from './context.ts';

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
