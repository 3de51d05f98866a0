import type { HttpOptions } from '@ai-service/bank-sync';
import { createBankSyncDeps, jobsSyncQueue, jobsTemplateScheduler, secretsKeyFrom, type BankSyncDeps, type SyncQueue, type TemplateScheduler } from '@ai-service/financial-domain';
import { createJobs, jobsOptionsFromConfig, queueCatalogue, type CreateJobsOptions } from '@ai-service/jobs';
import type { Logger } from '@ai-service/observability';
import type { FinancialConfig } from './service.ts';

/** What tests replace: provider HTTP options (plain-HTTP replay servers) and the queue. */
export type BankSyncOverrides = { http?: HttpOptions; queue?: SyncQueue };

/**
 * Bank sync's dependencies in financial-svc: the secrets key and defaults from the configuration,
 * and a producer on the `financial` queue for syncBank jobs and the per-connection schedulers. The
 * same producer keeps the recurring invoice templates' schedulers (none when tests replace the queue).
 */
export function startBankSync(
  config: FinancialConfig,
  { logger, registry }: { logger: Logger; registry: CreateJobsOptions['registry'] },
  overrides: BankSyncOverrides = {},
): { deps: BankSyncDeps; templateScheduler: TemplateScheduler | undefined; close: () => Promise<void> } {
  const jobs = overrides.queue
    ? undefined
    : createJobs({ ...jobsOptionsFromConfig(config), queues: { financial: queueCatalogue.financial }, logger, registry, reportDepth: false });
  const deps = createBankSyncDeps({
    secretsKey: secretsKeyFrom(config.FINANCIAL_SECRETS_KEY),
    defaultIntervalMinutes: config.FINANCIAL_SYNC_INTERVAL_MINUTES,
    goCardlessApiUrl: config.GOCARDLESS_API_URL,
    http: overrides.http ?? {},
    queue: overrides.queue ?? jobsSyncQueue(jobs!),
  });
  return { deps, templateScheduler: jobs && jobsTemplateScheduler(jobs), close: async () => jobs?.close() };
}
