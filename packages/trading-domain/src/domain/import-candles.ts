import { withTenant } from '@ai-service/db';
import { isTradingError, parseCandlesCsv, type CandleGap } from '@ai-service/trading';
import type { TenantContext } from '../context.ts';
import { TradingDomainError } from '../errors.ts';
import { insertCandles } from '../repositories/candles.ts';
import { audit } from './audit.ts';
import { parseSeriesKey, type MarketSeries } from './series-key.ts';

/** Listed items per kind in the report (the counts cover all of them). */
const REPORTED_ITEMS = 100;
/** Bad rows named in a rejection. */
const REPORTED_ERRORS = 20;

export type ImportCandlesInput = { exchange?: string | undefined; symbol?: string | undefined; timeframe?: string | undefined; csv: string };

export type ImportCandlesReport = MarketSeries & {
  /** Candle rows read from the file, duplicates included. */
  rows: number;
  /** Candles stored by this import. */
  inserted: number;
  duplicates: {
    /** Rows repeating an earlier row's timestamp (the earlier one counts). */
    inFile: number;
    /** Candles the series already had: kept as stored, not overwritten. */
    alreadyStored: number;
    lines: { line: number; time: number }[];
  };
  /** Holes in the file's own sequence of candles. */
  gaps: { count: number; missingCandles: number; items: CandleGap[] };
  range: { from: number; to: number };
};

/**
 * Stores the candles of a `timestamp,open,high,low,close,volume` CSV in one transaction. A file with
 * any unreadable row is refused whole (naming the first bad line) and nothing is stored; candles the
 * series already has are left as they are and counted as duplicates.
 */
export async function importCandles({ ctx, input }: { ctx: TenantContext; input: ImportCandlesInput }): Promise<ImportCandlesReport> {
  const series = parseSeriesKey(input);
  const report = readCsv(input.csv, series);
  const first = report.candles[0];
  const last = report.candles.at(-1);
  if (!first || !last) throw new TradingDomainError('invalid_candles', 'The file has no candle rows.', [{ field: 'file', message: 'has no candle rows' }]);

  const inserted = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const count = await insertCandles(tx, ctx.tenantId, series, report.candles);
    await audit(tx, ctx, {
      type: 'CandlesImported',
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      aggregate: { type: 'candle_series', id: `${series.exchange}:${series.symbol}:${series.timeframe}` },
      payload: { inserted: count, rows: report.candles.length, from: new Date(first.time).toISOString(), to: new Date(last.time).toISOString() },
    });
    return count;
  });
  return {
    ...series,
    rows: report.candles.length + report.duplicates.length,
    inserted,
    duplicates: { inFile: report.duplicates.length, alreadyStored: report.candles.length - inserted, lines: report.duplicates.slice(0, REPORTED_ITEMS) },
    gaps: {
      count: report.gaps.length,
      missingCandles: report.gaps.reduce((total, gap) => total + gap.missing, 0),
      items: report.gaps.slice(0, REPORTED_ITEMS),
    },
    range: { from: first.time, to: last.time },
  };
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
