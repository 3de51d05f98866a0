import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { insertRuleGroup, lockRuleSet, nextRuleGroupPosition } from '../../repositories/rules.ts';
import { toRuleGroupView, type RuleGroupView } from './view.ts';

export type CreateRuleGroupInput = { name: string; active?: boolean | undefined; stopProcessing?: boolean | undefined };

/** A new group runs after the existing ones. */
export async function createRuleGroup({ ctx, input }: { ctx: FinancialContext; input: CreateRuleGroupInput }): Promise<RuleGroupView> {
  return withTenantTx(ctx, async (tx) => {
    await lockRuleSet(tx, ctx.tenantId);
    const row = await insertRuleGroup(tx, {
      id: randomUUID(),
      tenantId: ctx.tenantId,
      name: input.name.trim(),
      position: await nextRuleGroupPosition(tx),
      active: input.active ?? true,
      stopProcessing: input.stopProcessing ?? false,
    });
    await audit(tx, ctx, { type: 'RuleGroupCreated', aggregateType: 'rule_group', aggregateId: row.id, payload: { group: row } });
    return toRuleGroupView(row, []);
  });
}
