import { readFileSync } from 'node:fs';
import type { Candle } from '@ai-service/trading';
import { binanceSpotTrading } from './testing/binance-spot-trading.ts';

/** Candles as the CSV `POST /v1/trading/candles` takes: epoch-millisecond timestamps, values as JS prints them (exact round trip). */
export function candlesCsv(candles: readonly Candle[], header = 'timestamp,open,high,low,close,volume'): string {
  return [header, ...candles.map((candle) => [candle.time, candle.open, candle.high, candle.low, candle.close, candle.volume].join(','))].join('\n') + '\n';
}

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

/** Binance's live and testnet (sandbox) REST hosts, and Binance.US (same API; its own order books). */
const HOSTS = new Set(['api.binance.com', 'testnet.binance.vision', 'api.binance.us']);

export type BinanceFixtureServer = {
  /** Pass as CCXT's fetchImplementation. */
  fetch: typeof fetch;
  /** Every URL the exchange client asked for, in order. */
  requests: string[];
  /** URLs the fixtures do not cover (answered 404): a test asserts there are none. */
  unexpected: string[];
  /** Method, URL and API key header of every request, in order. */
  calls: Array<{ method: string; url: string; apiKey: string | null }>;
  /** The next request fails: `unavailable` answers 503 like Binance under maintenance, `timeout` never answers (the client's timeout fires). */
  failNext: (failure: 'unavailable' | 'timeout') => void;
};

/**
 * Binance's spot REST API answered from recorded responses (fixtures/): exchangeInfo trimmed to three
 * markets, and BTCUSDT 1h klines of 2024-03-01 00:00–11:00 UTC without the 05:00 candle (a gap).
 * Klines are served like Binance serves them (open time ≥ startTime, at most `limit`), but at most
 * `pageLimit` per answer, so that a short fixture still spans several pages. The spot trading
 * endpoints (orders, open orders, account, 24h ticker, depth) answer from
 * fixtures/binance-spot-trading.json (testing/binance-spot-trading.ts). The testnet host
 * (testnet.binance.vision) answers like the live one; Binance.US (api.binance.us, CCXT `binanceus`)
 * serves the same markets with its own BTCUSDT book, priced above Binance's (an arbitrage).
 */
export function binanceFixtureServer({ pageLimit = 4 }: { pageLimit?: number } = {}): BinanceFixtureServer {
  const exchangeInfo = fixture('binance-exchangeInfo-spot.json');
  const klines = fixture('binance-klines-BTCUSDT-1h.json') as Array<[number, ...unknown[]]>;
  const requests: string[] = [];
  const unexpected: string[] = [];
  const calls: BinanceFixtureServer['calls'] = [];
  const failures: Array<'unavailable' | 'timeout'> = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const trading = binanceSpotTrading(json);
  const serve = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = (init.method ?? 'GET').toUpperCase();
    const apiKey = new Headers(init.headers).get('x-mbx-apikey');
    requests.push(url.href);
    calls.push({ method, url: url.href, apiKey });
    const failure = failures.shift();
    if (failure === 'unavailable') return new Response(trading.unavailableBody, { status: 503, headers: { 'content-type': 'text/html' } });
    if (failure === 'timeout') return new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError'))));
    if (!HOSTS.has(url.hostname)) {
      unexpected.push(url.href);
      return json({ code: -1, msg: `no fixture for ${url.hostname}` }, 404);
    }
    const params = new URLSearchParams(typeof init.body === 'string' ? init.body : url.search);
    const traded = trading.answer({ method, url, params, apiKey });
    if (traded) return traded;
    if (url.pathname === '/api/v3/exchangeInfo') return json(exchangeInfo);
    if (url.pathname === '/api/v3/klines' && url.searchParams.get('symbol') === 'BTCUSDT' && url.searchParams.get('interval') === '1h') {
      const startTime = Number(url.searchParams.get('startTime') ?? 0);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 500), pageLimit);
      return json(klines.filter((row) => row[0] >= startTime).slice(0, limit));
    }
    unexpected.push(url.href);
    return json({ code: -1, msg: `no fixture for ${url.pathname}` }, 404);
  };
  return { fetch: serve as typeof fetch, requests, unexpected, calls, failNext: (failure) => void failures.push(failure) };
}

export { startTradingTestDatabase, type TradingTestDatabase } from './test-database.ts';
export { arbitrageWorld, type LegSetup } from './arbitrage/executions/test-harness.ts';
