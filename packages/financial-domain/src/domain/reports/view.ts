import type { RateUsed } from '../exchange-rates/rateBook.ts';

/** Every report is in the tenant's base currency (`currency`); amounts are decimal strings with its decimals. */

export type IncomeExpensesRow = { month: string; income: string; expenses: string; net: string; rates: RateUsed[] };
export type IncomeExpensesReport = { currency: string; from: string; to: string; items: IncomeExpensesRow[]; totals: { income: string; expenses: string; net: string } };

export type SpendingRow = { categoryId: string | null; name: string; hasChildren: boolean; amount: string; rates: RateUsed[] };
export type SpendingByCategoryReport = {
  currency: string;
  from: string;
  to: string;
  kind: 'income' | 'expense';
  parentId: string | null;
  items: SpendingRow[];
  total: string;
};

export type CashFlowRow = { month: string; inflow: string; outflow: string; net: string; cumulative: string; rates: RateUsed[] };
export type CashFlowReport = { currency: string; from: string; to: string; items: CashFlowRow[]; totals: { inflow: string; outflow: string; net: string } };

export type NetWorthRow = { month: string; date: string; assets: string; liabilities: string; netWorth: string; rates: RateUsed[] };
export type NetWorthReport = { currency: string; from: string; to: string; items: NetWorthRow[] };

export type AccountBalanceRow = {
  accountId: string;
  name: string;
  archived: boolean;
  accountCurrency: string;
  balance: string;
  baseBalance: string;
  rate: RateUsed | null;
};
export type AccountBalancesReport = { currency: string; date: string; items: AccountBalanceRow[]; total: string };
