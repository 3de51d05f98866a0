import { withTenantTx, type FinancialContext } from '../../context.ts';
import { listUncategorizedImportTransactionIds } from '../../repositories/categorizationInputs.ts';
import type { CategorySuggester } from './aiCoreSuggester.ts';
import { categorizeTransactions, type CategorizeResult } from './categorizeTransactions.ts';

/** Transactions per categorization run (and database transaction): bounds the locks held and the work redone after a crash. */
export const IMPORT_CATEGORIZATION_CHUNK = 1000;

/**
 * Categorizes the transactions an import left uncategorized (its rules ran inside the import, and
 * run again here: see applyCategoryRules): categorizeTransactions over them, a chunk at a time,
 * each chunk its own run committed on its own. Once the AI has been unavailable, the later chunks
 * are not sent to it: they stay uncategorized like the chunk that found it down, without waiting
 * for its timeout again. Run again, it takes only what is still uncategorized.
 */
export async function categorizeImport({ ctx, input, ai }: { ctx: FinancialContext; input: { importId: string }; ai?: CategorySuggester | undefined }): Promise<CategorizeResult> {
  const ids = await withTenantTx(ctx, (tx) => listUncategorizedImportTransactionIds(tx, input.importId));
  const result: CategorizeResult = { outcomes: [], aiUnavailable: false };
  for (let start = 0; start < ids.length; start += IMPORT_CATEGORIZATION_CHUNK) {
    const chunk = await categorizeTransactions({ ctx, input: { transactionIds: ids.slice(start, start + IMPORT_CATEGORIZATION_CHUNK) }, ai: result.aiUnavailable ? undefined : ai });
    result.outcomes.push(...chunk.outcomes);
    result.aiUnavailable ||= chunk.aiUnavailable;
  }
  return result;
}
