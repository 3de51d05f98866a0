import { decimal, decimalToString } from '@ai-service/money';
import { TradingDomainError } from '../errors.ts';
import type { ExchangeConnector, PriceFeed } from './connector.ts';

/** Live prices for the paper exchange: the connector's ticker, its last trade or else the bid/ask midpoint. */
export function liveTickerFeed(connector: ExchangeConnector): PriceFeed {
  return {
    lastPrice: async (symbol) => {
      const ticker = await connector.fetchTicker(symbol);
      if (ticker.last !== null) return { price: ticker.last, timestamp: ticker.timestamp };
      if (ticker.bid !== null && ticker.ask !== null) return { price: decimalToString(decimal(ticker.bid).plus(decimal(ticker.ask)).div(2)), timestamp: ticker.timestamp };
      throw new TradingDomainError('exchange_error', `${connector.exchange} has no price for ${symbol} right now (no last trade, bid or ask).`);
    },
  };
}
