import { withTenant, type Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import { appendEvent } from '@ai-service/outbox';
import { outbox } from '../../db/schema/index.ts';
import type { ExchangeConnector, ExchangeOrder } from '../../exchange/connector.ts';
import {
  changeBalances,
  closeHeldReservation,
  findOrder,
  findPosition,
  insertTrade,
  savePosition,
  TERMINAL_STATES,
  updateOrder,
  type BalanceChange,
  type OrderRow,
} from '../../repositories/orders.ts';
import type { OrderSagaContext } from './context.ts';
import { thirdAssetFeePrice } from './fee-price.ts';
import { applyFill, FLAT } from './position-math.ts';
import { ShortOfFunds } from './short-of-funds.ts';
import { auditOrder, sagaSeconds } from './saga-events.ts';
import { settlementOf } from './settlement.ts';

/**
 * Settles an order the venue filled (wholly, or partly before it was cancelled), in ONE
 * transaction: consumes the reservation, records the trade, emits OrderFilled and TradeExecuted,
 * updates the position (realizing PnL on a reduction) and moves the session's balances (what was
 * reserved beyond the cost returns to free). An order already finished is left as it is. The rows
 * every order of the session shares (position, balances) are locked last, so concurrent
 * settlements of a session wait for each other only for those writes and the commit.
 */
export async function settleOrder(ctx: OrderSagaContext, order: OrderRow, venue: ExchangeOrder, connector: ExchangeConnector): Promise<OrderRow> {
  // Asked before the transaction: the venue's answer must not hold the order's lock.
  const feePrice = await thirdAssetFeePrice(connector, order.symbol, venue.fee);
  const settled = await withTenant(ctx.db, order.tenantId, async (tx) => {
    const row = await findOrder(tx, order.id, { forUpdate: true });
    if (!row || TERMINAL_STATES.includes(row.sagaState)) return { row, fresh: false };
    return { row: await settleLocked(tx, ctx, row, venue, { feePrice }), fresh: true };
  });
  if (settled.fresh) ctx.telemetry.completed('filled', sagaSeconds(order, ctx.clock()));
  return settled.row ?? order;
}

/**
 * The settlement itself, in the caller's transaction with the order locked and not yet finished.
 * `hold`: the reservation's balance change when it is made in this same transaction (fill-at-once.ts),
 * applied here with the settlement's in asset order; throws ShortOfFunds when the funds are not free.
 * `feePrice`: a third-asset fee's price in the quote asset (thirdAssetFeePrice).
 */
export async function settleLocked(
  tx: Transaction,
  ctx: OrderSagaContext,
  order: OrderRow,
  venue: ExchangeOrder,
  { hold, feePrice = null }: { hold?: BalanceChange | undefined; feePrice?: string | null } = {},
): Promise<OrderRow> {
  const now = ctx.clock();
  const reservation = await closeHeldReservation(tx, order.id, 'consumed', now);
  const settlement = settlementOf(order, venue, reservation ? decimal(reservation.amount) : decimal('0'), now, feePrice);
  await insertTrade(tx, settlement.trade);
  const filled = await updateOrder(tx, order.id, settlement.filled);
  await auditOrder(tx, ctx, order, 'OrderFilled', settlement.audit);
  // appendEvent, not appendEvents: it wakes the relay only when idle, so busy settlements do not serialize on NOTIFY.
  await appendEvent(tx, outbox, { type: 'OrderFilled', tenantId: order.tenantId, aggregateId: order.id, occurredAt: now, payload: settlement.orderFilled });
  await appendEvent(tx, outbox, { type: 'TradeExecuted', id: settlement.trade.id!, tenantId: order.tenantId, aggregateId: order.id, occurredAt: now, payload: settlement.tradeExecuted });

  const position = (await findPosition(tx, order.sessionId, order.symbol)) ?? { ...FLAT, tenantId: order.tenantId, sessionId: order.sessionId, symbol: order.symbol, updatedAt: now };
  await savePosition(tx, { ...position, ...applyFill(position, settlement.fill), updatedAt: now });
  // A hold made in this transaction moves the same row as its release here: one net change, made
  // only if the hold's amount is free.
  const moves: BalanceChange[] = settlement.balances.map(({ asset, free, reserved: held }) =>
    hold?.asset === asset
      ? { asset, free: decimalToString(free.plus(decimal(hold.free))), reserved: decimalToString(held.plus(decimal(hold.reserved))), ...(hold.needsFree ? { needsFree: hold.needsFree } : {}) }
      : { asset, free: decimalToString(free), reserved: decimalToString(held) },
  );
  if (hold && !settlement.balances.some((change) => change.asset === hold.asset)) moves.push(hold);
  if (!(await changeBalances(tx, { tenantId: order.tenantId, sessionId: order.sessionId, at: now }, moves))) throw new ShortOfFunds();
  return filled;
}
