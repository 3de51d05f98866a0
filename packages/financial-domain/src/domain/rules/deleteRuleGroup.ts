import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { deleteRuleGroupRow, findRuleGroup, listRulesOfGroup } from '../../repositories/rules.ts';

/** Deletes the group and its rules; their evaluations stay as history. */
export async function deleteRuleGroup({ ctx, input }: { ctx: FinancialContext; input: { groupId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const group = await findRuleGroup(tx, input.groupId, { forUpdate: true });
    if (!group) throw notFound('rule group', input.groupId);
    const rules = await listRulesOfGroup(tx, input.groupId);
    await deleteRuleGroupRow(tx, input.groupId);
    await audit(tx, ctx, { type: 'RuleGroupDeleted', aggregateType: 'rule_group', aggregateId: input.groupId, payload: { group, rules } });
  });
}
