import type { ServiceConfig } from '@ai-service/config';
import { createJobs, jobsOptionsFromConfig, queueCatalogue, type Jobs } from '@ai-service/jobs';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import { threadRunner, type BacktestRunner, type Clock } from '@ai-service/trading-domain';
import { drizzle } from 'drizzle-orm/node-postgres';
import packageJson from '../package.json' with { type: 'json' };
import { backtestMetrics } from './backtest-metrics.ts';
import { registerTradingHandlers } from './handlers.ts';

const QUEUE = 'trading';
/** A running backtest's progress is written at most this often. */
const PROGRESS_INTERVAL_MS = 1_000;

export type TradingWorkerOptions = {
  /** Where simulations run: a thread per run by default. */
  runner?: BacktestRunner;
  clock?: Clock;
};

export function defineWorker(config: ServiceConfig<'worker-trading'>, { runner = threadRunner(), clock = () => new Date() }: TradingWorkerOptions = {}): ServiceDefinition {
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
    register: (_app, { logger, metrics, pool }) => {
      if (!pool) throw new Error('worker-trading runs with its database');
      jobs = createJobs({ ...jobsOptionsFromConfig(config), queues: { [QUEUE]: queueCatalogue[QUEUE] }, logger, registry: metrics.registry });
      registerTradingHandlers(jobs, {
        db: drizzle(pool),
        clock,
        runner,
        telemetry: backtestMetrics(metrics.registry),
        progressIntervalMs: PROGRESS_INTERVAL_MS,
      });
      jobs.work(QUEUE, { concurrency: config.JOBS_CONCURRENCY });
      const running = jobs;
      return { closers: [() => running.close()] };
    },
  };
}
