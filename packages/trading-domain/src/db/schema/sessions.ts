import { tenantIsolationPolicy } from '@ai-service/db';
import type { LevelExit } from '@ai-service/trading';
import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, jsonb, numeric, pgPolicy, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tradingSchema } from './base.ts';

/** The seven states of packages/trading's session machine (sessionStates.ts). */
export const sessionState = tradingSchema.enum('session_state', ['Idle', 'Analyzing', 'Preparing', 'Live', 'Monitoring', 'Stopped', 'Error']);

export const sessionMode = tradingSchema.enum('session_mode', ['paper', 'live']);

/** `live`: the exchange's current candles; `replay`: the tenant's stored candles of a past range, one per tick. */
export const sessionPriceSource = tradingSchema.enum('session_price_source', ['live', 'replay']);

/** Close and open time (epoch ms) of the last candle a session consumed, per symbol: a replay session's paper prices. */
export type SessionLastPrices = Record<string, { price: string; time: number }>;

/**
 * Per symbol (position-marks.ts): `highest`, the highest price since the open position's entry (its
 * fill price, then the highs of the candles consumed since), which the trailing stop follows; null
 * while flat. `exits`: the level exits requested since the session was last flat (with the open
 * time of the candle that hit them), named in the reason of its move back to Live.
 */
export type SessionPositionMarks = Record<string, { highest: string | null; exits: Array<{ reason: LevelExit; time: number }> }>;

/**
 * One deployed strategy: what it trades and how, and where its state machine stands. The strategy's
 * indicators are not stored: each tick rebuilds them from the stored candles between `warmupFrom`
 * and `lastCandleTime` (the cursor), so a restarted worker resumes exactly where the row says.
 * `version` grows with every change; a tick or transition that read an older version does nothing.
 */
export const sessions = tradingSchema
  .table(
    'sessions',
    {
      id: uuid('id').primaryKey(),
      tenantId: uuid('tenant_id').notNull(),
      strategy: text('strategy').notNull(),
      parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull(),
      exchange: text('exchange').notNull(),
      symbols: text('symbols').array().notNull(),
      timeframe: text('timeframe').notNull(),
      mode: sessionMode('mode').notNull(),
      /** A live session on the exchange's sandbox/testnet (CCXT sandbox mode, the sandbox credentials): no real money. */
      sandbox: boolean('sandbox').notNull().default(false),
      capital: numeric('capital').notNull(),
      quoteAsset: text('quote_asset').notNull(),
      priceSource: sessionPriceSource('price_source').notNull(),
      replayFrom: timestamp('replay_from', { withTimezone: true, mode: 'date' }),
      replayTo: timestamp('replay_to', { withTimezone: true, mode: 'date' }),
      state: sessionState('state').notNull().default('Idle'),
      stateReason: text('state_reason'),
      /** Set by POST /stop; the stop job (or the next tick) moves the session to Stopped. */
      stopRequestedAt: timestamp('stop_requested_at', { withTimezone: true, mode: 'date' }),
      /** Open time of the first candle the strategy was warmed up on (Analyzing). */
      warmupFrom: timestamp('warmup_from', { withTimezone: true, mode: 'date' }),
      /** Open time of the last closed candle the strategy has seen: the tick cursor. */
      lastCandleTime: timestamp('last_candle_time', { withTimezone: true, mode: 'date' }),
      lastPrices: jsonb('last_prices').$type<SessionLastPrices>().notNull().default({}),
      positionMarks: jsonb('position_marks').$type<SessionPositionMarks>().notNull().default({}),
      lastTickAt: timestamp('last_tick_at', { withTimezone: true, mode: 'date' }),
      ticks: integer('ticks').notNull().default(0),
      createdBy: text('created_by'),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
      updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
      version: integer('version').notNull().default(1),
    },
    (table) => [
      index('sessions_list_idx').on(table.tenantId, table.createdAt.desc(), table.id.desc()),
      index('sessions_active_idx').on(table.state).where(sql`${table.state} not in ('Stopped', 'Error')`),
      tenantIsolationPolicy(),
      // worker-trading's boot sweep (resume, undelivered deploys and stops) reads every tenant's
      // sessions on the owner connection (DATABASE_URL's user, as the outbox relay does); the runtime
      // role ai_trading_rw does not get this policy and stays confined to its tenant.
      pgPolicy('sessions_sweep', { as: 'permissive', for: 'select', to: 'current_user', using: sql`true` }),
    ],
  )
  .enableRLS();

/** Every move of a session's state machine, with its reason; the first row (from null) is the deploy. */
export const sessionTransitions = tradingSchema
  .table(
    'session_transitions',
    {
      id: uuid('id').primaryKey(),
      /** Commit order: moves made within the same millisecond keep their order. */
      position: bigint('position', { mode: 'number' }).generatedAlwaysAsIdentity(),
      tenantId: uuid('tenant_id').notNull(),
      sessionId: uuid('session_id').notNull(),
      fromState: sessionState('from_state'),
      toState: sessionState('to_state').notNull(),
      reason: text('reason'),
      at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    },
    (table) => [
      foreignKey({ name: 'session_transitions_session_fk', columns: [table.sessionId], foreignColumns: [sessions.id] }).onDelete('cascade'),
      index('session_transitions_session_idx').on(table.sessionId, table.position),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();
