import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { parseDate } from '../../months.ts';
import { parseCurrency } from '../../money.ts';
import { findRateByKey, upsertRates } from '../../repositories/exchangeRates.ts';
import { parseRate } from './parseRate.ts';
import { toExchangeRateView, type ExchangeRateView } from './view.ts';

export type SetExchangeRateInput = { date: string; baseCurrency: string; quoteCurrency: string; rate: string };

/** Stores a manual rate (1 base = rate quote) for a day, replacing the pair's rate of that day if there is one. */
export async function setExchangeRate({ ctx, input }: { ctx: FinancialContext; input: SetExchangeRateInput }): Promise<{ rate: ExchangeRateView; created: boolean }> {
  const key = { date: parseDate('date', input.date), baseCurrency: parseCurrency('baseCurrency', input.baseCurrency), quoteCurrency: parseCurrency('quoteCurrency', input.quoteCurrency) };
  if (key.baseCurrency === key.quoteCurrency) throw invalidInput('quoteCurrency', 'quoteCurrency must differ from baseCurrency.');
  const rate = parseRate('rate', input.rate);
  return withTenantTx(ctx, async (tx) => {
    const { created } = await upsertRates(tx, ctx.tenantId, 'manual', [{ ...key, rate }]);
    const row = (await findRateByKey(tx, key))!;
    await audit(tx, ctx, { type: created ? 'ExchangeRateCreated' : 'ExchangeRateUpdated', aggregateType: 'exchange_rate', aggregateId: row.id, payload: { ...key, rate } });
    return { rate: toExchangeRateView(row), created: created === 1 };
  });
}
