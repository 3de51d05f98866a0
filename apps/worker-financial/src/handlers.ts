import type { SyncJob, TemplateJob } from '@ai-service/financial-domain';
import { unavailableHandler, type Jobs } from '@ai-service/jobs';
import type { EventDelivery } from '@ai-service/outbox';
import { autoCategorizeHandler, statementImportedHandler, transactionSyncedHandler, type AutoCategorizeDeps, type AutoCategorizeJob } from './auto-categorize.ts';
import { statementImportRequestedHandler, type ImportStatementDeps } from './import-statement.ts';
import { recurringInvoicesHandler, type RecurringInvoicesDeps } from './recurring-invoices.ts';
import { syncBankHandler, type SyncBankDeps } from './sync-bank.ts';
import { tradeExecutedHandler } from './trade-executed.ts';

/**
 * Every job of the `financial` queue, by name. Each name of the catalogue must be here: the worker
 * refuses to start otherwise. The domain logic comes with issue 5; until then each job fails for
 * good with that reason and waits in `financial.dead`.
 */
export function registerFinancialHandlers(jobs: Jobs, deps: SyncBankDeps & AutoCategorizeDeps & ImportStatementDeps & RecurringInvoicesDeps): void {
  jobs.handle<SyncJob>('financial', 'syncBank', syncBankHandler(deps));
  jobs.handle<AutoCategorizeJob>('financial', 'autoCategorize', autoCategorizeHandler(deps));
  jobs.handle<EventDelivery>('financial', 'TransactionSynced', transactionSyncedHandler(deps));
  jobs.handle('financial', 'backfill', unavailableHandler('backfill', 'issue 5 (imports and backfills)'));
  jobs.handle<EventDelivery>('financial', 'StatementImportRequested', statementImportRequestedHandler(deps));
  jobs.handle<EventDelivery>('financial', 'StatementImported', statementImportedHandler(deps));
  jobs.handle<EventDelivery>('financial', 'TradeExecuted', tradeExecutedHandler(deps));
  jobs.handle<TemplateJob>('financial', 'generateRecurringInvoices', recurringInvoicesHandler(deps));
}
