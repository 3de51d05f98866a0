import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { formatMoney } from '../../money.ts';
import { firstDay, lastDay, monthOf, monthRange } from '../../months.ts';
import { loadRateBook } from '../exchange-rates/loadRateBook.ts';
import { baseCurrencyOf } from '../settings/view.ts';
import { convertedParts } from './convertedParts.ts';
import type { MonthRangeInput } from './getIncomeExpensesReport.ts';
import { rateList } from './rateList.ts';
import type { CashFlowReport } from './view.ts';

/**
 * Money in and out per month (transfers between own accounts left out): a transaction is an
 * inflow or an outflow by the sign of its converted amount (the sum of its converted parts), so a
 * split does not count twice. `outflow` is positive; `cumulative` is the running net from `from`.
 */
export async function getCashFlowReport({ ctx, input }: { ctx: FinancialContext; input: MonthRangeInput }): Promise<CashFlowReport> {
  const months = monthRange(input.from, input.to);
  const range = { from: firstDay(months[0]!), to: lastDay(months[months.length - 1]!) };
  return withTenantTx(ctx, async (tx) => {
    const base = await baseCurrencyOf(tx);
    const parts = await convertedParts(tx, await loadRateBook(tx, base, range), range);
    const transactions = new Map<string, { month: string; amount: Decimal }>();
    const rows = new Map(months.map((month) => [month, { inflow: decimal('0'), outflow: decimal('0'), rates: rateList() }]));
    for (const part of parts) {
      const entry = transactions.get(part.transactionId) ?? { month: monthOf(part.bookingDate), amount: decimal('0') };
      entry.amount = entry.amount.plus(part.baseAmount);
      transactions.set(part.transactionId, entry);
      rows.get(entry.month)!.rates.add(part.rate);
    }
    for (const { month, amount } of transactions.values()) {
      const row = rows.get(month)!;
      if (amount.gt(0)) row.inflow = row.inflow.plus(amount);
      else row.outflow = row.outflow.minus(amount);
    }
    const money = (value: Decimal) => formatMoney(decimalToString(value), base);
    let inflow = decimal('0');
    let outflow = decimal('0');
    const items = months.map((month) => {
      const row = rows.get(month)!;
      inflow = inflow.plus(row.inflow);
      outflow = outflow.plus(row.outflow);
      const net = row.inflow.minus(row.outflow);
      return { month, inflow: money(row.inflow), outflow: money(row.outflow), net: money(net), cumulative: money(inflow.minus(outflow)), rates: row.rates.list() };
    });
    return { currency: base, from: input.from, to: input.to, items, totals: { inflow: money(inflow), outflow: money(outflow), net: money(inflow.minus(outflow)) } };
  });
}
