import { withTenant } from '@ai-service/db';
import type { CsvMapping } from '@ai-service/statement-import';
import { audit } from '../../audit.ts';
import { inTransaction, withTenantTx, type FinancialContext } from '../../context.ts';
import { isFinancialError, notFound } from '../../errors.ts';
import { findImportWithFile, updateImportRow } from '../../repositories/imports.ts';
import { ingestTransactions } from '../ingest/ingestTransactions.ts';
import { readStatement } from './readStatement.ts';
import { toImportView, type ImportView } from './view.ts';

/**
 * The importStatement job: reads the stored file again and ingests its rows into the account. The
 * rows, the counts and the `completed` status commit together; progress is written meanwhile in
 * short transactions of its own, so GET shows it. A file or rows the domain refuses end the import
 * as `failed` with the reason; other errors are thrown for the queue to retry (nothing was kept).
 * An import that already finished is left as it is, so a redelivered job does nothing.
 */
export async function runImport({ ctx: jobCtx, input }: { ctx: FinancialContext; input: { importId: string } }): Promise<ImportView> {
  const stored = await withTenantTx(jobCtx, (tx) => findImportWithFile(tx, input.importId));
  if (!stored) throw notFound('import', input.importId);
  // The system runs the job on behalf of the user who uploaded the file: theirs are the new rows and the audit.
  const ctx = { ...jobCtx, actorId: jobCtx.actorId ?? stored.createdBy };
  const { file: _file, ...summary } = stored;
  if (stored.status === 'completed' || stored.status === 'failed') return toImportView(summary);
  await withTenantTx(ctx, (tx) => updateImportRow(tx, stored.id, { status: 'running', startedAt: ctx.clock(), processedRows: 0 }));

  const progress = (processedRows: number) => withTenant(ctx.db, ctx.tenantId, async (tx) => void (await updateImportRow(tx, stored.id, { processedRows })));
  try {
    const statement = readStatement(stored.file, { format: stored.format, mapping: (stored.mapping ?? undefined) as CsvMapping | undefined, fileName: stored.fileName });
    const row = await withTenantTx(ctx, async (tx) => {
      const result = await ingestTransactions({
        ctx: inTransaction(ctx, tx),
        input: { accountId: stored.accountId, source: 'import', importId: stored.id, rows: statement.rows, onProgress: progress },
      });
      const completed = await updateImportRow(tx, stored.id, {
        status: 'completed',
        processedRows: stored.totalRows,
        createdCount: result.createdIds.length,
        duplicateCount: result.duplicates,
        replacedCount: result.bookedIds.length,
        finishedAt: ctx.clock(),
      });
      await audit(tx, ctx, {
        type: 'ImportCompleted',
        aggregateType: 'import',
        aggregateId: stored.id,
        payload: { created: result.createdIds.length, duplicates: result.duplicates, replaced: result.bookedIds.length },
      });
      return completed;
    });
    return toImportView(row);
  } catch (error) {
    if (!isFinancialError(error)) throw error;
    const line = typeof error.details?.['line'] === 'number' ? error.details['line'] : null;
    const failed = await withTenantTx(ctx, async (tx) => {
      const row = await updateImportRow(tx, stored.id, { status: 'failed', errors: [{ line, message: error.message }], finishedAt: ctx.clock() });
      await audit(tx, ctx, { type: 'ImportFailed', aggregateType: 'import', aggregateId: stored.id, payload: { line, message: error.message } });
      return row;
    });
    return toImportView(failed);
  }
}
