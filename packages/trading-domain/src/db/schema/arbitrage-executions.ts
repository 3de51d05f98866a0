import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, numeric, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tradingSchema } from './base.ts';

/**
 * Where a two-leg arbitrage execution stands (arbitrage/executions/): the buy (first leg) is
 * requested with the row; its fill requests the sell (second leg); the sell's fill completes it.
 * A failed buy ends it as `failed` (nothing to unwind); a failed sell requests the unwind (selling
 * back what the buy got, on the buy's session), which ends as `unwound` or `unwind_failed`.
 */
export const arbitrageExecutionState = tradingSchema.enum('arbitrage_execution_state', [
  'first_leg_placed',
  'second_leg_placed',
  'completed',
  'failed',
  'unwinding',
  'unwound',
  'unwind_failed',
]);

/** One execution of an arbitrage opportunity through the order saga, with the orders of its legs. */
export const arbitrageExecutions = tradingSchema
  .table(
    'arbitrage_executions',
    {
      id: uuid('id').primaryKey(),
      tenantId: uuid('tenant_id').notNull(),
      /** The caller's idempotency key: the same one returns the first execution. */
      clientId: text('client_id'),
      /** The recorded opportunity executed, when one was named. */
      opportunityId: uuid('opportunity_id'),
      symbol: text('symbol').notNull(),
      buyExchange: text('buy_exchange').notNull(),
      sellExchange: text('sell_exchange').notNull(),
      mode: text('mode', { enum: ['paper', 'live'] }).notNull(),
      quantity: numeric('quantity').notNull(),
      buySessionId: uuid('buy_session_id').notNull(),
      sellSessionId: uuid('sell_session_id').notNull(),
      /** trading.orders ids (no foreign keys: orders belong to the saga). */
      buyOrderId: uuid('buy_order_id').notNull(),
      sellOrderId: uuid('sell_order_id'),
      unwindOrderId: uuid('unwind_order_id'),
      state: arbitrageExecutionState('state').notNull(),
      stateReason: text('state_reason'),
      /** Quote asset, net of every fee, once the execution is finished with both sides settled (completed or unwound). */
      realizedPnl: numeric('realized_pnl'),
      createdBy: text('created_by'),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
      updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
      version: integer('version').notNull().default(1),
    },
    (table) => [
      uniqueIndex('arbitrage_executions_client_key').on(table.tenantId, table.clientId).where(sql`${table.clientId} is not null`),
      index('arbitrage_executions_list_idx').on(table.tenantId, table.createdAt.desc(), table.id.desc()),
      // An order's OrderFilled / OrderFailed finds its execution by any of the three legs.
      uniqueIndex('arbitrage_executions_buy_order_key').on(table.buyOrderId),
      uniqueIndex('arbitrage_executions_sell_order_key').on(table.sellOrderId),
      uniqueIndex('arbitrage_executions_unwind_order_key').on(table.unwindOrderId),
      check('arbitrage_executions_quantity_check', sql`${table.quantity} > 0`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** Every move of an execution, with its reason; the first row (from null) is the request. */
export const arbitrageExecutionTransitions = tradingSchema
  .table(
    'arbitrage_execution_transitions',
    {
      id: uuid('id').primaryKey(),
      /** Commit order: moves within the same millisecond keep their order. */
      position: bigint('position', { mode: 'number' }).generatedAlwaysAsIdentity(),
      tenantId: uuid('tenant_id').notNull(),
      executionId: uuid('execution_id').notNull(),
      fromState: arbitrageExecutionState('from_state'),
      toState: arbitrageExecutionState('to_state').notNull(),
      reason: text('reason').notNull(),
      at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    },
    (table) => [
      foreignKey({ name: 'arbitrage_execution_transitions_execution_fk', columns: [table.executionId], foreignColumns: [arbitrageExecutions.id] }).onDelete('cascade'),
      index('arbitrage_execution_transitions_execution_idx').on(table.executionId, table.position),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();
