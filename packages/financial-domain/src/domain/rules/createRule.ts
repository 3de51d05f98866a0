import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findRuleGroup, insertRule, lockRuleSet, nextRulePosition } from '../../repositories/rules.ts';
import { parseRuleLogic } from './parseRuleLogic.ts';
import { toRuleView, type RuleView } from './view.ts';

/** `logic`: match, conditions, actions, triggers, stopProcessing, active, as the API sent them (validated here). */
export type CreateRuleInput = { groupId: string; name: string; logic: Record<string, unknown> };

/** A new rule runs after the other rules of its group. */
export async function createRule({ ctx, input }: { ctx: FinancialContext; input: CreateRuleInput }): Promise<RuleView> {
  return withTenantTx(ctx, async (tx) => {
    const logic = await parseRuleLogic(tx, input.logic);
    await lockRuleSet(tx, ctx.tenantId);
    if (!(await findRuleGroup(tx, input.groupId))) throw notFound('rule group', input.groupId);
    const row = await insertRule(tx, {
      id: randomUUID(),
      tenantId: ctx.tenantId,
      groupId: input.groupId,
      name: input.name.trim(),
      position: await nextRulePosition(tx, input.groupId),
      ...logic,
    });
    await audit(tx, ctx, { type: 'RuleCreated', aggregateType: 'rule', aggregateId: row.id, payload: { rule: row } });
    return toRuleView(row);
  });
}
