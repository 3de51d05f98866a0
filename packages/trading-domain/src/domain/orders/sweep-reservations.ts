import { withTenant } from '@ai-service/db';
import { expiredReservationOrders, TERMINAL_STATES } from '../../repositories/orders.ts';
import { compensateOrder } from './compensate-order.ts';
import type { OrderSagaContext } from './context.ts';
import { connectorFor, loadOrder } from './run-order-saga.ts';

/** Expired reservations handled per sweep; the rest wait for the next one. */
const SWEEP_BATCH = 100;

/**
 * The sweeper of one tenant: every reservation still held past its expiry is released and its order
 * failed as timed out, after a best-effort cancel at the venue (a fill that raced it is settled
 * instead, which consumes the reservation). Returns how many orders it finished.
 */
export async function sweepReservations({ ctx, input }: { ctx: OrderSagaContext; input: { tenantId: string } }): Promise<{ swept: number }> {
  const expired = await withTenant(ctx.db, input.tenantId, (tx) => expiredReservationOrders(tx, ctx.clock(), SWEEP_BATCH));
  let swept = 0;
  for (const orderId of expired) {
    const order = await loadOrder(ctx, { tenantId: input.tenantId, orderId });
    if (!order || TERMINAL_STATES.includes(order.sagaState)) continue;
    const connector = await connectorFor(ctx, order);
    const placedMaybe = order.sagaState !== 'requested';
    await compensateOrder(ctx, order, { reason: 'timeout', detail: 'its funds reservation expired' }, connector, { cancel: placedMaybe });
    swept += 1;
  }
  return { swept };
}
