import {
  getAccountBalancesReport,
  getBudgetVsActualReport,
  getCashFlowReport,
  getIncomeExpensesReport,
  getNetWorthReport,
  getSpendingByCategoryReport,
  type MonthRangeInput,
  type SpendingByCategoryInput,
} from '@ai-service/financial-domain';
import type { OperationHandler } from '@ai-service/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { budgetHandlers } from './budgets.ts';
import { contextOf, type HandlerDeps } from './context.ts';
import { currencyHandlers } from './currencies.ts';
import { ratesCell, sendCsv, wantsCsv } from './csv.ts';

/** A report as JSON, or as CSV (one line per row) when the request asks for it. */
function answer<T>(request: FastifyRequest, reply: FastifyReply, report: T, csv: (report: T) => { name: string; columns: string[]; rows: unknown[][] }): T | FastifyReply {
  if (!wantsCsv(request)) return report;
  const { name, columns, rows } = csv(report);
  return sendCsv(reply, `${name}.csv`, columns, rows);
}

/** Reports (openapi/financial/reports.yaml), and the currencies and budgets they read. */
export function reportingHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  const months = (request: FastifyRequest) => request.query as MonthRangeInput;
  return {
    ...currencyHandlers(deps),
    ...budgetHandlers(deps),
    getIncomeExpensesReport: async (request, reply) =>
      answer(request, reply, await getIncomeExpensesReport({ ctx: contextOf(deps, request), input: months(request) }), (report) => ({
        name: `income-expenses-${report.from}-${report.to}`,
        columns: ['month', 'income', 'expenses', 'net', 'currency', 'rates'],
        rows: report.items.map((row) => [row.month, row.income, row.expenses, row.net, report.currency, ratesCell(row.rates)]),
      })),
    getSpendingByCategoryReport: async (request, reply) =>
      answer(request, reply, await getSpendingByCategoryReport({ ctx: contextOf(deps, request), input: request.query as SpendingByCategoryInput }), (report) => ({
        name: `spending-by-category-${report.from}-${report.to}`,
        columns: ['categoryId', 'name', 'hasChildren', 'amount', 'currency', 'rates'],
        rows: report.items.map((row) => [row.categoryId ?? '', row.name, row.hasChildren, row.amount, report.currency, ratesCell(row.rates)]),
      })),
    getCashFlowReport: async (request, reply) =>
      answer(request, reply, await getCashFlowReport({ ctx: contextOf(deps, request), input: months(request) }), (report) => ({
        name: `cash-flow-${report.from}-${report.to}`,
        columns: ['month', 'inflow', 'outflow', 'net', 'cumulative', 'currency', 'rates'],
        rows: report.items.map((row) => [row.month, row.inflow, row.outflow, row.net, row.cumulative, report.currency, ratesCell(row.rates)]),
      })),
    getNetWorthReport: async (request, reply) =>
      answer(request, reply, await getNetWorthReport({ ctx: contextOf(deps, request), input: months(request) }), (report) => ({
        name: `net-worth-${report.from}-${report.to}`,
        columns: ['month', 'date', 'assets', 'liabilities', 'netWorth', 'currency', 'rates'],
        rows: report.items.map((row) => [row.month, row.date, row.assets, row.liabilities, row.netWorth, report.currency, ratesCell(row.rates)]),
      })),
    getAccountBalancesReport: async (request, reply) =>
      answer(request, reply, await getAccountBalancesReport({ ctx: contextOf(deps, request), input: request.query as { date?: string } }), (report) => ({
        name: `account-balances-${report.date}`,
        columns: ['accountId', 'name', 'archived', 'accountCurrency', 'balance', 'baseBalance', 'currency', 'rates'],
        rows: report.items.map((row) => [row.accountId, row.name, row.archived, row.accountCurrency, row.balance, row.baseBalance, report.currency, ratesCell([row.rate])]),
      })),
    getBudgetVsActualReport: async (request, reply) =>
      answer(request, reply, await getBudgetVsActualReport({ ctx: contextOf(deps, request), input: months(request) }), (report) => ({
        name: `budget-vs-actual-${report.from}-${report.to}`,
        columns: ['month', 'categoryId', 'categoryName', 'kind', 'budget', 'rolledOver', 'actual', 'remaining', 'currency', 'rates'],
        rows: report.items.map((row) => [row.month, row.categoryId, row.categoryName, row.kind, row.budget, row.rolledOver, row.actual, row.remaining, report.currency, ratesCell(row.rates)]),
      })),
  };
}
