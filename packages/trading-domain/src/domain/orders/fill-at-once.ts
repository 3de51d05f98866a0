import { withTenant } from '@ai-service/db';
import { decimal } from '@ai-service/money';
import { isTradingDomainError } from '../../errors.ts';
import type { ExchangeConnector } from '../../exchange/connector.ts';
import { findOrder, type OrderRow } from '../../repositories/orders.ts';
import type { OrderSagaContext } from './context.ts';
import { need, recordReservation } from './reserve-funds.ts';
import { sagaSeconds } from './saga-events.ts';
import { settleLocked } from './settle-order.ts';
import { ShortOfFunds } from './short-of-funds.ts';

/** Rolls the one transaction back: the order takes the saga's steps instead. */
class NotAtOnce extends Error {}

/**
 * Steps 1–3 in ONE transaction, for a venue kept in our own database (the paper exchange, through
 * `preparePlacement`) and an order it fills at once: the reservation, the placement and the
 * settlement commit together or not at all — one commit instead of three, and no state in between
 * for a crash to leave. Anything else (no funds, a refusal, an order left open, a venue error)
 * rolls it all back and returns undefined: the caller then runs the steps one by one, which
 * handle those cases (reserve, place, compensate or wait). So does an account busy with another
 * placement: this transaction would hold the account's lock until its settlement commits, so
 * orders of one session would queue behind each other's whole transactions, where the steps
 * pipeline (one order reserves while another is placed and a third settled). The order is locked
 * while `requested`, so a redelivery or a racing worker still has one effect.
 */
export async function fillAtOnce(ctx: OrderSagaContext, order: OrderRow, connector: ExchangeConnector): Promise<OrderRow | undefined> {
  if (!connector.preparePlacement || order.sagaState !== 'requested') return undefined;
  try {
    const needed = await need(ctx, order, connector);
    if ('failure' in needed) return undefined;
    const placement = await connector.preparePlacement({ clientOrderId: order.id, symbol: order.symbol, side: order.side, type: order.type, quantity: order.quantity, limitPrice: order.limitPrice });
    const done = await withTenant(ctx.db, order.tenantId, async (tx) => {
      const row = await findOrder(tx, order.id, { forUpdate: true });
      if (!row || row.sagaState !== 'requested') return { row, filled: false };
      const { reserved, hold } = await recordReservation(tx, ctx, row, needed);
      const venue = await placement(tx);
      if (!venue || venue.status === 'open' || decimal(venue.filled).lte(0)) throw new NotAtOnce();
      // The funds are held and spent with the settlement's balance moves: every balance row of the
      // session is then locked after the venue's account and the position, in asset order, like a
      // settlement alone does, so two orders of a session never wait for each other in a cycle.
      return { row: await settleLocked(tx, ctx, reserved, venue, { hold }), filled: true };
    });
    if (done.filled) {
      await ctx.scheduler.sweeper(order.tenantId);
      ctx.telemetry.started();
      ctx.telemetry.orderSent();
      ctx.telemetry.completed('filled', sagaSeconds(order, ctx.clock()));
    }
    return done.row;
  } catch (error) {
    if (error instanceof NotAtOnce || error instanceof ShortOfFunds || isTradingDomainError(error)) return undefined;
    throw error;
  }
}
