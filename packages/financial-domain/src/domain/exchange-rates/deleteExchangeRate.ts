import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { deleteRateRow, findRate } from '../../repositories/exchangeRates.ts';

/** Removes one stored rate; reports then use the pair's previous day (or another path). */
export async function deleteExchangeRate({ ctx, input }: { ctx: FinancialContext; input: { rateId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const row = await findRate(tx, input.rateId);
    if (!row) throw notFound('exchange rate', input.rateId);
    await deleteRateRow(tx, row.id);
    await audit(tx, ctx, {
      type: 'ExchangeRateDeleted',
      aggregateType: 'exchange_rate',
      aggregateId: row.id,
      payload: { date: row.date, baseCurrency: row.baseCurrency, quoteCurrency: row.quoteCurrency, rate: row.rate },
    });
  });
}
