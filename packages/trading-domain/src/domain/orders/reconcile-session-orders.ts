import { withTenant } from '@ai-service/db';
import type { ExchangeConnector } from '../../exchange/connector.ts';
import { listOrders, type OrderRow } from '../../repositories/orders.ts';
import { compensateOrder } from './compensate-order.ts';
import type { OrderSagaContext } from './context.ts';
import { followVenueOrder, pastDeadline } from './follow-venue-order.ts';
import { advanceOrder } from './run-order-saga.ts';

export type ReconcileReport = { checked: number; filled: number; failed: number; open: number };

/**
 * After a restart: every order of the session whose saga has not finished is looked up at the venue
 * by its client order id first, so nothing the venue already has is placed again. Found → followed
 * (settled, kept waiting with its timeout job, or compensated past its deadline); not found and never
 * placed → reserved and placed now, or failed as timed out past its deadline; a `placed` order the
 * venue does not know → failed as error. Venue errors are thrown (the caller retries the resume).
 */
export async function reconcileSessionOrders({ ctx, input, connector }: { ctx: OrderSagaContext; input: { tenantId: string; sessionId: string }; connector: ExchangeConnector }): Promise<ReconcileReport> {
  const open = await withTenant(ctx.db, input.tenantId, (tx) => listOrders(tx, input.sessionId, { open: true }));
  const report: ReconcileReport = { checked: open.length, filled: 0, failed: 0, open: 0 };
  for (const order of open.reverse()) {
    const state = (await reconcileOrder(ctx, order, connector)).sagaState;
    if (state === 'filled') report.filled += 1;
    else if (state === 'failed') report.failed += 1;
    else report.open += 1;
  }
  return report;
}

async function reconcileOrder(ctx: OrderSagaContext, order: OrderRow, connector: ExchangeConnector): Promise<OrderRow> {
  if (order.sagaState === 'requested' || order.sagaState === 'compensating') return advanceOrder(ctx, order, connector);
  const venue = await connector.findOrder(order.symbol, order.id);
  if (venue) return followVenueOrder(ctx, order, venue, connector);
  if (order.sagaState === 'placed') return compensateOrder(ctx, order, { reason: 'error', detail: 'the venue does not know the order it had accepted' }, connector, { cancel: false });
  if (pastDeadline(ctx, order)) return compensateOrder(ctx, order, { reason: 'timeout', detail: 'never reached the venue before its deadline' }, connector, { cancel: false });
  return advanceOrder(ctx, order, connector);
}
