import { isTradingDomainError } from '../../errors.ts';
import type { ExchangeOrder } from '../../exchange/connector.ts';
import { TERMINAL_STATES, type SagaState } from '../../repositories/orders.ts';
import { compensateOrder } from './compensate-order.ts';
import type { OrderSagaContext } from './context.ts';
import { followVenueOrder } from './follow-venue-order.ts';
import { advanceOrder, connectorFor, loadOrder, type OrderRef } from './run-order-saga.ts';

/**
 * An order's timeout job: at its deadline, an order still not filled is looked up at the venue —
 * filled meanwhile → settled; still open → cancelled and compensated (settled instead if the cancel
 * raced a fill); unknown to the venue, or the venue silent → compensated as timed out. Run early,
 * it changes nothing and says when to come back (`retryAt`).
 */
export async function checkOrderTimeout({ ctx, input }: { ctx: OrderSagaContext; input: OrderRef }): Promise<{ state: SagaState | 'missing'; retryAt?: Date }> {
  const order = await loadOrder(ctx, input);
  if (!order) return { state: 'missing' };
  // Not reserved yet: its OrderRequested delivery is still on the way and sets the deadline.
  if (TERMINAL_STATES.includes(order.sagaState) || order.sagaState === 'requested' || !order.timeoutAt) return { state: order.sagaState };
  if (ctx.clock() < order.timeoutAt && order.sagaState !== 'compensating') return { state: order.sagaState, retryAt: order.timeoutAt };
  const connector = await connectorFor(ctx, order);
  if (order.sagaState === 'compensating') return { state: (await advanceOrder(ctx, order, connector)).sagaState };

  let venue: ExchangeOrder | null | 'silent';
  try {
    venue = await connector.findOrder(order.symbol, order.id);
  } catch (error) {
    if (!isTradingDomainError(error)) throw error;
    venue = 'silent';
  }
  const deadline = order.timeoutAt.toISOString();
  if (venue === 'silent') return { state: (await compensateOrder(ctx, order, { reason: 'timeout', detail: `the venue did not answer by the deadline ${deadline}` }, connector, { cancel: true })).sagaState };
  if (venue === null) return { state: (await compensateOrder(ctx, order, { reason: 'timeout', detail: `the venue had no such order by the deadline ${deadline}` }, connector, { cancel: false })).sagaState };
  return { state: (await followVenueOrder(ctx, order, venue, connector)).sagaState };
}
