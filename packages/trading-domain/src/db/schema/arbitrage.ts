import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, numeric, pgPolicy, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tradingSchema } from './base.ts';

/**
 * Cross-exchange spreads a scan found at or above its threshold: buy at `buyExchange`'s best ask,
 * sell at `sellExchange`'s best bid. Fees are the two markets' taker fees (fractions); `netSpread`
 * is what is left per unit after both, as a fraction of the buy cost; `maxQuantity` is what both
 * top levels hold; `netProfit` is maxQuantity × the net per-unit difference, in the quote asset.
 */
export const arbitrageOpportunities = tradingSchema
  .table(
    'arbitrage_opportunities',
    {
      id: uuid('id').primaryKey(),
      tenantId: uuid('tenant_id').notNull(),
      symbol: text('symbol').notNull(),
      buyExchange: text('buy_exchange').notNull(),
      sellExchange: text('sell_exchange').notNull(),
      buyPrice: numeric('buy_price').notNull(),
      sellPrice: numeric('sell_price').notNull(),
      buyFee: numeric('buy_fee').notNull(),
      sellFee: numeric('sell_fee').notNull(),
      netSpread: numeric('net_spread').notNull(),
      maxQuantity: numeric('max_quantity').notNull(),
      netProfit: numeric('net_profit').notNull(),
      threshold: numeric('threshold').notNull(),
      foundAt: timestamp('found_at', { withTimezone: true, mode: 'date' }).notNull(),
    },
    (table) => [index('arbitrage_opportunities_found_idx').on(table.tenantId, table.foundAt.desc(), table.id.desc()), tenantIsolationPolicy()],
  )
  .enableRLS();

/** Net spread last recorded per pair (`buyExchange>sellExchange`) of the pairs a watch's last scan found: what is still open. */
export type WatchOpenOpportunities = Record<string, string>;

/** A watch that executes what it records: the session trading each exchange (by CCXT id) and the most one execution may buy. */
export type WatchAutoExecute = { sessions: Record<string, string>; maxQuantity: string };

/**
 * A continuous scan of one symbol across the tenant's exchanges (CCXT ids, two or more): worker-trading's
 * `scanArbitrage` job runs it every `intervalSeconds` while `enabled`, from a job scheduler keyed by the
 * watch. `lastScanAt` is when the last scan ran, `lastError` why it failed (null when it succeeded).
 * `openOpportunities` is how a watch records a persisting opportunity once (see arbitrage/open-opportunities.ts).
 */
export const arbitrageWatches = tradingSchema
  .table(
    'arbitrage_watches',
    {
      id: uuid('id').primaryKey(),
      tenantId: uuid('tenant_id').notNull(),
      symbol: text('symbol').notNull(),
      exchanges: text('exchanges').array().notNull(),
      threshold: numeric('threshold').notNull(),
      intervalSeconds: integer('interval_seconds').notNull().default(60),
      enabled: boolean('enabled').notNull().default(true),
      lastScanAt: timestamp('last_scan_at', { withTimezone: true, mode: 'date' }),
      lastError: text('last_error'),
      openOpportunities: jsonb('open_opportunities').$type<WatchOpenOpportunities>().notNull().default({}),
      /** Null: the watch only records. Otherwise each recorded opportunity between two of these sessions' exchanges is executed (arbitrage/executions/). */
      autoExecute: jsonb('auto_execute').$type<WatchAutoExecute>(),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
      updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    },
    (table) => [
      index('arbitrage_watches_list_idx').on(table.tenantId, table.createdAt, table.id),
      check('arbitrage_watches_interval_check', sql`${table.intervalSeconds} >= 10`),
      check('arbitrage_watches_exchanges_check', sql`cardinality(${table.exchanges}) >= 2`),
      tenantIsolationPolicy(),
      // worker-trading's boot sweep re-creates the scheduler of every enabled watch of every tenant,
      // on the owner connection (as sessions_sweep); the runtime role stays confined to its tenant.
      pgPolicy('arbitrage_watches_sweep', { as: 'permissive', for: 'select', to: 'current_user', using: sql`true` }),
    ],
  )
  .enableRLS();
