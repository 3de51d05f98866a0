import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findRuleGroup, listRulesOfGroup } from '../../repositories/rules.ts';
import { toRuleGroupView, type RuleGroupView } from './view.ts';

export async function getRuleGroup({ ctx, input }: { ctx: FinancialContext; input: { groupId: string } }): Promise<RuleGroupView> {
  return withTenantTx(ctx, async (tx) => {
    const group = await findRuleGroup(tx, input.groupId);
    if (!group) throw notFound('rule group', input.groupId);
    return toRuleGroupView(group, await listRulesOfGroup(tx, group.id));
  });
}
