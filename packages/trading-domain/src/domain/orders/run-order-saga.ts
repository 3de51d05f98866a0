import { withTenant } from '@ai-service/db';
import type { ExchangeConnector } from '../../exchange/connector.ts';
import { findOrder, TERMINAL_STATES, type OrderRow, type SagaState } from '../../repositories/orders.ts';
import { compensateOrder } from './compensate-order.ts';
import type { OrderSagaContext } from './context.ts';
import { fillAtOnce } from './fill-at-once.ts';
import { batchHolding } from './batches-under-way.ts';
import { fillBatch } from './fill-batch.ts';
import { finishedState } from './finished-orders.ts';
import { placeOnVenue } from './place-on-venue.ts';
import { reserveFunds } from './reserve-funds.ts';

export type OrderRef = { tenantId: string; orderId: string };

export async function loadOrder(ctx: OrderSagaContext, ref: OrderRef): Promise<OrderRow | undefined> {
  return withTenant(ctx.db, ref.tenantId, (tx) => findOrder(tx, ref.orderId));
}

export const connectorFor = (ctx: OrderSagaContext, order: OrderRow): Promise<ExchangeConnector> =>
  ctx.connectors({ tenantId: order.tenantId, sessionId: order.sessionId, exchange: order.exchange, mode: order.mode });

/**
 * Drives an order from where its saga stands through the steps that do not wait for the venue: at
 * once in one transaction when the venue allows it, with the session's other requested orders of
 * the market (fill-batch.ts) or alone (fill-at-once.ts), else step by step.
 */
export async function advanceOrder(ctx: OrderSagaContext, order: OrderRow, connector: ExchangeConnector): Promise<OrderRow> {
  let current = (await fillBatch(ctx, order, connector)) ?? (await fillAtOnce(ctx, order, connector)) ?? order;
  if (current.sagaState === 'requested') current = await reserveFunds(ctx, current, connector);
  if (current.sagaState === 'reserved') current = await placeOnVenue(ctx, current, connector);
  if (current.sagaState === 'compensating') {
    current = await compensateOrder(ctx, current, { reason: current.failureReason ?? 'error', detail: current.failureDetail ?? 'compensation resumed' }, connector, { cancel: true });
  }
  return current;
}

/**
 * An `OrderRequested` delivery: reserve, then place, then settle or compensate (or wait for the
 * venue until the order's timeout job). Every step moves the order forward conditionally, so a
 * redelivery after any step continues from there and repeats nothing; a finished order (or one of
 * another tenant) is left alone, without reading it when this process saw it finish (a batch of
 * its session filled it, maybe one still under way, which it then waits for).
 */
export async function runOrderSaga({ ctx, input }: { ctx: OrderSagaContext; input: OrderRef }): Promise<{ state: SagaState | 'missing' }> {
  // Its session's batch under way here claimed it: once that commits, this process knows how it ended.
  await batchHolding(ctx.db, input);
  const finished = finishedState(ctx.db, input);
  if (finished) return { state: finished };
  const order = await loadOrder(ctx, input);
  if (!order) return { state: 'missing' };
  if (TERMINAL_STATES.includes(order.sagaState)) return { state: order.sagaState };
  const advanced = await advanceOrder(ctx, order, await connectorFor(ctx, order));
  return { state: advanced.sagaState };
}
