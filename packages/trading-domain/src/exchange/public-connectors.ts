import type { Database } from '@ai-service/db';
import { ccxtConnector } from './ccxt/ccxt-connector.ts';
import { postgresMarketsCache } from './ccxt/markets-cache.ts';
import type { ExchangeConnector } from './connector.ts';

export type PublicConnectorOptions = { db: Database; fetchImplementation?: typeof fetch | undefined; timeoutMs?: number | undefined; marketsTtlMs?: number | undefined };

/**
 * Market-data connectors (no credentials: order books, tickers, markets) of any CCXT exchange, one
 * per exchange kept for the process so its rate limiter paces every scan. Unknown ids throw
 * unsupported_market naming `exchange`.
 */
export function publicConnectors(options: PublicConnectorOptions): (exchange: string) => ExchangeConnector {
  const marketsCache = postgresMarketsCache({ db: options.db, ...(options.marketsTtlMs ? { ttlMs: options.marketsTtlMs } : {}) });
  const connectors = new Map<string, ExchangeConnector>();
  return (exchange) => {
    let connector = connectors.get(exchange);
    if (!connector) {
      connector = ccxtConnector({ exchange, sandbox: false, marketsCache, fetchImplementation: options.fetchImplementation, timeoutMs: options.timeoutMs });
      connectors.set(exchange, connector);
    }
    return connector;
  };
}
