import type { FinancialContext } from '../../context.ts';

/** One importStatement job: the import to run, in its tenant. */
export type ImportJob = { tenantId: string; importId: string };

/** How an accepted import reaches the worker (packages/jobs in the service; a recorder in tests). */
export type ImportQueue = { enqueueImport: (job: ImportJob) => Promise<void> };

export type ImportContext = FinancialContext & { importQueue: ImportQueue };

/** The categorization (history, then AI) of the transactions an import left uncategorized: one job per import. */
export type ImportCategorizationJob = { tenantId: string; importId: string };

/** How a completed import hands its transactions to categorization (worker-financial's autoCategorize; a recorder in tests). */
export type CategorizationQueue = { enqueueImportCategorization: (job: ImportCategorizationJob) => Promise<void> };

export type RunImportContext = FinancialContext & { categorizationQueue: CategorizationQueue };
