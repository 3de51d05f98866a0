import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { check, index, numeric, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tradingSchema } from './base.ts';

/**
 * Where an order's saga stands (domain/orders/): requested → reserved → placed → filled, or through
 * compensating to failed. Every step moves it forward with a conditional update, so a redelivered
 * message finds the step done and has no second effect.
 */
export const sagaState = tradingSchema.enum('order_saga_state', ['requested', 'reserved', 'placed', 'filled', 'compensating', 'failed']);

export const orderFailureReason = tradingSchema.enum('order_failure_reason', ['rejected', 'timeout', 'error']);

/** One order of a session and the state of its saga; the id is our client order id at the venue. */
export const orders = tradingSchema
  .table(
    'orders',
    {
      id: uuid('id').primaryKey(),
      tenantId: uuid('tenant_id').notNull(),
      /** trading.sessions.id (no foreign key: the saga does not depend on how sessions are stored). */
      sessionId: uuid('session_id').notNull(),
      exchange: text('exchange').notNull(),
      mode: text('mode', { enum: ['paper', 'live'] }).notNull(),
      symbol: text('symbol').notNull(),
      side: text('side', { enum: ['buy', 'sell'] }).notNull(),
      type: text('type', { enum: ['market', 'limit'] }).notNull(),
      quantity: numeric('quantity').notNull(),
      limitPrice: numeric('limit_price'),
      sagaState: sagaState('saga_state').notNull().default('requested'),
      exchangeOrderId: text('exchange_order_id'),
      filledQuantity: numeric('filled_quantity').notNull().default('0'),
      averagePrice: numeric('average_price'),
      fee: numeric('fee'),
      feeCurrency: text('fee_currency'),
      failureReason: orderFailureReason('failure_reason'),
      failureDetail: text('failure_detail'),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
      updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
      /** Set when funds are reserved: past it, an order still not filled is compensated. */
      timeoutAt: timestamp('timeout_at', { withTimezone: true, mode: 'date' }),
      finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    },
    (table) => [
      index('orders_session_idx').on(table.tenantId, table.sessionId, table.createdAt.desc()),
      index('orders_open_idx').on(table.tenantId, table.sessionId).where(sql`${table.sagaState} not in ('filled', 'failed')`),
      check('orders_quantity_check', sql`${table.quantity} > 0`),
      check('orders_filled_quantity_check', sql`${table.filledQuantity} >= 0`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** A session's own money per asset: `free` to spend, `reserved` held by orders in flight. Never below zero. */
export const sessionBalances = tradingSchema
  .table(
    'session_balances',
    {
      tenantId: uuid('tenant_id').notNull(),
      sessionId: uuid('session_id').notNull(),
      asset: text('asset').notNull(),
      free: numeric('free').notNull().default('0'),
      reserved: numeric('reserved').notNull().default('0'),
      updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    },
    (table) => [
      primaryKey({ name: 'session_balances_pk', columns: [table.sessionId, table.asset] }),
      check('session_balances_free_check', sql`${table.free} >= 0`),
      check('session_balances_reserved_check', sql`${table.reserved} >= 0`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

export const reservationStatus = tradingSchema.enum('reservation_status', ['held', 'consumed', 'released']);

/** Funds an order holds from `free` into `reserved` until it settles (consumed) or fails (released). */
export const reservations = tradingSchema
  .table(
    'reservations',
    {
      id: uuid('id').primaryKey(),
      tenantId: uuid('tenant_id').notNull(),
      orderId: uuid('order_id').notNull(),
      sessionId: uuid('session_id').notNull(),
      asset: text('asset').notNull(),
      amount: numeric('amount').notNull(),
      status: reservationStatus('status').notNull().default('held'),
      expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
      updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    },
    (table) => [
      uniqueIndex('reservations_order_key').on(table.orderId),
      index('reservations_held_idx').on(table.tenantId, table.expiresAt).where(sql`${table.status} = 'held'`),
      check('reservations_amount_check', sql`${table.amount} > 0`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/**
 * A session's holding of one market's base asset, from its fills: quantity, average entry price,
 * PnL realized by reductions (gross of fees) and every fee paid, in the quote asset.
 */
export const positions = tradingSchema
  .table(
    'positions',
    {
      tenantId: uuid('tenant_id').notNull(),
      sessionId: uuid('session_id').notNull(),
      symbol: text('symbol').notNull(),
      quantity: numeric('quantity').notNull().default('0'),
      averageEntryPrice: numeric('average_entry_price').notNull().default('0'),
      realizedPnl: numeric('realized_pnl').notNull().default('0'),
      feesPaid: numeric('fees_paid').notNull().default('0'),
      updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    },
    (table) => [primaryKey({ name: 'positions_pk', columns: [table.sessionId, table.symbol] }), tenantIsolationPolicy()],
  )
  .enableRLS();

/** One fill of an order (the saga settles an order's fill as one trade; its id is TradeExecuted's tradeId). */
export const trades = tradingSchema
  .table(
    'trades',
    {
      id: uuid('id').primaryKey(),
      tenantId: uuid('tenant_id').notNull(),
      orderId: uuid('order_id').notNull(),
      sessionId: uuid('session_id').notNull(),
      symbol: text('symbol').notNull(),
      side: text('side', { enum: ['buy', 'sell'] }).notNull(),
      quantity: numeric('quantity').notNull(),
      price: numeric('price').notNull(),
      fee: numeric('fee').notNull(),
      feeCurrency: text('fee_currency').notNull(),
      executedAt: timestamp('executed_at', { withTimezone: true, mode: 'date' }).notNull(),
    },
    (table) => [
      uniqueIndex('trades_order_key').on(table.orderId),
      index('trades_session_idx').on(table.tenantId, table.sessionId, table.executedAt),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();
