import { withTenant } from '@ai-service/db';
import { decimal } from '@ai-service/money';
import { isTradingDomainError } from '../../errors.ts';
import type { ExchangeConnector, ExchangeOrder } from '../../exchange/connector.ts';
import { findOrder, TERMINAL_STATES, updateOrder, type OrderRow } from '../../repositories/orders.ts';
import type { OrderSagaContext } from './context.ts';
import { failOrder, type Failure } from './fail-order.ts';
import { sagaSeconds } from './saga-events.ts';
import { settleOrder } from './settle-order.ts';

/**
 * Compensates an order in reverse: records that it is compensating (so a crash resumes here), then
 * cancels it at the venue, best effort, when it may be there (`cancel`); if the venue filled it
 * before the cancel landed, the fill is settled instead. Otherwise the reservation is released
 * and OrderFailed says whether the cancel was confirmed. Safe to run again at any point.
 */
export async function compensateOrder(ctx: OrderSagaContext, order: OrderRow, failure: Failure, connector: ExchangeConnector, { cancel }: { cancel: boolean }): Promise<OrderRow> {
  const marked = await withTenant(ctx.db, order.tenantId, async (tx) => {
    const row = await findOrder(tx, order.id, { forUpdate: true });
    if (!row || TERMINAL_STATES.includes(row.sagaState)) return row;
    if (row.sagaState !== 'compensating') {
      await updateOrder(tx, row.id, { sagaState: 'compensating', failureReason: failure.reason, failureDetail: failure.detail, updatedAt: ctx.clock() });
    }
    return { ...row, sagaState: 'compensating' as const, failureReason: row.failureReason ?? failure.reason, failureDetail: row.failureDetail ?? failure.detail };
  });
  if (!marked || marked.sagaState !== 'compensating') return marked ?? order;
  ctx.telemetry.compensated();
  const recorded: Failure = { reason: marked.failureReason ?? failure.reason, detail: marked.failureDetail ?? failure.detail };

  let confirmed = !cancel;
  if (cancel) {
    let final: ExchangeOrder | null | undefined;
    try {
      const atVenue = await connector.findOrder(marked.symbol, marked.id);
      if (atVenue && atVenue.status === 'open') await connector.cancelOrder(marked.symbol, atVenue.id);
      final = atVenue && atVenue.status === 'open' ? await connector.findOrder(marked.symbol, marked.id) : atVenue;
    } catch (error) {
      // The venue did not answer (or refused the cancel): the compensation goes on, and
      // OrderFailed reports it as not confirmed at the venue.
      if (!isTradingDomainError(error)) throw error;
      final = undefined;
    }
    // The cancel raced a fill: what the venue executed is the session's, so it is settled.
    if (final && decimal(final.filled).gt(0) && final.status !== 'open') return settleOrder(ctx, marked, final, connector);
    confirmed = final !== undefined && (final === null || final.status !== 'open');
  }

  const failed = await withTenant(ctx.db, marked.tenantId, async (tx) => {
    const row = await findOrder(tx, marked.id, { forUpdate: true });
    if (!row || row.sagaState !== 'compensating') return { row, fresh: false };
    return { row: await failOrder(tx, ctx, row, recorded, confirmed), fresh: true };
  });
  if (failed.fresh) ctx.telemetry.completed('failed', sagaSeconds(order, ctx.clock()));
  return failed.row ?? marked;
}
