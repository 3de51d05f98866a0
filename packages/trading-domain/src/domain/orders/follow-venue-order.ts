import { withTenant } from '@ai-service/db';
import { decimal } from '@ai-service/money';
import type { ExchangeConnector, ExchangeOrder } from '../../exchange/connector.ts';
import { findOrder, updateOrder, type OrderRow } from '../../repositories/orders.ts';
import { compensateOrder } from './compensate-order.ts';
import type { OrderSagaContext } from './context.ts';
import { auditOrder } from './saga-events.ts';
import { settleOrder } from './settle-order.ts';

export const pastDeadline = (ctx: OrderSagaContext, order: OrderRow): boolean => order.timeoutAt !== null && ctx.clock() >= order.timeoutAt;

/**
 * The saga's next step from what the venue says of the order: executed (wholly, or partly before it
 * ended) → settle; ended without a fill → compensate as rejected; still open → wait for it (placed,
 * with a timeout job at its deadline), or past the deadline → cancel and compensate.
 */
export async function followVenueOrder(ctx: OrderSagaContext, order: OrderRow, venue: ExchangeOrder, connector: ExchangeConnector): Promise<OrderRow> {
  const executed = decimal(venue.filled).gt(0);
  if (venue.status !== 'open') {
    if (executed) return settleOrder(ctx, order, venue, connector);
    return compensateOrder(ctx, order, { reason: 'rejected', detail: `the venue reports the order ${venue.status} without a fill` }, connector, { cancel: false });
  }
  if (pastDeadline(ctx, order)) {
    return compensateOrder(ctx, order, { reason: 'timeout', detail: `not filled by its deadline ${order.timeoutAt!.toISOString()}` }, connector, { cancel: true });
  }
  const placed = await withTenant(ctx.db, order.tenantId, async (tx) => {
    const row = await findOrder(tx, order.id, { forUpdate: true });
    if (!row || row.sagaState !== 'reserved') return row;
    await updateOrder(tx, row.id, { sagaState: 'placed', exchangeOrderId: venue.id, updatedAt: ctx.clock() });
    await auditOrder(tx, ctx, row, 'OrderPlaced', { exchangeOrderId: venue.id, status: venue.status });
    return { ...row, sagaState: 'placed' as const, exchangeOrderId: venue.id };
  });
  if (placed?.timeoutAt) await ctx.scheduler.orderTimeout({ tenantId: placed.tenantId, orderId: placed.id }, placed.timeoutAt);
  return placed ?? order;
}
