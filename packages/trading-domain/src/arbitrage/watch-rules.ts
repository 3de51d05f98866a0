import { decimal, decimalToString, isDecimalString } from '@ai-service/money';
import { TradingDomainError } from '../errors.ts';
import type { WatchRow } from '../repositories/arbitrage-watches.ts';
import { connectorOf, type ConnectorFor } from './read-quotes.ts';
import type { WatchContext, WatchView } from './types.ts';

export const DEFAULT_INTERVAL_SECONDS = 60;
export const MIN_INTERVAL_SECONDS = 10;
export const MAX_INTERVAL_SECONDS = 86_400;
const MAX_EXCHANGES = 10;
const SYMBOL = /^[A-Z0-9]{2,12}\/[A-Z0-9]{2,12}$/;

export type WatchSettings = { symbol: string; exchanges: string[]; threshold: string; intervalSeconds: number };

const invalid = (field: string, message: string) => new TradingDomainError('invalid_input', `${field} ${message}.`, [{ field, message }]);

/**
 * A watch's settings, checked (400 naming the field) and the threshold in canonical form: a
 * `BASE/QUOTE` symbol, 2–10 distinct exchanges CCXT knows (unsupported_market naming `exchanges`
 * otherwise), a non-negative threshold and a whole interval of 10 s to a day. Whether each exchange
 * lists the symbol is only known by asking it: a scan that finds it does not records the error.
 */
export function checkWatchSettings(connectorFor: ConnectorFor, settings: WatchSettings): WatchSettings {
  if (!SYMBOL.test(settings.symbol)) throw invalid('symbol', 'must be a market symbol such as BTC/USDT');
  if (new Set(settings.exchanges).size !== settings.exchanges.length) throw invalid('exchanges', 'must not repeat an exchange');
  if (settings.exchanges.length < 2 || settings.exchanges.length > MAX_EXCHANGES) throw invalid('exchanges', `must name 2 to ${MAX_EXCHANGES} exchanges`);
  if (!isDecimalString(settings.threshold) || decimal(settings.threshold).lt(0)) throw invalid('threshold', 'must be a non-negative decimal fraction');
  if (!Number.isInteger(settings.intervalSeconds) || settings.intervalSeconds < MIN_INTERVAL_SECONDS || settings.intervalSeconds > MAX_INTERVAL_SECONDS) {
    throw invalid('intervalSeconds', `must be a whole number of seconds from ${MIN_INTERVAL_SECONDS} to ${MAX_INTERVAL_SECONDS}`);
  }
  for (const exchange of settings.exchanges) connectorOf(connectorFor, exchange);
  return { ...settings, threshold: decimalToString(decimal(settings.threshold)) };
}

export function watchView(row: WatchRow): WatchView {
  return {
    id: row.id,
    symbol: row.symbol,
    exchanges: row.exchanges,
    threshold: decimalToString(decimal(row.threshold)),
    intervalSeconds: row.intervalSeconds,
    enabled: row.enabled,
    lastScanAt: row.lastScanAt,
    lastError: row.lastError,
    autoExecute: row.autoExecute ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Keeps the watch's job scheduler in line with it: an enabled watch scans every interval, any other has none. */
export async function syncWatchSchedule(ctx: Pick<WatchContext, 'tenantId' | 'watchScheduler'>, watch: Pick<WatchView, 'id' | 'enabled' | 'intervalSeconds'>): Promise<void> {
  if (watch.enabled) await ctx.watchScheduler.schedule({ tenantId: ctx.tenantId, watchId: watch.id }, watch.intervalSeconds * 1000);
  else await ctx.watchScheduler.unschedule(watch.id);
}
