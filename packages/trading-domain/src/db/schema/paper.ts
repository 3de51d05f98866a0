import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { check, index, numeric, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tradingSchema } from './base.ts';

/**
 * The paper exchange's balances: one account per paper session (`account` is the session id).
 * `free` can be spent; `used` is held by open limit orders. Neither can go below zero, so a bug that
 * would overdraw an account fails its transaction instead of inventing money.
 */
export const paperBalances = tradingSchema
  .table(
    'paper_balances',
    {
      tenantId: uuid('tenant_id').notNull(),
      account: text('account').notNull(),
      asset: text('asset').notNull(),
      free: numeric('free').notNull().default('0'),
      used: numeric('used').notNull().default('0'),
      updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    },
    (table) => [
      primaryKey({ name: 'paper_balances_pk', columns: [table.tenantId, table.account, table.asset] }),
      check('paper_balances_free_check', sql`${table.free} >= 0`),
      check('paper_balances_used_check', sql`${table.used} >= 0`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/**
 * Orders on the paper exchange. The client order id is unique per account: placing it again returns
 * this row, never a second fill. `reserved` of `reservedAsset` is what an open limit order holds in
 * `used` (released exactly on fill or cancel).
 */
export const paperOrders = tradingSchema
  .table(
    'paper_orders',
    {
      id: uuid('id').primaryKey(),
      tenantId: uuid('tenant_id').notNull(),
      account: text('account').notNull(),
      clientOrderId: text('client_order_id').notNull(),
      symbol: text('symbol').notNull(),
      side: text('side', { enum: ['buy', 'sell'] }).notNull(),
      type: text('type', { enum: ['market', 'limit'] }).notNull(),
      status: text('status', { enum: ['open', 'closed', 'canceled'] }).notNull(),
      quantity: numeric('quantity').notNull(),
      limitPrice: numeric('limit_price'),
      filled: numeric('filled').notNull().default('0'),
      averagePrice: numeric('average_price'),
      feeCost: numeric('fee_cost'),
      feeCurrency: text('fee_currency'),
      reservedAsset: text('reserved_asset'),
      reserved: numeric('reserved').notNull().default('0'),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
      updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    },
    (table) => [
      unique('paper_orders_client_order_id_key').on(table.tenantId, table.account, table.clientOrderId),
      index('paper_orders_open_idx').on(table.tenantId, table.account, table.symbol).where(sql`${table.status} = 'open'`),
      check('paper_orders_quantity_check', sql`${table.quantity} > 0`),
      check('paper_orders_reserved_check', sql`${table.reserved} >= 0`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();
