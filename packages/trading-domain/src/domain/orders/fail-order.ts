import { decimal, decimalToString } from '@ai-service/money';
import type { Transaction } from '@ai-service/db';
import { changeBalances, closeHeldReservation, updateOrder, type OrderRow } from '../../repositories/orders.ts';
import type { OrderSagaContext } from './context.ts';
import { emitOrderFailed } from './saga-events.ts';

export type Failure = { reason: 'rejected' | 'timeout' | 'error'; detail: string };

/**
 * The last step of a failed saga, in the caller's transaction with the order locked: releases the
 * order's held reservation back to free, marks the order failed and emits OrderFailed. The
 * session's balance row, which every order of the session locks, is written last so that it stays
 * locked for the shortest time. Returns the order as it now is.
 */
export async function failOrder(tx: Transaction, ctx: OrderSagaContext, order: OrderRow, failure: Failure, compensated: boolean): Promise<OrderRow> {
  const now = ctx.clock();
  const reservation = await closeHeldReservation(tx, order.id, 'released', now);
  const failed = await updateOrder(tx, order.id, { sagaState: 'failed', failureReason: failure.reason, failureDetail: failure.detail, updatedAt: now, finishedAt: now });
  await emitOrderFailed(tx, ctx, order, { ...failure, compensated });
  if (reservation) {
    const amount = decimalToString(decimal(reservation.amount));
    await changeBalances(tx, { tenantId: order.tenantId, sessionId: order.sessionId, at: now }, [{ asset: reservation.asset, free: amount, reserved: `-${amount}` }]);
  }
  return failed;
}
