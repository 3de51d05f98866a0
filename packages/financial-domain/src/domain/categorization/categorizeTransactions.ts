import { performance } from 'node:perf_hooks';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { latestCategorizedExamples, listCategoryOptions } from '../../repositories/categorizationInputs.ts';
import { loadCategorizationSubjects, type RuleSubjectRow } from '../../repositories/ruleSubjects.ts';
import { assignCategories, type CategoryAssignment } from '../../repositories/ruleWrites.ts';
import { recordCategorizations } from '../transactions/recordCategorization.ts';
import type { CategorySuggester, Suggestion } from './aiCoreSuggester.ts';
import { applyCategoryRules } from './categoryRules.ts';
import { counterpartyMemory } from './counterpartyMemory.ts';

/** What the AI is shown: the tenant's categories, and its latest human or rule choices as examples. */
const AI_MAX_CATEGORIES = 1000;
const AI_EXAMPLES = 200;
/** ai-core's limit per request. */
const AI_BATCH = 500;

/** Which layer decided a transaction's category, or why none did. */
export type CategorizationLayer = 'rule' | 'history' | 'ai' | 'user' | 'split' | 'uncategorized';

export type CategorizationOutcome = {
  transactionId: string;
  layer: CategorizationLayer;
  categoryId: string | null;
  /** Whether this run changed the category. */
  changed: boolean;
  /** From the start of the run until this transaction's category was decided and committed. */
  decidedAfterMs: number;
};

export type CategorizeResult = { outcomes: CategorizationOutcome[]; aiUnavailable: boolean };

/**
 * Categorizes transactions in order of trust: the tenant's `ingest` rules (their category changes
 * only: ingestion already applied the rest, which the user may have edited since), then its history (counterparty memory), then, for those still uncategorized and when a
 * suggester is given, the AI. A user's choice is never touched, and a split transaction keeps its
 * categories in its splits. The AI is asked outside any database transaction and its answer is
 * written only where no category appeared meanwhile; when it is unavailable the transactions stay
 * uncategorized and the run still succeeds. Each change emits TransactionCategorized once.
 */
