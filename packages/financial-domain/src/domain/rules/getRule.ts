import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findRule } from '../../repositories/rules.ts';
import { toRuleView, type RuleView } from './view.ts';

export async function getRule({ ctx, input }: { ctx: FinancialContext; input: { ruleId: string } }): Promise<RuleView> {
  return withTenantTx(ctx, async (tx) => {
    const rule = await findRule(tx, input.ruleId);
    if (!rule) throw notFound('rule', input.ruleId);
    return toRuleView(rule);
  });
}
