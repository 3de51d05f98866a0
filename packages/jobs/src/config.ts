import { datastoreFromConfig } from './datastore.ts';
import type { CreateJobsOptions } from './jobs.ts';

/** The configuration variables packages/config gives every process that enqueues or works jobs. */
export type JobsConfig = {
  REDIS_URL?: string | undefined;
  DATABASE_URL: string;
  JOBS_REDIS_PREFIX: string;
  JOBS_ATTEMPTS: number;
  JOBS_BACKOFF_MS: number;
  JOBS_BACKOFF_JITTER: number;
  JOBS_LOCK_DURATION_MS?: number;
};

/** createJobs options from the parsed configuration: Redis when REDIS_URL is set, else Postgres. */
export function jobsOptionsFromConfig(config: JobsConfig): Pick<CreateJobsOptions, 'datastore' | 'prefix' | 'retry' | 'lockDurationMs'> {
  return {
    datastore: datastoreFromConfig(config),
    prefix: config.JOBS_REDIS_PREFIX,
    retry: { attempts: config.JOBS_ATTEMPTS, backoffMs: config.JOBS_BACKOFF_MS, jitter: config.JOBS_BACKOFF_JITTER },
    ...(config.JOBS_LOCK_DURATION_MS ? { lockDurationMs: config.JOBS_LOCK_DURATION_MS } : {}),
  };
}
