import { isTradingError, parseCandlesCsv } from '@ai-service/trading';
import type { TenantContext } from '../context.ts';
import { TradingDomainError } from '../errors.ts';
import { parseSeriesKey, type MarketSeries } from './series-key.ts';
import { storeCandles, type ImportCandlesReport } from './store-candles.ts';

/** Bad rows named in a rejection. */
const REPORTED_ERRORS = 20;

export type ImportCandlesInput = { exchange?: string | undefined; symbol?: string | undefined; timeframe?: string | undefined; csv: string };

/**
 * Stores the candles of a `timestamp,open,high,low,close,volume` CSV in one transaction. A file with
 * any unreadable row is refused whole (naming the first bad line) and nothing is stored; candles the
 * series already has are left as they are and counted as duplicates.
 */
export async function importCandles({ ctx, input }: { ctx: TenantContext; input: ImportCandlesInput }): Promise<ImportCandlesReport> {
  const series = parseSeriesKey(input);
  const report = readCsv(input.csv, series);
  if (report.candles.length === 0) throw new TradingDomainError('invalid_candles', 'The file has no candle rows.', [{ field: 'file', message: 'has no candle rows' }]);
  return storeCandles({ ctx, input: { series, source: 'csv', candles: report.candles, duplicates: { count: report.duplicates.length, lines: report.duplicates } } });
}

function readCsv(csv: string, series: MarketSeries): ReturnType<typeof parseCandlesCsv> {
  let report: ReturnType<typeof parseCandlesCsv>;
  try {
    report = parseCandlesCsv(csv, series.timeframe);
  } catch (error) {
    if (isTradingError(error)) throw new TradingDomainError('invalid_candles', error.message, [{ field: 'file', message: error.message }]);
    throw error;
  }
  const errors = [...report.errors].sort((a, b) => a.line - b.line);
  const [firstError] = errors;
  if (firstError) {
    throw new TradingDomainError(
      'invalid_candles',
      `Line ${firstError.line}: ${firstError.message}. The file was not imported (${errors.length} bad row${errors.length === 1 ? '' : 's'}).`,
      errors.slice(0, REPORTED_ERRORS).map((error) => ({ field: 'file', message: `line ${error.line}: ${error.message}` })),
    );
  }
  return report;
}
