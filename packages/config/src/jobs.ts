import { z } from 'zod';

/** Queue, worker and outbox settings (packages/jobs, packages/outbox). */

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Read by every process that enqueues jobs: BullMQ stores retry policy on the job when it is added. */
export const queueEnv = {
  // Namespaces the queues' keys on a Redis shared with other installations (unused on Postgres).
  JOBS_REDIS_PREFIX: z.string().regex(/^[\w.-]+$/, 'letters, digits, dot, dash and underscore only').default('bull'),
  JOBS_ATTEMPTS: positiveInt(5),
  JOBS_BACKOFF_MS: positiveInt(1_000),
  // Below 0.5 each retry waits strictly longer than the one before, whatever the random draw.
  JOBS_BACKOFF_JITTER: z.coerce.number().min(0).max(0.5).default(0.2),
};

/** Read by the workers that process jobs. */
export const workerEnv = {
  JOBS_CONCURRENCY: positiveInt(4),
  JOBS_LOCK_DURATION_MS: positiveInt(30_000),
};

/** Read by the services that publish events from their outbox. */
export const outboxEnv = {
  OUTBOX_RELAY_BATCH_SIZE: positiveInt(500),
  OUTBOX_RELAY_POLL_MS: positiveInt(1_000),
};
