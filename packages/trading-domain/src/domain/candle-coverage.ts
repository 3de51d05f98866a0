import { withTenant } from '@ai-service/db';
import type { CandleGap } from '@ai-service/trading';
import type { TenantContext } from '../context.ts';
import { listSeries, listSeriesGaps, type SeriesKey } from '../repositories/candles.ts';

/** Gaps listed per series (the counts cover all of them). */
const LISTED_GAPS = 20;

export type SeriesCoverage = SeriesKey & {
  candles: number;
  /** Open times of the first and last stored candle. */
  from: number;
  to: number;
  gaps: { count: number; missingCandles: number; items: CandleGap[] };
};

/** Which series the tenant has stored, their ranges, counts and holes (optionally for one exchange or symbol). */
export async function candleCoverage({ ctx, input }: { ctx: TenantContext; input: { exchange?: string | undefined; symbol?: string | undefined } }): Promise<SeriesCoverage[]> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const series = await listSeries(tx, input);
    const gaps = await listSeriesGaps(tx, input);
    const key = (row: SeriesKey) => `${row.exchange}\n${row.symbol}\n${row.timeframe}`;
    const gapsBySeries = Map.groupBy(gaps, key);
    return series.map((row) => {
      const own = gapsBySeries.get(key(row)) ?? [];
      return {
        ...row,
        gaps: {
          count: own.length,
          missingCandles: own.reduce((total, gap) => total + gap.missing, 0),
          items: own.slice(0, LISTED_GAPS).map(({ from, to, missing }) => ({ from, to, missing })),
        },
      };
    });
  });
}
