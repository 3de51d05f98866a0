import type { Database } from '@ai-service/db';
import { and, eq, gt } from 'drizzle-orm';
import { exchangeMarkets } from '../../db/schema/index.ts';

/** Where CCXT clients keep the markets they fetched, so that the next client loads them with `setMarkets`. */
export type MarketsCache = {
  /** The venue's markets as CCXT's fetchMarkets returned them, or undefined when none are stored or they are older than the TTL. */
  read: (exchange: string, sandbox: boolean) => Promise<unknown[] | undefined>;
  write: (exchange: string, sandbox: boolean, markets: unknown[]) => Promise<void>;
  /** How long loaded markets stay fresh, in milliseconds (a long-lived client reloads after this). */
  readonly ttlMs: number;
};

export type PostgresMarketsCacheOptions = { db: Database; ttlMs?: number; clock?: () => Date };

/** Listings change rarely; a day keeps new markets and changed fees reasonably current. */
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

/** Markets in trading.exchange_markets: one row per exchange and live/sandbox venue, shared by every tenant. */
export function postgresMarketsCache({ db, ttlMs = DEFAULT_TTL_MS, clock = () => new Date() }: PostgresMarketsCacheOptions): MarketsCache {
  return {
    ttlMs,
    read: async (exchange, sandbox) => {
      const [row] = await db
        .select({ markets: exchangeMarkets.markets })
        .from(exchangeMarkets)
        .where(and(eq(exchangeMarkets.exchange, exchange), eq(exchangeMarkets.sandbox, sandbox), gt(exchangeMarkets.fetchedAt, new Date(clock().getTime() - ttlMs))));
      return row?.markets;
    },
    write: async (exchange, sandbox, markets) => {
      const fetchedAt = clock();
      await db
        .insert(exchangeMarkets)
        .values({ exchange, sandbox, markets, fetchedAt })
        .onConflictDoUpdate({ target: [exchangeMarkets.exchange, exchangeMarkets.sandbox], set: { markets, fetchedAt } });
    },
  };
}
