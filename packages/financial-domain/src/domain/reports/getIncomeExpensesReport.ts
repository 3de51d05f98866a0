import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { formatMoney } from '../../money.ts';
import { firstDay, lastDay, monthOf, monthRange } from '../../months.ts';
import { categoryNodes } from '../../repositories/reportData.ts';
import { loadRateBook } from '../exchange-rates/loadRateBook.ts';
import { baseCurrencyOf } from '../settings/view.ts';
import { categoryTree } from './categoryTree.ts';
import { convertedParts } from './convertedParts.ts';
import { rateList } from './rateList.ts';
import type { IncomeExpensesReport } from './view.ts';

export type MonthRangeInput = { from: string; to: string };

/**
 * Income and expenses per month. A part in an income category is income and one in an expense
 * category is an expense, whatever its sign (a refund lowers expenses); an uncategorized part is
 * income when positive and an expense when negative. Expenses are reported as a positive amount.
 */
export async function getIncomeExpensesReport({ ctx, input }: { ctx: FinancialContext; input: MonthRangeInput }): Promise<IncomeExpensesReport> {
  const months = monthRange(input.from, input.to);
  const range = { from: firstDay(months[0]!), to: lastDay(months[months.length - 1]!) };
  return withTenantTx(ctx, async (tx) => {
    const base = await baseCurrencyOf(tx);
    const tree = categoryTree(await categoryNodes(tx));
    const parts = await convertedParts(tx, await loadRateBook(tx, base, range), range);
    const rows = new Map(months.map((month) => [month, { income: decimal('0'), expenses: decimal('0'), rates: rateList() }]));
    for (const part of parts) {
      const row = rows.get(monthOf(part.bookingDate))!;
      const amount = decimal(part.baseAmount);
      const kind = part.categoryId ? tree.byId.get(part.categoryId)?.kind : undefined;
      if (kind === 'income' || (!kind && amount.gt(0))) row.income = row.income.plus(amount);
      else row.expenses = row.expenses.minus(amount);
      row.rates.add(part.rate);
    }
    const money = (value: Decimal) => formatMoney(decimalToString(value), base);
    let income = decimal('0');
    let expenses = decimal('0');
    const items = months.map((month) => {
      const row = rows.get(month)!;
      income = income.plus(row.income);
      expenses = expenses.plus(row.expenses);
      return { month, income: money(row.income), expenses: money(row.expenses), net: money(row.income.minus(row.expenses)), rates: row.rates.list() };
    });
    return { currency: base, from: input.from, to: input.to, items, totals: { income: money(income), expenses: money(expenses), net: money(income.minus(expenses)) } };
  });
}
