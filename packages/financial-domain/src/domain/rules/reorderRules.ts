import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findRuleGroup, listRulesOfGroup, lockRuleSet, setRulePositions } from '../../repositories/rules.ts';
import { assertPermutation } from './reorderRuleGroups.ts';
import { toRuleGroupView, type RuleGroupView } from './view.ts';

/** Sets the evaluation order within a group: `ruleIds` lists every rule of the group once, first to run first. */
export async function reorderRules({ ctx, input }: { ctx: FinancialContext; input: { groupId: string; ruleIds: string[] } }): Promise<RuleGroupView> {
  return withTenantTx(ctx, async (tx) => {
    await lockRuleSet(tx, ctx.tenantId);
    const group = await findRuleGroup(tx, input.groupId);
    if (!group) throw notFound('rule group', input.groupId);
    assertPermutation('ruleIds', input.ruleIds, (await listRulesOfGroup(tx, input.groupId)).map((rule) => rule.id));
    await setRulePositions(tx, input.groupId, input.ruleIds);
    await audit(tx, ctx, { type: 'RulesReordered', aggregateType: 'rule_group', aggregateId: input.groupId, payload: { ruleIds: input.ruleIds } });
    return toRuleGroupView(group, await listRulesOfGroup(tx, input.groupId));
  });
}
