import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { formatMoney } from '../../money.ts';
import { firstDay, lastDay, monthRange } from '../../months.ts';
import { accountsForBalances, monthlyAccountSums } from '../../repositories/reportData.ts';
import { loadRateBook } from '../exchange-rates/loadRateBook.ts';
import { baseCurrencyOf } from '../settings/view.ts';
import { balanceAt } from './accountBalances.ts';
import type { MonthRangeInput } from './getIncomeExpensesReport.ts';
import { rateList } from './rateList.ts';
import type { NetWorthReport } from './view.ts';

/**
 * Net worth at each month's end: every account's balance (archived ones too; transfers move money
 * between them and cancel out) converted at the rate of the month's last day, each account rounded
 * on its own. `assets` sums the positive balances, `liabilities` the negative ones (as a positive amount).
 */
export async function getNetWorthReport({ ctx, input }: { ctx: FinancialContext; input: MonthRangeInput }): Promise<NetWorthReport> {
  const months = monthRange(input.from, input.to);
  const range = { from: firstDay(months[0]!), to: lastDay(months[months.length - 1]!) };
  return withTenantTx(ctx, async (tx) => {
    const base = await baseCurrencyOf(tx);
    const accounts = await accountsForBalances(tx);
    const sums = new Map<string, string>();
    for (const row of await monthlyAccountSums(tx, range)) sums.set(`${row.accountId}@${row.month ?? 'before'}`, row.sum);
    const book = await loadRateBook(tx, base, { from: lastDay(months[0]!), to: range.to });
    const running = new Map(accounts.map((account) => [account.id, decimal(sums.get(`${account.id}@before`) ?? '0')]));
    const money = (value: Decimal) => formatMoney(decimalToString(value), base);
    const items = months.map((month) => {
      const date = lastDay(month);
      const rates = rateList();
      let assets = decimal('0');
      let liabilities = decimal('0');
      for (const account of accounts) {
        const moved = running.get(account.id)!.plus(sums.get(`${account.id}@${month}`) ?? '0');
        running.set(account.id, moved);
        const balance = balanceAt(account, date, decimalToString(moved));
        const converted = book.convert(balance, account.currency, date);
        rates.add(converted.rate);
        if (decimal(converted.amount).gt(0)) assets = assets.plus(converted.amount);
        else liabilities = liabilities.minus(converted.amount);
      }
      return { month, date, assets: money(assets), liabilities: money(liabilities), netWorth: money(assets.minus(liabilities)), rates: rates.list() };
    });
    return { currency: base, from: input.from, to: input.to, items };
  });
}
