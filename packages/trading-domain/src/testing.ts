import { readFileSync } from 'node:fs';
import type { Candle } from '@ai-service/trading';

/** Candles as the CSV `POST /v1/trading/candles` takes: epoch-millisecond timestamps, values as JS prints them (exact round trip). */
export function candlesCsv(candles: readonly Candle[], header = 'timestamp,open,high,low,close,volume'): string {
  return [header, ...candles.map((candle) => [candle.time, candle.open, candle.high, candle.low, candle.close, candle.volume].join(','))].join('\n') + '\n';
}

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

export type BinanceFixtureServer = {
  /** Pass as CCXT's fetchImplementation. */
  fetch: typeof fetch;
  /** Every URL the exchange client asked for, in order. */
  requests: string[];
  /** URLs the fixtures do not cover (answered 404): a test asserts there are none. */
  unexpected: string[];
};

/**
 * Binance's spot REST API answered from recorded responses (fixtures/): exchangeInfo trimmed to three
 * markets, and BTCUSDT 1h klines of 2024-03-01 00:00–11:00 UTC without the 05:00 candle (a gap).
 * Klines are served like Binance serves them (open time ≥ startTime, at most `limit`), but at most
 * `pageLimit` per answer, so that a short fixture still spans several pages.
 */
export function binanceFixtureServer({ pageLimit = 4 }: { pageLimit?: number } = {}): BinanceFixtureServer {
  const exchangeInfo = fixture('binance-exchangeInfo-spot.json');
  const klines = fixture('binance-klines-BTCUSDT-1h.json') as Array<[number, ...unknown[]]>;
  const requests: string[] = [];
  const unexpected: string[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const serve = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    requests.push(url.href);
    if (url.hostname === 'api.binance.com' && url.pathname === '/api/v3/exchangeInfo') return json(exchangeInfo);
    if (url.hostname === 'api.binance.com' && url.pathname === '/api/v3/klines' && url.searchParams.get('symbol') === 'BTCUSDT' && url.searchParams.get('interval') === '1h') {
      const startTime = Number(url.searchParams.get('startTime') ?? 0);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 500), pageLimit);
      return json(klines.filter((row) => row[0] >= startTime).slice(0, limit));
    }
    unexpected.push(url.href);
    return json({ code: -1, msg: `no fixture for ${url.pathname}` }, 404);
  };
  return { fetch: serve as typeof fetch, requests, unexpected };
}
