import { withTenant, type Database } from '@ai-service/db';
import { TradingDomainError } from '../../errors.ts';
import type { PriceFeed, SessionVenue } from '../../exchange/connector.ts';
import { findSession } from '../../repositories/sessions.ts';
import { stepOf } from './session-candles.ts';

/**
 * The paper prices of a replay session: the close of the last candle it consumed (kept in its row
 * by each tick), stamped with that candle's close time. Before its first candle there is no price.
 */
export function replayPriceFeed(db: Database, tenantId: string, sessionId: string): PriceFeed {
  return {
    lastPrice: async (symbol) => {
      const session = await withTenant(db, tenantId, (tx) => findSession(tx, sessionId));
      const last = session?.lastPrices[symbol];
      if (!session || !last) throw new TradingDomainError('exchange_unavailable', `The replay has no price of ${symbol} yet.`, [{ field: 'symbol', message: 'no candle consumed yet' }]);
      return { price: last.price, timestamp: last.time + stepOf(session) };
    },
  };
}

/**
 * What a session's paper exchange needs: the feed it fills against (the replayed closes of a replay
 * session, the exchange's live ticker from `live` otherwise) and the markets it lists (the session's
 * symbols). Read once, when the session's connector is resolved.
 */
export async function sessionPaperMarkets(db: Database, venue: SessionVenue, live: (venue: SessionVenue) => PriceFeed): Promise<{ feed: PriceFeed; symbols: string[] }> {
  const session = await withTenant(db, venue.tenantId, (tx) => findSession(tx, venue.sessionId));
  if (!session) throw new TradingDomainError('not_found', 'No such session.', [{ field: 'sessionId', message: 'no such session' }]);
  return { feed: session.priceSource === 'replay' ? replayPriceFeed(db, venue.tenantId, venue.sessionId) : live(venue), symbols: session.symbols };
}
