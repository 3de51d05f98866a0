import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { upsertRates } from '../../repositories/exchangeRates.ts';
import { parseEcbCsv } from './parseEcbCsv.ts';

export type ImportExchangeRatesResult = { days: number; created: number; updated: number; unchanged: number; skipped: number; currencies: string[] };

/** Rows per upsert statement (5 array parameters each, whatever the size). */
const CHUNK = 10_000;

/**
 * Imports an ECB-style CSV (eurofxref-hist.csv) as source `ecb`: the file is checked whole first,
 * then every rate is inserted or replaces a different stored rate of its day and pair, in one transaction,
 * so a refused file or a failure leaves nothing half-imported.
 */
export async function importExchangeRates({ ctx, input }: { ctx: FinancialContext; input: { file: Buffer } }): Promise<ImportExchangeRatesResult> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input.file);
  } catch {
    throw invalidInput('file', 'The file is not UTF-8 text; send the ECB CSV as published.');
  }
  const parsed = parseEcbCsv(text);
  return withTenantTx(ctx, async (tx) => {
    let created = 0;
    let updated = 0;
    for (let start = 0; start < parsed.rates.length; start += CHUNK) {
      const counts = await upsertRates(tx, ctx.tenantId, 'ecb', parsed.rates.slice(start, start + CHUNK));
      created += counts.created;
      updated += counts.updated;
    }
    const result = { days: parsed.days, created, updated, unchanged: parsed.rates.length - created - updated, skipped: parsed.skipped, currencies: parsed.currencies };
    await audit(tx, ctx, { type: 'ExchangeRatesImported', aggregateType: 'exchange_rate', aggregateId: ctx.tenantId, payload: result });
    return result;
  });
}
