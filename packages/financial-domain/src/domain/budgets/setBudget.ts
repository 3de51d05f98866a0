import { randomUUID } from 'node:crypto';
import { decimal } from '@ai-service/money';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput, notFound } from '../../errors.ts';
import { parseAmount } from '../../money.ts';
import { firstDay, parseMonth } from '../../months.ts';
import { findBudget, upsertBudget } from '../../repositories/budgets.ts';
import { findCategory } from '../../repositories/categories.ts';
import { baseCurrencyOf } from '../settings/view.ts';
import { toBudgetView, type BudgetView } from './view.ts';

export type SetBudgetInput = { month: string; categoryId: string; amount: string; rollover?: boolean | undefined };

/** Sets (or replaces) a category's budget for a month, in the base currency; `rollover` defaults to false. */
export async function setBudget({ ctx, input }: { ctx: FinancialContext; input: SetBudgetInput }): Promise<BudgetView> {
  const month = parseMonth('month', input.month);
  return withTenantTx(ctx, async (tx) => {
    const base = await baseCurrencyOf(tx);
    const amount = parseAmount('amount', input.amount, base);
    if (decimal(amount).lt(0)) throw invalidInput('amount', 'amount must not be negative.');
    if (!(await findCategory(tx, input.categoryId))) throw notFound('category', input.categoryId);
    const before = await findBudget(tx, firstDay(month), input.categoryId);
    const row = await upsertBudget(tx, { id: before?.id ?? randomUUID(), tenantId: ctx.tenantId, month: firstDay(month), categoryId: input.categoryId, amount, rollover: input.rollover ?? false });
    await audit(tx, ctx, {
      type: 'BudgetSet',
      aggregateType: 'budget',
      aggregateId: row.id,
      payload: { month, categoryId: input.categoryId, amount, rollover: row.rollover, currency: base, previous: before ? { amount: before.amount, rollover: before.rollover } : null },
    });
    return toBudgetView(row, base);
  });
}
