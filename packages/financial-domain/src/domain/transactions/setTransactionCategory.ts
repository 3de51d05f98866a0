import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { CategoryProvenance } from '../../db/schema/ledger.ts';
import { invalidInput, notFound } from '../../errors.ts';
import { findLiveTransaction, updateTransactionRows } from '../../repositories/transactions.ts';
import { recordCategorizations } from './recordCategorization.ts';
import { requireCategories } from './references.ts';

export type SetTransactionCategoryInput = {
  transactionId: string;
  /** null clears the category. */
  categoryId: string | null;
  provenance: CategoryProvenance;
  /** The rule that chose the category; required with provenance `rule`, refused otherwise. */
  ruleId?: string | null | undefined;
};

/**
 * `applied`: the category (or its provenance) changed and `TransactionCategorized` was emitted;
 * `unchanged`: it already was exactly this; `kept_user_choice`: the user chose the current
 * category and an automatic provenance may not overwrite it.
 */
export type SetTransactionCategoryResult = { outcome: 'applied' | 'unchanged' | 'kept_user_choice'; previousCategoryId: string | null };

/**
 * Sets a transaction's category on behalf of a rule, the tenant's history, the AI or the user.
 * A category whose provenance is `user` is only ever replaced by another `user` choice.
 * Joins `ctx.tx` when set, so a rule run can categorize many transactions atomically.
 */
export async function setTransactionCategory({ ctx, input }: { ctx: FinancialContext; input: SetTransactionCategoryInput }): Promise<SetTransactionCategoryResult> {
  const ruleId = input.ruleId ?? null;
  if (input.provenance === 'rule' && !ruleId) throw invalidInput('ruleId', 'A category set by a rule names the rule.');
  if (input.provenance !== 'rule' && ruleId) throw invalidInput('ruleId', 'Only a rule-set category has a rule id.');
  return withTenantTx(ctx, async (tx) => {
    const before = await findLiveTransaction(tx, input.transactionId, { forUpdate: true });
    if (!before) throw notFound('transaction', input.transactionId);
    const previousCategoryId = before.categoryId;
    if (before.categoryProvenance === 'user' && input.provenance !== 'user') return { outcome: 'kept_user_choice', previousCategoryId };
    if (before.categoryId === input.categoryId && before.categoryProvenance === input.provenance && before.categoryRuleId === ruleId) {
      return { outcome: 'unchanged', previousCategoryId };
    }
    await requireCategories(tx, [{ field: 'categoryId', id: input.categoryId }]);
    await updateTransactionRows(tx, [before.id], { categoryId: input.categoryId, categoryProvenance: input.provenance, categoryRuleId: ruleId });
    await recordCategorizations(tx, ctx, [{ transactionId: before.id, categoryId: input.categoryId, previousCategoryId, provenance: input.provenance, ruleId }]);
    return { outcome: 'applied', previousCategoryId };
  });
}
