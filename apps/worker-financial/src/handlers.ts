import { unavailableHandler, type Jobs } from '@ai-service/jobs';

/**
 * Every job of the `financial` queue, by name. Each name of the catalogue must be here: the worker
 * refuses to start otherwise. The domain logic comes with issue 5; until then each job fails for
 * good with that reason and waits in `financial.dead`.
 */
export function registerFinancialHandlers(jobs: Jobs): void {
  jobs.handle('financial', 'syncBank', unavailableHandler('syncBank', 'issue 5 (bank sync: GoCardless, SimpleFIN)'));
  jobs.handle('financial', 'autoCategorize', unavailableHandler('autoCategorize', 'issue 5 (rules, history and AI categorization)'));
  jobs.handle('financial', 'backfill', unavailableHandler('backfill', 'issue 5 (imports and backfills)'));
}
