import type { Transaction } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import type { FinancialContext } from '../../context.ts';
import type { RuleSubjectRow } from '../../repositories/ruleSubjects.ts';
import { RULE_BATCH_SIZE } from '../rules/applyRulesToTransactions.ts';
import { planLoadedRows, restrictPlan } from '../rules/planRules.ts';
import { loadStoredRuleSet } from '../rules/ruleSet.ts';
import { changeOf, writeRulePlans } from '../rules/writeRulePlans.ts';

/**
 * The tenant's `ingest` rules over transactions the caller loaded and locked, writing only their
 * category changes (ingestion already applied the rest, which the user may have edited since):
 * applyRulesToTransactions with `fields: ['categoryId']`, without reading the rows a second time.
 * The rules run again even over the rows an import's own rule pass just left uncategorized: a rule
 * may have been added or changed since, or a condition may read what that pass wrote (notes, tags).
 * Returns the transactions whose category the rules changed.
 */
export async function applyCategoryRules(tx: Transaction, ctx: FinancialContext, rows: readonly RuleSubjectRow[]): Promise<string[]> {
  const ruleSet = await loadStoredRuleSet(tx, 'ingest');
  const run = { runId: randomUUID(), trigger: 'ingest' as const };
  const claimed = new Set<string>();
  const changed: string[] = [];
  for (let start = 0; start < rows.length && !ruleSet.isEmpty; start += RULE_BATCH_SIZE) {
    const planned = await planLoadedRows(tx, ruleSet, rows.slice(start, start + RULE_BATCH_SIZE), claimed);
    const plans = planned.map((plan) => restrictPlan(plan, ['categoryId']));
    await writeRulePlans(tx, ctx, plans, run);
    changed.push(...plans.flatMap((plan) => (changeOf(plan, 'categoryId') ? [plan.transactionId] : [])));
  }
  return changed;
}
