import type { Transaction } from '@ai-service/db';
import { performance } from 'node:perf_hooks';
import type { FinancialContext } from '../../context.ts';
import { INSERT_CHUNK, type IngestInsert } from '../../repositories/ingest.ts';
import { insertStagedTransactions, stageIngestRows } from '../../repositories/ingestStaging.ts';
import type { LoadedRuleSet } from '../rules/ruleSet.ts';
import { planIngestRules, stagedEvaluations, type RuledRows } from './ingestRules.ts';

/**
 * Plans the ingest rules over the new rows and inserts them as the rules leave them, chunk by
 * chunk, through the staging table (the staging table must exist). The database inserts chunk k
 * (index upkeep is most of a big import's time) while this process plans chunk k+1, so the two
 * overlap. That changes no plan: planning reads transfer candidates in the tenant's other accounts
 * and counterparties, never the account's new rows. `onProgress` is told the rows written so far
 * after each chunk; the result carries the milliseconds spent planning.
 */
export async function writeNewRows(
  tx: Transaction,
  ctx: FinancialContext,
  ruleSet: LoadedRuleSet,
  rows: readonly IngestInsert[],
  { claimed, onProgress }: { claimed: Set<string>; onProgress?: ((written: number) => Promise<void>) | undefined },
): Promise<RuledRows & { planMs: number }> {
  const ruled: RuledRows = { rows: [], changed: [] };
  let planMs = 0;
  let written: Promise<void> = Promise.resolve();
  try {
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const began = performance.now();
      const chunk = await planIngestRules(tx, ctx, ruleSet, rows.slice(start, start + INSERT_CHUNK), claimed);
      planMs += performance.now() - began;
      ruled.rows.push(...chunk.rows);
      ruled.changed.push(...chunk.changed);
      const end = start + chunk.rows.length;
      written = written.then(async () => {
        await stageIngestRows(tx, chunk.rows, stagedEvaluations(chunk.changed), start);
        await insertStagedTransactions(tx, start, end);
        await onProgress?.(end);
      });
      // Observed at the end (or below): a write that fails while the next chunk is planned must not go unhandled meanwhile.
      written.catch(() => undefined);
    }
  } catch (error) {
    // The transaction rolls back once the writes already sent are done with its connection.
    await written.catch(() => undefined);
    throw error;
  }
  await written;
  return { ...ruled, planMs };
}
