import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { listRuleGroupsWithRules, lockRuleSet, setRuleGroupPositions } from '../../repositories/rules.ts';
import { toRuleGroupView, type RuleGroupView } from './view.ts';

/** Sets the evaluation order of the groups: `groupIds` lists every group of the tenant once, first to run first. */
export async function reorderRuleGroups({ ctx, input }: { ctx: FinancialContext; input: { groupIds: string[] } }): Promise<RuleGroupView[]> {
  return withTenantTx(ctx, async (tx) => {
    await lockRuleSet(tx, ctx.tenantId);
    const current = await listRuleGroupsWithRules(tx);
    assertPermutation('groupIds', input.groupIds, current.map((group) => group.id));
    await setRuleGroupPositions(tx, input.groupIds);
    await audit(tx, ctx, { type: 'RuleGroupsReordered', aggregateType: 'rule_group', aggregateId: ctx.tenantId, payload: { groupIds: input.groupIds } });
    return (await listRuleGroupsWithRules(tx)).map((group) => toRuleGroupView(group, group.rules));
  });
}

/** `given` must hold exactly the ids of `existing`, each once. */
export function assertPermutation(field: string, given: readonly string[], existing: readonly string[]): void {
  const known = new Set(existing);
  const unknown = given.findIndex((id) => !known.has(id));
  if (unknown >= 0) throw invalidInput(`${field}.${unknown}`, `${given[unknown]} is not one of them in this tenant.`);
  if (new Set(given).size !== given.length || given.length !== existing.length) {
    throw invalidInput(field, `${field} must list each of the ${existing.length} ids exactly once.`);
  }
}
