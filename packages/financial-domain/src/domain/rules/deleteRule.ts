import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { deleteRuleRow, findRule } from '../../repositories/rules.ts';

/** Deletes the rule; its evaluations and the provenance of categories it set stay as history. */
export async function deleteRule({ ctx, input }: { ctx: FinancialContext; input: { ruleId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const rule = await findRule(tx, input.ruleId, { forUpdate: true });
    if (!rule) throw notFound('rule', input.ruleId);
    await deleteRuleRow(tx, input.ruleId);
    await audit(tx, ctx, { type: 'RuleDeleted', aggregateType: 'rule', aggregateId: input.ruleId, payload: { rule } });
  });
}
