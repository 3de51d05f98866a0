import type { RateUsed } from '../exchange-rates/rateBook.ts';
import type { BudgetRow } from '../../repositories/budgets.ts';
import { formatMoney } from '../../money.ts';
import { monthOf } from '../../months.ts';

export type BudgetView = { id: string; month: string; categoryId: string; amount: string; rollover: boolean; currency: string; createdAt: Date; updatedAt: Date };

export const toBudgetView = (row: BudgetRow, currency: string): BudgetView => ({
  id: row.id,
  month: monthOf(row.month),
  categoryId: row.categoryId,
  amount: formatMoney(row.amount, currency),
  rollover: row.rollover,
  currency,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** A budgeted category in one month, in the base currency: `remaining` = budget + rolledOver − actual. */
export type BudgetLine = {
  month: string;
  categoryId: string;
  categoryName: string;
  kind: 'income' | 'expense';
  rollover: boolean;
  budget: string;
  rolledOver: string;
  actual: string;
  remaining: string;
  rates: RateUsed[];
};
