import type { Candle, Timeframe } from '@ai-service/trading';
import ccxt, { BadSymbol, ExchangeError, NetworkError, type Exchange } from 'ccxt';
import { TradingDomainError } from '../errors.ts';
import type { CandleSource, CandleSources } from './candle-source.ts';

export type CcxtCandleSourceOptions = {
  /** What the exchange calls instead of the global fetch (tests serve recorded responses through it). */
  fetchImplementation?: typeof fetch | undefined;
  /** Milliseconds before a request to the exchange counts as failed (CCXT's `timeout`). */
  timeoutMs?: number | undefined;
};

/**
 * Candle history is a spot market's: exchanges that also list derivatives would otherwise load all
 * their markets (Binance: three exchangeInfo calls) and could resolve `BTC/USDT` to a contract.
 */
const SPOT_ONLY = { defaultType: 'spot', fetchMarkets: { types: ['spot'] } };

type ExchangeClass = new (config: Record<string, unknown>) => Exchange;

/** One CCXT client of the exchange id, with rate limiting on; unknown ids and exchanges without OHLCV are refused. */
export function ccxtCandleSource(exchangeId: string, options: CcxtCandleSourceOptions = {}): CandleSource {
  const ExchangeOf = ccxt.exchanges.includes(exchangeId) ? (ccxt as unknown as Record<string, ExchangeClass | undefined>)[exchangeId] : undefined;
  if (!ExchangeOf) throw unsupported('exchange', `${exchangeId} is not an exchange CCXT knows (e.g. binance, kraken, coinbase).`);
  const exchange = new ExchangeOf({
    enableRateLimit: true,
    options: SPOT_ONLY,
    ...(options.fetchImplementation ? { fetchImplementation: options.fetchImplementation } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  if (!exchange.has['fetchOHLCV']) throw unsupported('exchange', `${exchangeId} offers no candle history (fetchOHLCV) through CCXT.`);

  // CCXT keeps the promise of its first market load even when it rejected: after a load that failed
  // (the exchange unreachable), the next call forces a reload, or the client would fail for good.
  let reloadMarkets = false;
  return {
    fetchOHLCV: async (symbol: string, timeframe: Timeframe, since: number, limit: number): Promise<Candle[]> => {
      if (exchange.timeframes && !(timeframe in exchange.timeframes)) {
        throw unsupported('timeframe', `${exchangeId} has no ${timeframe} candles (it offers ${Object.keys(exchange.timeframes).join(', ')}).`);
      }
      try {
        if (reloadMarkets) {
          await exchange.loadMarkets(true);
          reloadMarkets = false;
        }
        const rows = await exchange.fetchOHLCV(symbol, timeframe, since, limit);
        return rows.map(([time, open, high, low, close, volume]) => ({ time: Number(time), open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) }));
      } catch (error) {
        if (!exchange.markets) reloadMarkets = true;
        throw fromCcxtError(error, exchangeId, symbol);
      }
    },
  };
}

/** Sources of any exchange id, one CCXT client per exchange kept for the process: markets load once and one rate limiter paces all requests to it. */
export function ccxtCandleSources(options: CcxtCandleSourceOptions = {}): CandleSources {
  const sources = new Map<string, CandleSource>();
  return (exchangeId) => {
    let source = sources.get(exchangeId);
    if (!source) {
      source = ccxtCandleSource(exchangeId, options);
      sources.set(exchangeId, source);
    }
    return source;
  };
}

const unsupported = (field: 'exchange' | 'symbol' | 'timeframe', message: string) => new TradingDomainError('unsupported_market', message, [{ field, message }]);

function fromCcxtError(error: unknown, exchangeId: string, symbol: string): unknown {
  if (error instanceof BadSymbol) return unsupported('symbol', `${exchangeId} has no market ${symbol}.`);
  // Checked before ExchangeError: CCXT's NetworkError covers timeouts, maintenance and rate limits.
  if (error instanceof NetworkError) {
    return new TradingDomainError('exchange_unavailable', `${exchangeId} is unreachable right now (${error.constructor.name}); nothing was stored, try again later.`, [], { cause: error });
  }
  if (error instanceof ExchangeError) return new TradingDomainError('exchange_error', `${exchangeId} refused the request: ${error.message}`, [], { cause: error });
  return error;
}
