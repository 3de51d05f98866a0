import { isTradingDomainError } from '../../errors.ts';
import type { ExchangeConnector, ExchangeOrder } from '../../exchange/connector.ts';
import type { OrderRow } from '../../repositories/orders.ts';
import { compensateOrder } from './compensate-order.ts';
import type { OrderSagaContext } from './context.ts';
import { followVenueOrder } from './follow-venue-order.ts';

/**
 * Step 2: sends a reserved order to the venue with our order id as client order id (the venue
 * answers a repeat with the first order, so a redelivered step cannot place twice). A refusal is
 * compensated as rejected, another venue error as error; a venue that does not answer leaves the
 * order reserved for its timeout job, which asks the venue again at the deadline.
 */
export async function placeOnVenue(ctx: OrderSagaContext, order: OrderRow, connector: ExchangeConnector): Promise<OrderRow> {
  let venue: ExchangeOrder;
  try {
    venue = await connector.placeOrder({ clientOrderId: order.id, symbol: order.symbol, side: order.side, type: order.type, quantity: order.quantity, limitPrice: order.limitPrice });
  } catch (error) {
    if (!isTradingDomainError(error)) throw error;
    if (error.code === 'exchange_unavailable') {
      if (order.timeoutAt) await ctx.scheduler.orderTimeout({ tenantId: order.tenantId, orderId: order.id }, order.timeoutAt);
      return order;
    }
    const reason = error.code === 'exchange_rejected' ? 'rejected' : 'error';
    return compensateOrder(ctx, order, { reason, detail: error.message }, connector, { cancel: false });
  }
  ctx.telemetry.orderSent();
  return followVenueOrder(ctx, order, venue, connector);
}
