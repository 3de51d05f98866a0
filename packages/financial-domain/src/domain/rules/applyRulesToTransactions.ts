import { randomUUID } from 'node:crypto';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { RuleTrigger } from '../../db/schema/rules.ts';
import type { ChangeableField } from './engine.ts';
import { planRules, restrictPlan } from './planRules.ts';
import { loadStoredRuleSet } from './ruleSet.ts';
import { writeRulePlans } from './writeRulePlans.ts';

/** Transactions planned and written per round: bounds memory and statement size on large imports. */
export const RULE_BATCH_SIZE = 1000;

export type ApplyRulesToTransactionsInput = {
  transactionIds: readonly string[];
  trigger: Exclude<RuleTrigger, 'manual'>;
  /** Write only changes to these fields (categorization re-runs rules for the category alone, never redoing notes or tags a user may have edited since). */
  fields?: readonly ChangeableField[] | undefined;
};

export type RuleRunResult = { runId: string; evaluated: number; changed: number };

/**
 * Runs the tenant's active rules that list `trigger` over these transactions and writes the
 * changes. Called by ingestion (trigger `ingest`, inside its transaction through `ctx.tx`) and by
 * a manual edit (trigger `edit`), so the rules' changes commit or roll back with the cause.
 */
export async function applyRulesToTransactions({ ctx, input }: { ctx: FinancialContext; input: ApplyRulesToTransactionsInput }): Promise<RuleRunResult> {
  const run = { runId: randomUUID(), trigger: input.trigger };
  return withTenantTx(ctx, async (tx) => {
    const ruleSet = await loadStoredRuleSet(tx, input.trigger);
    const claimed = new Set<string>();
    let evaluated = 0;
    let changed = 0;
    for (let start = 0; start < input.transactionIds.length && !ruleSet.isEmpty; start += RULE_BATCH_SIZE) {
      const planned = await planRules(tx, ruleSet, input.transactionIds.slice(start, start + RULE_BATCH_SIZE), claimed, { lock: true });
      const plans = input.fields ? planned.map((plan) => restrictPlan(plan, input.fields!)) : planned;
      evaluated += plans.length;
      changed += await writeRulePlans(tx, ctx, plans, run);
    }
    return { ...run, evaluated, changed };
  });
}
