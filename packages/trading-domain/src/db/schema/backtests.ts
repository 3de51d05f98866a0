import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { doublePrecision, foreignKey, index, integer, jsonb, numeric, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tradingSchema } from './base.ts';

export const backtestStatus = tradingSchema.enum('backtest_status', ['queued', 'running', 'completed', 'failed']);

/** `single`: one run. `sweep` and `walk-forward`: a parent whose runs are its children. */
export const backtestKind = tradingSchema.enum('backtest_kind', ['single', 'sweep', 'walk-forward']);

/** What a child run is for its parent: one grid point of a sweep, or one half of a walk-forward window. */
export const backtestRole = tradingSchema.enum('backtest_role', ['grid-point', 'in-sample', 'out-of-sample']);

/**
 * One backtest request, or one run of a sweep or walk-forward parent. The request is kept as given
 * (initial capital exact, as NUMERIC); the results are the simulator's (binary floating point),
 * stored as JSON. A row moves queued → running → completed | failed, and only forward.
 */
export const backtests = tradingSchema
  .table(
    'backtests',
    {
      id: uuid('id').primaryKey(),
      tenantId: uuid('tenant_id').notNull(),
      parentId: uuid('parent_id'),
      kind: backtestKind('kind').notNull(),
      role: backtestRole('role'),
      windowIndex: integer('window_index'),
      status: backtestStatus('status').notNull().default('queued'),
      strategy: text('strategy').notNull(),
      parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull(),
      exchange: text('exchange').notNull(),
      symbol: text('symbol').notNull(),
      timeframe: text('timeframe').notNull(),
      rangeFrom: timestamp('range_from', { withTimezone: true, mode: 'date' }).notNull(),
      rangeTo: timestamp('range_to', { withTimezone: true, mode: 'date' }).notNull(),
      initialCapital: numeric('initial_capital').notNull(),
      fee: doublePrecision('fee').notNull(),
      slippage: doublePrecision('slippage').notNull(),
      sweep: jsonb('sweep').$type<Record<string, Array<number | string | boolean>>>(),
      walkForward: jsonb('walk_forward').$type<{ windows: number; inSampleRatio: number }>(),
      rankBy: text('rank_by'),
      /** For a run: candles simulated so far. A parent sums its children's. */
      processedCandles: integer('processed_candles').notNull().default(0),
      /** For a run: candles in its range. For a parent: of all the runs it will make. */
      totalCandles: integer('total_candles').notNull(),
      error: text('error'),
      metrics: jsonb('metrics'),
      trades: jsonb('trades'),
      equityCurve: jsonb('equity_curve'),
      /** Sweep parents: the completed runs in rank order, then the failed ones. */
      ranking: jsonb('ranking'),
      /** Walk-forward parents: per window, the chosen parameters and in/out-of-sample results. */
      windows: jsonb('windows'),
      /** Walk-forward parents: the out-of-sample windows chained into one result. */
      aggregate: jsonb('aggregate'),
      requestedBy: text('requested_by'),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
      startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
      finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    },
    (table) => [
      foreignKey({ name: 'backtests_parent_fk', columns: [table.parentId], foreignColumns: [table.id] }).onDelete('cascade'),
      index('backtests_top_level_idx').on(table.tenantId, table.createdAt.desc(), table.id.desc()).where(sql`${table.parentId} is null`),
      index('backtests_parent_idx').on(table.parentId),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();
