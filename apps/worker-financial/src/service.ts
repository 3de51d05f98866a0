import type { ServiceConfig } from '@ai-service/config';
import { createJobs, jobsOptionsFromConfig, queueCatalogue, type Jobs } from '@ai-service/jobs';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import packageJson from '../package.json' with { type: 'json' };
import { registerFinancialHandlers } from './handlers.ts';

const QUEUE = 'financial';

export function defineWorker(config: ServiceConfig<'worker-financial'>): ServiceDefinition {
  let jobs: Jobs | undefined;
  return {
    service: 'worker-financial',
    version: packageJson.version,
    port: config.WORKER_FINANCIAL_PORT,
    config,
    // The financial schema is owned and migrated by financial-svc; this worker only uses it.
    database: { url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX, schema: 'financial' },
    checks: {
      // The queue datastore (Redis, or Postgres schema `bullmq`) answers.
      queues: async () => {
        if (!jobs) throw new Error('queues not started');
        await jobs.ping();
      },
    },
    register: (_app, { logger, metrics }) => {
      jobs = createJobs({ ...jobsOptionsFromConfig(config), queues: { [QUEUE]: queueCatalogue[QUEUE] }, logger, registry: metrics.registry });
      registerFinancialHandlers(jobs);
      jobs.work(QUEUE, { concurrency: config.JOBS_CONCURRENCY });
      const running = jobs;
      return { closers: [() => running.close()] };
    },
  };
}
