import { withTenant, type Database } from '@ai-service/db';
import { readExchangeCredentials } from '../domain/exchange-credentials/read-exchange-credentials.ts';
import type { SecretsKey } from '../domain/exchange-credentials/secrets.ts';
import { TradingDomainError } from '../errors.ts';
import { findSession } from '../repositories/sessions.ts';
import { ccxtConnector } from './ccxt/ccxt-connector.ts';
import { postgresMarketsCache } from './ccxt/markets-cache.ts';
import type { ConnectorResolver, ExchangeConnector, PriceFeed, SessionVenue } from './connector.ts';
import { createPaperExchange } from './paper/paper-exchange.ts';

export type PaperFeed = PriceFeed | { feed: PriceFeed; symbols: readonly string[] };

export type ConnectorResolverOptions = {
  db: Database;
  /** TRADING_SECRETS_KEY: opens the stored exchange credentials of live sessions. */
  secretsKey: SecretsKey | undefined;
  ccxt?: { fetchImplementation?: typeof fetch | undefined; timeoutMs?: number | undefined; marketsTtlMs?: number | undefined };
  /**
   * The prices a paper session fills against (replayed candles or a live ticker), alone or with the
   * symbols its paper exchange lists as markets.
   */
  feedFor: (venue: SessionVenue) => PaperFeed | Promise<PaperFeed>;
  /** Fees and slippage of paper sessions (fractions as decimal strings; the paper exchange's defaults otherwise). */
  paper?: { takerFee?: string; makerFee?: string; slippage?: string };
};

/**
 * What worker-trading trades a session through: a paper session gets a paper exchange whose
 * account is the session id, over `feedFor(venue)`; a live session a CCXT connector with the
 * tenant's decrypted credentials of that venue (none stored: `not_configured`): the sandbox's when
 * the venue says so or, when it does not say (an order's venue), when its session trades there.
 * CCXT clients are kept per tenant, venue and API key, so requests of all sessions on one account
 * share one rate limiter and loaded markets, and a replaced key gets a new client.
 */
export function createConnectorResolver(options: ConnectorResolverOptions): ConnectorResolver {
  const marketsCache = postgresMarketsCache({ db: options.db, ...(options.ccxt?.marketsTtlMs ? { ttlMs: options.ccxt.marketsTtlMs } : {}) });
  const clients = new Map<string, ExchangeConnector>();
  return async (venue) => {
    if (venue.mode === 'paper') {
      const paper = await options.feedFor(venue);
      const markets = 'lastPrice' in paper ? { feed: paper } : { feed: paper.feed, symbols: paper.symbols };
      return createPaperExchange({ db: options.db, tenantId: venue.tenantId, account: venue.sessionId, ...markets, ...options.paper });
    }
    const sandbox = venue.sandbox ?? (await sessionOnSandbox(options.db, venue));
    const credentials = await readExchangeCredentials({ db: options.db, secretsKey: options.secretsKey, tenantId: venue.tenantId, exchange: venue.exchange, sandbox });
    if (!credentials) {
      const which = sandbox ? 'sandbox' : 'live';
      throw new TradingDomainError('not_configured', `No ${which} credentials of ${venue.exchange} are stored: add them with PUT /v1/trading/exchanges/${venue.exchange}/credentials (sandbox: ${sandbox}).`);
    }
    const key = JSON.stringify([venue.tenantId, venue.exchange, sandbox, credentials.apiKey]);
    let client = clients.get(key);
    if (!client) {
      client = ccxtConnector({ exchange: venue.exchange, sandbox, credentials, marketsCache, fetchImplementation: options.ccxt?.fetchImplementation, timeoutMs: options.ccxt?.timeoutMs });
      clients.set(key, client);
    }
    return client;
  };
}

/** Whether the venue's session was deployed on the exchange's sandbox (a venue of no stored session: the live exchange). */
async function sessionOnSandbox(db: Database, venue: SessionVenue): Promise<boolean> {
  const session = await withTenant(db, venue.tenantId, (tx) => findSession(tx, venue.sessionId));
  return session?.sandbox ?? false;
}
