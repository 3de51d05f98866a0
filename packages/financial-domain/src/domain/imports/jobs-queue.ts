import type { Jobs } from '@ai-service/jobs';
import type { ImportJob, ImportQueue } from './context.ts';

/** ImportQueue on packages/jobs: importStatement on the `financial` queue, the import's id as job id (a repeat is a no-op). */
export function jobsImportQueue(jobs: Jobs): ImportQueue {
  return {
    enqueueImport: async (job: ImportJob) => {
      await jobs.enqueue('financial', 'importStatement', job, { jobId: job.importId });
    },
  };
}
