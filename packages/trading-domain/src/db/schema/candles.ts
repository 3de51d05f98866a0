import { tenantIsolationPolicy } from '@ai-service/db';
import { doublePrecision, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tradingSchema } from './base.ts';

/**
 * OHLCV candles per tenant, exchange, symbol and timeframe, keyed by the candle's open time.
 *
 * Prices and volumes are `double precision`, not NUMERIC: a candle is an observation of a market
 * (already rounded by the exchange) that only the backtest simulator reads, and the simulator
 * computes in binary floating point (Float64Array). float8 stores exactly the float the simulator
 * uses and reads back as a JS number with no per-value decimal parsing over millions of rows.
 * Money that is booked (ledger balances, fees charged, orders) stays NUMERIC elsewhere.
 *
 * Tenant-scoped like every table: imported market data is the tenant's own upload, and keeping it
 * under row-level security means no query can mix one tenant's series into another's backtest.
 */
export const candles = tradingSchema
  .table(
    'candles',
    {
      tenantId: uuid('tenant_id').notNull(),
      exchange: text('exchange').notNull(),
      symbol: text('symbol').notNull(),
      timeframe: text('timeframe').notNull(),
      time: timestamp('time', { withTimezone: true, mode: 'date' }).notNull(),
      open: doublePrecision('open').notNull(),
      high: doublePrecision('high').notNull(),
      low: doublePrecision('low').notNull(),
      close: doublePrecision('close').notNull(),
      volume: doublePrecision('volume').notNull(),
    },
    (table) => [
      // Also the index of every range read: one series, ordered by time.
      primaryKey({ name: 'candles_pk', columns: [table.tenantId, table.exchange, table.symbol, table.timeframe, table.time] }),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();
