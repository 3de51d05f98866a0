import { TIMEFRAMES, type Timeframe } from '@ai-service/trading';
import { TradingDomainError } from '../errors.ts';

/** Exchange ids as CCXT writes them (`binance`, `kraken`, `coinbase`). */
const EXCHANGE = /^[a-z0-9][a-z0-9._-]{0,39}$/;
/** Market symbols as the event catalogue writes them (`BTC/USDT`). */
const SYMBOL = /^[A-Z0-9]{2,12}\/[A-Z0-9]{2,12}$/;

export type MarketSeries = { exchange: string; symbol: string; timeframe: Timeframe };

export const isTimeframe = (value: string): value is Timeframe => (TIMEFRAMES as readonly string[]).includes(value);

/** The series a request names, or invalid_input naming each bad field (the multipart upload is not checked by the spec). */
export function parseSeriesKey(input: { exchange?: string | undefined; symbol?: string | undefined; timeframe?: string | undefined }): MarketSeries {
  const problems = [
    EXCHANGE.test(input.exchange ?? '') ? undefined : { field: 'exchange', message: 'must be an exchange id such as binance (lowercase letters, digits, . _ -)' },
    SYMBOL.test(input.symbol ?? '') ? undefined : { field: 'symbol', message: 'must be a market symbol such as BTC/USDT' },
    isTimeframe(input.timeframe ?? '') ? undefined : { field: 'timeframe', message: `must be one of ${TIMEFRAMES.join(', ')}` },
  ].filter((problem) => problem !== undefined);
  const [first] = problems;
  if (first) throw new TradingDomainError('invalid_input', `${first.field} ${first.message}.`, problems);
  return { exchange: input.exchange!, symbol: input.symbol!, timeframe: input.timeframe as Timeframe };
}