export async function categorizeTransactions({
  ctx,
  input,
  ai,
}: {
  ctx: FinancialContext;
  input: { transactionIds: readonly string[] };
  ai?: CategorySuggester | undefined;
}): Promise<CategorizeResult> {
  const started = performance.now();
  const outcomes = new Map<string, CategorizationOutcome>();
  const decide = (row: RuleSubjectRow, layer: CategorizationLayer, categoryId: string | null, changed: boolean) =>
    outcomes.set(row.id, { transactionId: row.id, layer, categoryId, changed, decidedAfterMs: 0 });
  const stamp = (ids: Iterable<string>) => {
    const elapsed = performance.now() - started;
    for (const id of ids) outcomes.get(id)!.decidedAfterMs = elapsed;
  };

  const leftovers = await withTenantTx(ctx, async (tx) => {
    // Read once, locked until commit (neither the rules nor the history decide on a row that changes
    // meanwhile), and again only where the rules changed the category.
    const loaded = await loadCategorizationSubjects(tx, input.transactionIds);
    const before = new Map(loaded.map((row) => [row.id, row.categoryId]));
    const ruled = await applyCategoryRules(tx, ctx, loaded);
    const fresh = new Map((await loadCategorizationSubjects(tx, ruled)).map((row) => [row.id, row]));
    const rows = loaded.map((row) => fresh.get(row.id) ?? row);
    for (const row of rows) {
      if (row.categoryProvenance === 'user') decide(row, 'user', row.categoryId, false);
      else if (row.hasSplits) decide(row, 'split', null, false);
      else if (row.categoryProvenance === 'rule') decide(row, 'rule', row.categoryId, before.get(row.id) !== row.categoryId);
    }
    // Left: uncategorized, or categorized by history or the AI, which history may correct (never a rule's or a user's choice).
    const open = rows.filter((row) => !outcomes.has(row.id));
    const winners = await counterpartyMemory(tx, ctx, open);
    const fromHistory: CategoryAssignment[] = open.flatMap((row) => {
      const categoryId = winners.get(row.id);
      return categoryId ? [{ id: row.id, categoryId, provenance: 'history' as const, ruleId: null }] : [];
    });
    const written = await assignCategories(tx, fromHistory);
    await recordCategorizations(
      tx,
      ctx,
      written.map(({ id, previousCategoryId }) => ({ transactionId: id, categoryId: winners.get(id)!, previousCategoryId, provenance: 'history' as const, ruleId: null })),
    );
    const changed = new Set(written.map((row) => row.id));
    for (const row of open) {
      if (winners.has(row.id)) decide(row, 'history', winners.get(row.id)!, changed.has(row.id));
      else if (row.categoryId !== null) decide(row, row.categoryProvenance === 'ai' ? 'ai' : 'history', row.categoryId, false);
    }
    stamp(outcomes.keys());
    return open.filter((row) => !outcomes.has(row.id));
  });

  let aiUnavailable = false;
  if (leftovers.length > 0 && ai) {
    const suggestions = await suggestWithAi(ctx, leftovers, ai);
    aiUnavailable = suggestions === null;
    const accepted = (suggestions ?? []).filter((suggestion): suggestion is Suggestion & { categoryId: string } => suggestion.categoryId !== null);
    const written = await withTenantTx(ctx, async (tx) => {
      const rows = await assignCategories(
        tx,
        accepted.map((suggestion) => ({ id: suggestion.id, categoryId: suggestion.categoryId, provenance: 'ai' as const, ruleId: null })),
        { onlyUncategorized: true },
      );
      const chosen = new Map(accepted.map((suggestion) => [suggestion.id, suggestion.categoryId]));
      await recordCategorizations(
        tx,
        ctx,
        rows.map(({ id, previousCategoryId }) => ({ transactionId: id, categoryId: chosen.get(id)!, previousCategoryId, provenance: 'ai' as const, ruleId: null })),
      );
      return new Map(rows.map((row) => [row.id, chosen.get(row.id)!]));
    });
    for (const row of leftovers) if (written.has(row.id)) decide(row, 'ai', written.get(row.id)!, true);
  }
  for (const row of leftovers) if (!outcomes.has(row.id)) decide(row, 'uncategorized', null, false);
  stamp(leftovers.map((row) => row.id));
  return { outcomes: input.transactionIds.flatMap((id) => outcomes.get(id) ?? []), aiUnavailable };
}

/** The AI's suggestions for these transactions, or null when it could not answer; only the tenant's own categories are kept. */
async function suggestWithAi(ctx: FinancialContext, rows: readonly RuleSubjectRow[], ai: CategorySuggester): Promise<Suggestion[] | null> {
  const { categories, examples } = await withTenantTx(ctx, async (tx) => ({
    categories: await listCategoryOptions(tx, AI_MAX_CATEGORIES),
    examples: await latestCategorizedExamples(tx, AI_EXAMPLES),
  }));
  if (categories.length === 0) return [];
  const known = new Set(categories.map((category) => category.id));
  const suggestions: Suggestion[] = [];
  for (let start = 0; start < rows.length; start += AI_BATCH) {
    const batch = rows.slice(start, start + AI_BATCH);
    let answer: Suggestion[] | null;
    try {
      answer = await ai(ctx.tenantId, {
        transactions: batch.map((row) => ({ id: row.id, description: row.description, counterparty: row.counterparty, amount: row.amount, currency: row.currency })),
        categories,
        examples,
      });
    } catch {
      answer = null;
    }
    if (answer === null) return null;
    const asked = new Set(batch.map((row) => row.id));
    suggestions.push(...answer.filter((suggestion) => asked.has(suggestion.id) && (suggestion.categoryId === null || known.has(suggestion.categoryId))));
  }
  return suggestions;
}
