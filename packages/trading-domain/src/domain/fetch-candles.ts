import { timeframeMs, type Candle } from '@ai-service/trading';
import type { TenantContext } from '../context.ts';
import { TradingDomainError } from '../errors.ts';
import type { CandleSource, CandleSources } from '../exchange/candle-source.ts';
import { parseSeriesKey, type MarketSeries } from './series-key.ts';
import { storeCandles, type ImportCandlesReport } from './store-candles.ts';

/** Most candles one fetch may span: a year of 5-minute candles, about 100 exchange requests. */
export const MAX_FETCH_CANDLES = 100_000;
/** Candles asked for per request; exchanges answer with fewer when their limit is lower, and the next page starts after the last one. */
const PAGE_SIZE = 1000;

export type FetchCandlesInput = { exchange: string; symbol: string; timeframe: string; from: string; to: string };

/** A request's context plus the exchanges candles are fetched from. */
export type CandleFetchContext = TenantContext & { candleSources: CandleSources };

/**
 * Fetches a series' candles opening in [from, to) from the exchange, page after page, and stores
 * them as a CSV import would (storeCandles): the same duplicates, gaps and report. Nothing is
 * stored unless every page arrived.
 */
export async function fetchCandles({ ctx, input }: { ctx: CandleFetchContext; input: FetchCandlesInput }): Promise<ImportCandlesReport> {
  const series = parseSeriesKey(input);
  const range = parseRange(input, series);
  const source = ctx.candleSources(series.exchange);
  const received = await fetchRange(source, series, range);
  const candles = uniqueByTime(received);
  if (candles.length === 0) {
    throw new TradingDomainError('no_candles', `${series.exchange} returned no ${series.timeframe} candles of ${series.symbol} between ${input.from} and ${input.to}.`, [
      { field: 'from', message: 'no candles at the exchange in this range' },
    ]);
  }
  return storeCandles({ ctx, input: { series, source: 'ccxt', candles, duplicates: { count: received.length - candles.length, lines: [] } } });
}

function parseRange(input: FetchCandlesInput, series: MarketSeries): { from: number; to: number } {
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  if (!Number.isFinite(from)) throw new TradingDomainError('invalid_input', 'from must be a date-time.', [{ field: 'from', message: 'must be a date-time' }]);
  if (!Number.isFinite(to) || to <= from) throw new TradingDomainError('invalid_input', 'to must be a date-time after from.', [{ field: 'to', message: 'must be after from' }]);
  const spanned = Math.ceil((to - from) / timeframeMs(series.timeframe));
  if (spanned > MAX_FETCH_CANDLES) {
    const message = `The range spans ${spanned} ${series.timeframe} candles; one fetch takes at most ${MAX_FETCH_CANDLES}. Split it.`;
    throw new TradingDomainError('range_too_large', message, [{ field: 'to', message }]);
  }
  return { from, to };
}

/** Pages until the exchange has nothing more before `to`; each page starts just after the last candle received. */
async function fetchRange(source: CandleSource, series: MarketSeries, range: { from: number; to: number }): Promise<Candle[]> {
  const candles: Candle[] = [];
  let since = range.from;
  while (since < range.to) {
    const page = await source.fetchOHLCV(series.symbol, series.timeframe, since, PAGE_SIZE);
    const last = page.at(-1);
    if (!last || last.time < since) break;
    candles.push(...page.filter((candle) => candle.time >= range.from && candle.time < range.to));
    since = last.time + 1;
  }
  return candles;
}

/** Ascending open times, the first candle of a repeated open time kept (as the CSV import does). */
function uniqueByTime(candles: readonly Candle[]): Candle[] {
  const byTime = new Map<number, Candle>();
  for (const candle of candles) if (!byTime.has(candle.time)) byTime.set(candle.time, candle);
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}
