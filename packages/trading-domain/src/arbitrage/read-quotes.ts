import { isTradingDomainError, TradingDomainError } from '../errors.ts';
import type { ExchangeConnector } from '../exchange/connector.ts';
import type { VenueQuote } from './find-opportunities.ts';

/** Levels read from each book: the scan prices the top level only, a few more cost nothing. */
const BOOK_DEPTH = 5;

export type ConnectorFor = (exchange: string) => ExchangeConnector;

/**
 * The symbol's order book and taker fee on every exchange, read at once. An exchange CCXT does not
 * know, or one not listing the symbol, is unsupported_market naming `exchanges`; one that cannot be
 * read fails with the connector's error (exchange_unavailable / exchange_error).
 */
export async function readQuotes(connectorFor: ConnectorFor, symbol: string, exchanges: readonly string[]): Promise<VenueQuote[]> {
  const connectors = exchanges.map((exchange) => connectorOf(connectorFor, exchange));
  return Promise.all(connectors.map((connector) => quoteOf(connector, symbol)));
}

/** The exchange's connector; an exchange CCXT does not know is named as the request's `exchanges` field. */
export function connectorOf(connectorFor: ConnectorFor, exchange: string): ExchangeConnector {
  try {
    return connectorFor(exchange);
  } catch (error) {
    if (isTradingDomainError(error, 'unsupported_market')) throw new TradingDomainError('unsupported_market', error.message, [{ field: 'exchanges', message: error.message }], { cause: error });
    throw error;
  }
}

async function quoteOf(connector: ExchangeConnector, symbol: string): Promise<VenueQuote> {
  const market = (await connector.loadMarkets())[symbol];
  if (!market) {
    const message = `${connector.exchange} does not list ${symbol}`;
    throw new TradingDomainError('unsupported_market', `${message}.`, [{ field: 'exchanges', message }]);
  }
  return { exchange: connector.exchange, book: await connector.fetchOrderBook(symbol, BOOK_DEPTH), takerFee: market.takerFee };
}
