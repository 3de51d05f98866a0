import type { Transaction } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { RuleTrigger } from '../../db/schema/rules.ts';
import type { ChangeableField } from './engine.ts';
import { planRules, restrictPlan } from './planRules.ts';
import { loadStoredRuleSet, type LoadedRuleSet } from './ruleSet.ts';
import { writeRulePlans, type RuleRun } from './writeRulePlans.ts';

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
    return { ...run, ...(await applyRuleSetToStored(tx, ctx, ruleSet, input.transactionIds, { run, claimed: new Set(), fields: input.fields })) };
  });
}

/**
 * The loop of applyRulesToTransactions over a rule set already loaded, as one part of a larger run
 * (`run` and the transfer pairs already `claimed` are shared with the rest of it: an ingest plans
 * its new rows in memory and its newly booked, stored ones here).
 */
export async function applyRuleSetToStored(
  tx: Transaction,
  ctx: FinancialContext,
  ruleSet: LoadedRuleSet,
  transactionIds: readonly string[],
  { run, claimed, fields }: { run: RuleRun; claimed: Set<string>; fields?: readonly ChangeableField[] | undefined },
): Promise<{ evaluated: number; changed: number }> {
  let evaluated = 0;
  let changed = 0;
  for (let start = 0; start < transactionIds.length && !ruleSet.isEmpty; start += RULE_BATCH_SIZE) {
    const planned = await planRules(tx, ruleSet, transactionIds.slice(start, start + RULE_BATCH_SIZE), claimed, { lock: true });
    const plans = fields ? planned.map((plan) => restrictPlan(plan, fields)) : planned;
    evaluated += plans.length;
    changed += await writeRulePlans(tx, ctx, plans, run);
  }
  return { evaluated, changed };
}
