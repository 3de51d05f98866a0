import { audit, changes } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findRuleGroup, listRulesOfGroup, updateRuleGroupRow } from '../../repositories/rules.ts';
import { toRuleGroupView, type RuleGroupView } from './view.ts';

export type UpdateRuleGroupInput = { groupId: string; name?: string | undefined; active?: boolean | undefined; stopProcessing?: boolean | undefined };

export async function updateRuleGroup({ ctx, input }: { ctx: FinancialContext; input: UpdateRuleGroupInput }): Promise<RuleGroupView> {
  return withTenantTx(ctx, async (tx) => {
    const before = await findRuleGroup(tx, input.groupId, { forUpdate: true });
    if (!before) throw notFound('rule group', input.groupId);
    const after = await updateRuleGroupRow(tx, input.groupId, {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.stopProcessing !== undefined ? { stopProcessing: input.stopProcessing } : {}),
    });
    const diff = changes({ ...before, updatedAt: null }, { ...after, updatedAt: null });
    await audit(tx, ctx, { type: 'RuleGroupUpdated', aggregateType: 'rule_group', aggregateId: input.groupId, payload: { changes: diff } });
    return toRuleGroupView(after, await listRulesOfGroup(tx, input.groupId));
  });
}
