import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { formatMoney } from '../../money.ts';
import { parseDate } from '../../months.ts';
import { accountsForBalances, monthlyAccountSums } from '../../repositories/reportData.ts';
import { loadRateBook } from '../exchange-rates/loadRateBook.ts';
import { baseCurrencyOf } from '../settings/view.ts';
import { balanceAt } from './accountBalances.ts';
import type { AccountBalancesReport } from './view.ts';

/** Each account's balance at the end of `date` (default: today) in its own currency and in the base currency at that day's rate. */
export async function getAccountBalancesReport({ ctx, input }: { ctx: FinancialContext; input: { date?: string | undefined } }): Promise<AccountBalancesReport> {
  const date = input.date === undefined ? ctx.clock().toISOString().slice(0, 10) : parseDate('date', input.date);
  return withTenantTx(ctx, async (tx) => {
    const base = await baseCurrencyOf(tx);
    const accounts = await accountsForBalances(tx);
    const moved = new Map<string, Decimal>();
    // Everything up to `date` falls in the "before" row when the window starts the day after.
    const dayAfter = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const row of await monthlyAccountSums(tx, { from: dayAfter, to: date })) moved.set(row.accountId, decimal(row.sum));
    const book = await loadRateBook(tx, base, { from: date, to: date });
    let total = decimal('0');
    const items = accounts.map((account) => {
      const balance = balanceAt(account, date, decimalToString(moved.get(account.id) ?? decimal('0')));
      const converted = book.convert(balance, account.currency, date);
      total = total.plus(converted.amount);
      return {
        accountId: account.id,
        name: account.name,
        archived: account.archived,
        accountCurrency: account.currency,
        balance: formatMoney(balance, account.currency),
        baseBalance: formatMoney(converted.amount, base),
        rate: converted.rate,
      };
    });
    return { currency: base, date, items, total: formatMoney(decimalToString(total), base) };
  });
}
