import { randomUUID } from 'node:crypto';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { DEFAULT_RUN_ITEMS, type RuleRunInput } from './dryRunRules.ts';
import { loadSelectedRuleSet } from './ruleSet.ts';
import { runRulesOverFilter, type RuleRunReport } from './runRulesOverFilter.ts';
import { writeRulePlans } from './writeRulePlans.ts';

/**
 * Applies stored rules on demand (trigger `manual`) to the transactions matching the filter, all
 * in one transaction: exactly what dryRunRules reports for the same input, recorded as rule
 * evaluations of run `runId`.
 */
export async function applyRules({ ctx, input }: { ctx: FinancialContext; input: RuleRunInput }): Promise<RuleRunReport & { runId: string }> {
  if (input.rule !== undefined) throw invalidInput('rule', 'An unsaved rule can only be tried in a dry run; save it to apply it.');
  const run = { runId: randomUUID(), trigger: 'manual' as const };
  return withTenantTx(ctx, async (tx) => {
    const ruleSet = await loadSelectedRuleSet(tx, input);
    const report = await runRulesOverFilter(tx, ruleSet, input.filter, {
      itemLimit: input.limit ?? DEFAULT_RUN_ITEMS,
      lock: true,
      write: async (plans) => {
        await writeRulePlans(tx, ctx, plans, run);
      },
    });
    return { runId: run.runId, ...report };
  });
}
