import type { ServiceConfig } from '@ai-service/config';
import { createJobs, jobsOptionsFromConfig, queueCatalogue, type Jobs } from '@ai-service/jobs';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import packageJson from '../package.json' with { type: 'json' };
import { registerTradingHandlers } from './handlers.ts';

const QUEUE = 'trading';

export function defineWorker(config: ServiceConfig<'worker-trading'>): ServiceDefinition {
  let jobs: Jobs | undefined;
  return {
    service: 'worker-trading',
    version: packageJson.version,
    port: config.WORKER_TRADING_PORT,
    config,
    // The trading schema is owned and migrated by trading-svc; this worker only uses it.
    database: { url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX, schema: 'trading' },
    checks: {
      // The queue datastore (Redis, or Postgres schema `bullmq`) answers.
      queues: async () => {
        if (!jobs) throw new Error('queues not started');
        await jobs.ping();
      },
    },
    register: (_app, { logger, metrics }) => {
      jobs = createJobs({ ...jobsOptionsFromConfig(config), queues: { [QUEUE]: queueCatalogue[QUEUE] }, logger, registry: metrics.registry });
      registerTradingHandlers(jobs);
      jobs.work(QUEUE, { concurrency: config.JOBS_CONCURRENCY });
      const running = jobs;
      return { closers: [() => running.close()] };
    },
  };
}
