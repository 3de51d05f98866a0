import ccxt from 'ccxt';
import { TradingDomainError } from '../../errors.ts';
import { LIVE_PERMISSION } from '../sessions/deploy-session.ts';
import type { CredentialsContext } from './types.ts';

/** Credentials are for exchanges CCXT knows; a live venue's (real money) need trading:live, a sandbox's trading:trade (checked by the route). */
export function checkVenue(ctx: CredentialsContext, venue: { exchange: string; sandbox: boolean }): void {
  if (!ccxt.exchanges.includes(venue.exchange)) {
    const message = `${venue.exchange} is not an exchange CCXT knows (e.g. binance, kraken, coinbase).`;
    throw new TradingDomainError('unsupported_market', message, [{ field: 'exchange', message }]);
  }
  if (!venue.sandbox && !ctx.permissions.includes(LIVE_PERMISSION)) {
    throw new TradingDomainError('forbidden', `Credentials of a live exchange account need the permission ${LIVE_PERMISSION}.`, [
      { field: 'sandbox', message: `false (live) needs ${LIVE_PERMISSION}` },
    ]);
  }
}
