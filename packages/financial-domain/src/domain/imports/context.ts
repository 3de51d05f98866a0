import type { FinancialContext } from '../../context.ts';

/** One importStatement job: the import to run, in its tenant. */
export type ImportJob = { tenantId: string; importId: string };

/** How an accepted import reaches the worker (packages/jobs in the service; a recorder in tests). */
export type ImportQueue = { enqueueImport: (job: ImportJob) => Promise<void> };

export type ImportContext = FinancialContext & { importQueue: ImportQueue };
