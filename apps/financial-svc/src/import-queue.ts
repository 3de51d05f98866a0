import { jobsImportQueue, type ImportQueue } from '@ai-service/financial-domain';
import { createJobs, jobsOptionsFromConfig, queueCatalogue, type CreateJobsOptions } from '@ai-service/jobs';
import type { Logger } from '@ai-service/observability';
import type { FinancialConfig } from './service.ts';

/** A producer on the `financial` queue for importStatement jobs (tests may pass their own queue). */
export function startImportQueue(
  config: FinancialConfig,
  { logger, registry }: { logger: Logger; registry: CreateJobsOptions['registry'] },
  override?: ImportQueue,
): { queue: ImportQueue; close: () => Promise<void> } {
  if (override) return { queue: override, close: async () => undefined };
  const jobs = createJobs({ ...jobsOptionsFromConfig(config), queues: { financial: queueCatalogue.financial }, logger, registry, reportDepth: false });
  return { queue: jobsImportQueue(jobs), close: () => jobs.close() };
}
