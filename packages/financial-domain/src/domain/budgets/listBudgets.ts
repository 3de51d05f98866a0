import { withTenantTx, type FinancialContext } from '../../context.ts';
import { parseMonth } from '../../months.ts';
import { baseCurrencyOf } from '../settings/view.ts';
import { budgetLines } from './budgetLines.ts';
import type { BudgetLine } from './view.ts';

export type BudgetMonth = { month: string; currency: string; items: BudgetLine[] };

/** Each category budgeted in the month: budget, what rolled over into it, actual and remaining. */
export async function listBudgets({ ctx, input }: { ctx: FinancialContext; input: { month: string } }): Promise<BudgetMonth> {
  const month = parseMonth('month', input.month);
  return withTenantTx(ctx, async (tx) => {
    const currency = await baseCurrencyOf(tx);
    return { month, currency, items: await budgetLines(tx, currency, [month]) };
  });
}
