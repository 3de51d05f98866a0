import { withTenant } from '@ai-service/db';
import { findGaps, type Candle, type CandleGap } from '@ai-service/trading';
import type { TenantContext } from '../context.ts';
import { insertCandles } from '../repositories/candles.ts';
import { audit } from './audit.ts';
import type { MarketSeries } from './series-key.ts';

/** Listed items per kind in the report (the counts cover all of them). */
const REPORTED_ITEMS = 100;

export type CandleOrigin = 'csv' | 'ccxt';

export type ImportCandlesReport = MarketSeries & {
  /** Where the candles came from: an uploaded file or the exchange through CCXT. */
  source: CandleOrigin;
  /** Candles read (file rows, or candles the exchange returned in the range), duplicates included. */
  rows: number;
  /** Candles stored by this import. */
  inserted: number;
  duplicates: {
    /** Rows repeating an earlier row's timestamp (the earlier one counts). */
    inFile: number;
    /** Candles the series already had: kept as stored, not overwritten. */
    alreadyStored: number;
    /** The file lines of the repeated rows (none for a fetch). */
    lines: { line: number; time: number }[];
  };
  /** Holes in the sequence of candles read. */
  gaps: { count: number; missingCandles: number; items: CandleGap[] };
  range: { from: number; to: number };
};

export type StoreCandlesInput = {
  series: MarketSeries;
  source: CandleOrigin;
  /** Candles in ascending open time, one per open time. */
  candles: readonly Candle[];
  /** Rows dropped because their open time repeated an earlier one's, and the file lines of those (a fetch has none). */
  duplicates: { count: number; lines: readonly { line: number; time: number }[] };
};

/**
 * The one write path of candles, whatever their origin: stores the series' new candles in one
 * transaction with the audit row, leaves the ones already stored as they are, and reports
 * duplicates and gaps. The caller refuses an empty set of candles before.
 */
export async function storeCandles({ ctx, input }: { ctx: TenantContext; input: StoreCandlesInput }): Promise<ImportCandlesReport> {
  const { series, candles } = input;
  const first = candles[0];
  const last = candles.at(-1);
  if (!first || !last) throw new Error('storeCandles needs at least one candle');
  const gaps = findGaps(candles.map((candle) => candle.time), series.timeframe);

  const inserted = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const count = await insertCandles(tx, ctx.tenantId, series, candles);
    await audit(tx, ctx, {
      type: 'CandlesImported',
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      aggregate: { type: 'candle_series', id: `${series.exchange}:${series.symbol}:${series.timeframe}` },
      payload: { source: input.source, inserted: count, rows: candles.length, from: new Date(first.time).toISOString(), to: new Date(last.time).toISOString() },
    });
    return count;
  });
  return {
    ...series,
    source: input.source,
    rows: candles.length + input.duplicates.count,
    inserted,
    duplicates: {
      inFile: input.duplicates.count,
      alreadyStored: candles.length - inserted,
      lines: input.duplicates.lines.slice(0, REPORTED_ITEMS),
    },
    gaps: { count: gaps.length, missingCandles: gaps.reduce((total, gap) => total + gap.missing, 0), items: gaps.slice(0, REPORTED_ITEMS) },
    range: { from: first.time, to: last.time },
  };
}
