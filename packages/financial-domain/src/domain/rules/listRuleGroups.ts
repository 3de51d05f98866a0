import { withTenantTx, type FinancialContext } from '../../context.ts';
import { listRuleGroupsWithRules } from '../../repositories/rules.ts';
import { toRuleGroupView, type RuleGroupView } from './view.ts';

/** The whole rule set in evaluation order: groups, each with its rules. */
export async function listRuleGroups({ ctx }: { ctx: FinancialContext; input?: undefined }): Promise<RuleGroupView[]> {
  return withTenantTx(ctx, async (tx) => (await listRuleGroupsWithRules(tx)).map((group) => toRuleGroupView(group, group.rules)));
}
