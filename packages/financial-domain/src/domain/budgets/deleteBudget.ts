import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { firstDay, parseMonth } from '../../months.ts';
import { deleteBudgetRow, findBudget } from '../../repositories/budgets.ts';

/** Removes a category's budget for a month (a rollover chain through that month ends there). */
export async function deleteBudget({ ctx, input }: { ctx: FinancialContext; input: { month: string; categoryId: string } }): Promise<void> {
  const month = parseMonth('month', input.month);
  await withTenantTx(ctx, async (tx) => {
    const row = await findBudget(tx, firstDay(month), input.categoryId);
    if (!row) throw notFound('budget', `${month}/${input.categoryId}`);
    await deleteBudgetRow(tx, row.id);
    await audit(tx, ctx, { type: 'BudgetDeleted', aggregateType: 'budget', aggregateId: row.id, payload: { month, categoryId: row.categoryId, amount: row.amount, rollover: row.rollover } });
  });
}
