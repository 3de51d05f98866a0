import { withTenantTx, type FinancialContext } from '../../context.ts';
import { monthRange } from '../../months.ts';
import { budgetLines } from '../budgets/budgetLines.ts';
import type { BudgetLine } from '../budgets/view.ts';
import { baseCurrencyOf } from '../settings/view.ts';
import type { MonthRangeInput } from './getIncomeExpensesReport.ts';

export type BudgetVsActualReport = { currency: string; from: string; to: string; items: BudgetLine[] };

/** Budget, rolled-over amount, actual and remaining of every budgeted category in each month of the range. */
export async function getBudgetVsActualReport({ ctx, input }: { ctx: FinancialContext; input: MonthRangeInput }): Promise<BudgetVsActualReport> {
  const months = monthRange(input.from, input.to);
  return withTenantTx(ctx, async (tx) => {
    const currency = await baseCurrencyOf(tx);
    return { currency, from: input.from, to: input.to, items: await budgetLines(tx, currency, months) };
  });
}
