import type { HttpOptions } from '@ai-service/bank-sync';
import type { ServiceConfig } from '@ai-service/config';
import { serviceTokenSource } from '@ai-service/access';
import { createAiCoreSuggester, createBankSyncDeps, jobsSyncQueue, jobsTemplateScheduler, secretsKeyFrom, type CategorySuggester, type Clock } from '@ai-service/financial-domain';
import { createJobs, jobsOptionsFromConfig, queueCatalogue, type Jobs } from '@ai-service/jobs';
import type { Logger } from '@ai-service/observability';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import { drizzle } from 'drizzle-orm/node-postgres';
import packageJson from '../package.json' with { type: 'json' };
import { registerFinancialHandlers } from './handlers.ts';

const QUEUE = 'financial';

/**
 * ai-core for auto-categorization, when AI_CORE_URL is set; with a service token (`ai:use` for the
 * job's tenant) from auth-svc when INTERNAL_SERVICE_SECRET is set, else ai-core refuses and the
 * AI layer is skipped like when ai-core is down.
 */
function aiCoreSuggester(config: ServiceConfig<'worker-financial'>, logger: Logger): CategorySuggester | undefined {
  if (!config.AI_CORE_URL) return undefined;
  const tokens = config.INTERNAL_SERVICE_SECRET
    ? serviceTokenSource({ authUrl: config.AUTH_SVC_URL, client: 'worker-financial', secret: config.INTERNAL_SERVICE_SECRET })
    : undefined;
  return createAiCoreSuggester({
    baseUrl: config.AI_CORE_URL,
    timeoutMs: config.AI_CATEGORIZE_TIMEOUT_MS,
    token: tokens && ((tenantId) => tokens(tenantId, ['ai:use'])),
    onUnavailable: (reason) => logger.warn({ reason }, 'ai-core unavailable for categorization'),
  });
}

export type WorkerOptions = {
  clock?: Clock;
  /** Bank providers' HTTP options (tests: plain-HTTP replay servers). */
  bankSyncHttp?: HttpOptions;
};

export function defineWorker(config: ServiceConfig<'worker-financial'>, { clock = () => new Date(), bankSyncHttp = {} }: WorkerOptions = {}): ServiceDefinition {
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
    register: (_app, { pool, logger, metrics }) => {
      if (!pool) throw new Error('worker-financial runs with its database');
      jobs = createJobs({ ...jobsOptionsFromConfig(config), queues: { [QUEUE]: queueCatalogue[QUEUE] }, logger, registry: metrics.registry });
      const bankSync = createBankSyncDeps({
        secretsKey: secretsKeyFrom(config.FINANCIAL_SECRETS_KEY),
        defaultIntervalMinutes: config.FINANCIAL_SYNC_INTERVAL_MINUTES,
        goCardlessApiUrl: config.GOCARDLESS_API_URL,
        http: bankSyncHttp,
        // The worker stops the schedule of a connection that lapsed.
        queue: jobsSyncQueue(jobs),
      });
      registerFinancialHandlers(jobs, {
        db: drizzle(pool),
        clock,
        bankSync,
        registry: metrics.registry,
        ai: aiCoreSuggester(config, logger),
        // A template whose schedule is over (or that is gone) loses its scheduler at its next tick.
        templateScheduler: jobsTemplateScheduler(jobs),
      });
      jobs.work(QUEUE, { concurrency: config.JOBS_CONCURRENCY });
      const running = jobs;
      return { closers: [() => running.close()] };
    },
  };
}
