import type { Jobs } from '@ai-service/jobs';
import type { SyncJob, SyncQueue } from './context.ts';

const QUEUE = 'financial';
const schedulerId = (connectionId: string) => `bank-sync:${connectionId}`;

/** SyncQueue on packages/jobs: syncBank jobs on the `financial` queue, one job scheduler per connection. */
export function jobsSyncQueue(jobs: Jobs): SyncQueue {
  return {
    enqueueSync: async (job: SyncJob) => {
      await jobs.enqueue(QUEUE, 'syncBank', job);
    },
    scheduleConnection: (job, minutes) => jobs.schedule(QUEUE, schedulerId(job.connectionId), { every: minutes * 60_000 }, { name: 'syncBank', data: job }),
    unscheduleConnection: async (connectionId) => {
      await jobs.unschedule(QUEUE, schedulerId(connectionId));
    },
  };
}
