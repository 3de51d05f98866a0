import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { TransactionFilter } from '../../repositories/transactions.ts';
import { loadSelectedRuleSet, type RuleSelection } from './ruleSet.ts';
import { runRulesOverFilter, type RuleRunReport } from './runRulesOverFilter.ts';

export type RuleRunInput = RuleSelection & { filter: TransactionFilter; limit?: number | undefined };

/** How many changed transactions a run lists unless told otherwise. */
export const DEFAULT_RUN_ITEMS = 100;

/**
 * Which transactions matching the filter the rules would change, and how (before/after per field
 * and per rule); writes nothing. Stored rules (all that run on demand, or the chosen ones) or one
 * unsaved rule (`rule`). What it reports is exactly what applyRules would do on the same data.
 */
export async function dryRunRules({ ctx, input }: { ctx: FinancialContext; input: RuleRunInput }): Promise<RuleRunReport> {
  return withTenantTx(ctx, async (tx) => {
    const ruleSet = await loadSelectedRuleSet(tx, input);
    return runRulesOverFilter(tx, ruleSet, input.filter, { itemLimit: input.limit ?? DEFAULT_RUN_ITEMS, lock: false, write: async () => {} });
  });
}
