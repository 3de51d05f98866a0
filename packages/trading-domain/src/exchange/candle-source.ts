import type { Candle, Timeframe } from '@ai-service/trading';

/**
 * An exchange's candle history, as fetchCandles reads it. Implementations throw TradingDomainError:
 * `unsupported_market` (naming `symbol` or `timeframe`), `exchange_unavailable`, `exchange_error`.
 */
export type CandleSource = {
  /** Up to `limit` candles of the market opening at or after `since` (epoch ms), oldest first; the exchange may return fewer. */
  fetchOHLCV: (symbol: string, timeframe: Timeframe, since: number, limit: number) => Promise<Candle[]>;
};

/** The source of an exchange id; throws `unsupported_market` naming `exchange` when there is none. */
export type CandleSources = (exchange: string) => CandleSource;
