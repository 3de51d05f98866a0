import type { Transaction } from '@ai-service/db';
import { TIMEFRAMES, timeframeMs, type Candle } from '@ai-service/trading';
import { and, asc, count, eq, gt, gte, lt, max, min, sql, type SQL } from 'drizzle-orm';
import { candles } from '../db/schema/index.ts';

/** One candle series of the tenant. */
export type SeriesKey = { exchange: string; symbol: string; timeframe: string };

/** Candle open times in [from, to); either end may be open. */
export type TimeRange = { from?: Date | undefined; to?: Date | undefined };

/** Candles per INSERT: each column goes as one array parameter, so a batch is a handful of parameters. */
const INSERT_BATCH = 20_000;

/** Epoch milliseconds as a float8, so pg hands back a number instead of a Date or numeric string. */
const epochMs = sql<number>`(extract(epoch from ${candles.time}) * 1000)::float8`;

function inSeries(key: SeriesKey, range: TimeRange = {}): SQL | undefined {
  return and(
    eq(candles.exchange, key.exchange),
    eq(candles.symbol, key.symbol),
    eq(candles.timeframe, key.timeframe),
    range.from ? gte(candles.time, range.from) : undefined,
    range.to ? lt(candles.time, range.to) : undefined,
  );
}

/**
 * Inserts the candles a series does not have yet; returns how many were new (the others are left as
 * stored). Each column is sent as one float8 array and unnested in SQL: a row-per-parameter INSERT
 * of a year of minute candles spends most of its time building and binding parameters.
 */
export async function insertCandles(tx: Transaction, tenantId: string, key: SeriesKey, rows: readonly Candle[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    const batch = rows.slice(start, start + INSERT_BATCH);
    const column = (field: keyof Candle) => sql.param(batch.map((candle) => candle[field]));
    const result = await tx.execute<{ inserted: number }>(sql`
      with inserted as (
        insert into ${candles} (tenant_id, exchange, symbol, timeframe, time, open, high, low, close, volume)
        select ${tenantId}::uuid, ${key.exchange}, ${key.symbol}, ${key.timeframe}, to_timestamp(t / 1000.0), o, h, l, c, v
          from unnest(${column('time')}::float8[], ${column('open')}::float8[], ${column('high')}::float8[], ${column('low')}::float8[], ${column('close')}::float8[], ${column('volume')}::float8[])
               as batch(t, o, h, l, c, v)
        on conflict do nothing
        returning 1
      )
      select count(*)::int as inserted from inserted`);
    inserted += result.rows[0]?.inserted ?? 0;
  }
  return inserted;
}

export async function countCandles(tx: Transaction, key: SeriesKey, range: TimeRange): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(candles).where(inSeries(key, range));
  return row?.n ?? 0;
}

/** The series' candles in the range, oldest first. */
export async function loadCandles(tx: Transaction, key: SeriesKey, range: TimeRange): Promise<Candle[]> {
  return tx
    .select({ time: epochMs, open: candles.open, high: candles.high, low: candles.low, close: candles.close, volume: candles.volume })
    .from(candles)
    .where(inSeries(key, range))
    .orderBy(asc(candles.time));
}

/** One page of the series, oldest first, starting after `afterMs` when given. */
export async function listCandlesPage(tx: Transaction, key: SeriesKey, range: TimeRange, limit: number, afterMs: number | undefined): Promise<{ rows: Candle[]; more: boolean }> {
  const rows = await tx
    .select({ time: epochMs, open: candles.open, high: candles.high, low: candles.low, close: candles.close, volume: candles.volume })
    .from(candles)
    .where(and(inSeries(key, range), afterMs === undefined ? undefined : gt(candles.time, new Date(afterMs))))
    .orderBy(asc(candles.time))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export type SeriesSummary = SeriesKey & { candles: number; from: number; to: number };

/** Every series of the tenant with its candle count and first and last open times. */
export async function listSeries(tx: Transaction, filter: Partial<Pick<SeriesKey, 'exchange' | 'symbol'>>): Promise<SeriesSummary[]> {
  const rows = await tx
    .select({
      exchange: candles.exchange,
      symbol: candles.symbol,
      timeframe: candles.timeframe,
      candles: count(),
      from: sql<number>`(extract(epoch from ${min(candles.time)}) * 1000)::float8`,
      to: sql<number>`(extract(epoch from ${max(candles.time)}) * 1000)::float8`,
    })
    .from(candles)
    .where(and(filter.exchange ? eq(candles.exchange, filter.exchange) : undefined, filter.symbol ? eq(candles.symbol, filter.symbol) : undefined))
    .groupBy(candles.exchange, candles.symbol, candles.timeframe)
    .orderBy(candles.exchange, candles.symbol, candles.timeframe);
  return rows;
}

export type StoredGap = SeriesKey & { from: number; to: number; missing: number };

/**
 * Gaps of every series (same meaning as findGaps of packages/trading: `from` is the first missing
 * open time, `to` the next candle present, `missing` the candles in between), computed in SQL with
 * a window over each series so that no series is read into memory.
 */
export async function listSeriesGaps(tx: Transaction, filter: Partial<Pick<SeriesKey, 'exchange' | 'symbol'>>): Promise<StoredGap[]> {
  const steps = sql.join(
    TIMEFRAMES.map((timeframe) => sql`(${timeframe}, ${timeframeMs(timeframe)}::float8)`),
    sql`, `,
  );
  const conditions = and(filter.exchange ? eq(candles.exchange, filter.exchange) : undefined, filter.symbol ? eq(candles.symbol, filter.symbol) : undefined);
  const result = await tx.execute<{ exchange: string; symbol: string; timeframe: string; from: number; to: number; missing: number }>(sql`
    with steps(timeframe, step) as (values ${steps}),
    ordered as (
      select ${candles.exchange} as exchange, ${candles.symbol} as symbol, ${candles.timeframe} as timeframe, ${epochMs} as time,
             lag(${epochMs}) over (partition by ${candles.exchange}, ${candles.symbol}, ${candles.timeframe} order by ${candles.time}) as previous
        from ${candles}
       ${conditions ? sql`where ${conditions}` : sql``}
    )
    select o.exchange, o.symbol, o.timeframe, o.previous + s.step as "from", o.time as "to", (ceil((o.time - o.previous) / s.step) - 1)::int as missing
      from ordered o join steps s on s.timeframe = o.timeframe
     where o.time - o.previous > s.step
     order by o.exchange, o.symbol, o.timeframe, o.time`);
  return result.rows;
}
