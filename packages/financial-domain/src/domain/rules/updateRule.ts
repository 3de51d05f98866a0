import { audit, changes } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findRule, findRuleGroup, lockRuleSet, nextRulePosition, updateRuleRow } from '../../repositories/rules.ts';
import { parseRuleLogic } from './parseRuleLogic.ts';
import { toRuleView, type RuleView } from './view.ts';

/** `logic`: the parts of the rule's logic to replace (match, conditions, actions, triggers, stopProcessing, active). */
export type UpdateRuleInput = { ruleId: string; groupId?: string | undefined; name?: string | undefined; logic: Record<string, unknown> };

/** Changes the given fields; the rule as a whole is validated again. Moving to another group puts it last there. */
export async function updateRule({ ctx, input }: { ctx: FinancialContext; input: UpdateRuleInput }): Promise<RuleView> {
  return withTenantTx(ctx, async (tx) => {
    const before = await findRule(tx, input.ruleId, { forUpdate: true });
    if (!before) throw notFound('rule', input.ruleId);
    const { match, conditions, actions, triggers, stopProcessing, active } = before;
    const logic = await parseRuleLogic(tx, { match, conditions, actions, triggers, stopProcessing, active, ...input.logic });
    const moves = input.groupId !== undefined && input.groupId !== before.groupId;
    if (moves) {
      await lockRuleSet(tx, ctx.tenantId);
      if (!(await findRuleGroup(tx, input.groupId!))) throw notFound('rule group', input.groupId!);
    }
    const after = await updateRuleRow(tx, input.ruleId, {
      ...logic,
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(moves ? { groupId: input.groupId!, position: await nextRulePosition(tx, input.groupId!) } : {}),
    });
    const diff = changes({ ...before, updatedAt: null }, { ...after, updatedAt: null });
    await audit(tx, ctx, { type: 'RuleUpdated', aggregateType: 'rule', aggregateId: input.ruleId, payload: { changes: diff } });
    return toRuleView(after);
  });
}
