import type { FinancialContext } from '../../context.ts';

/** The categorization (history, then AI) of the transactions an import left uncategorized: one job per import. */
export type ImportCategorizationJob = { tenantId: string; importId: string };

/** How a completed import hands its transactions to categorization (worker-financial's autoCategorize; a recorder in tests). */
export type CategorizationQueue = { enqueueImportCategorization: (job: ImportCategorizationJob) => Promise<void> };

export type RunImportContext = FinancialContext & { categorizationQueue: CategorizationQueue };
