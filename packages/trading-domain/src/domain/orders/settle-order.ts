import { withTenant, type Transaction } from '@ai-service/db';
import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import { appendEvent } from '@ai-service/outbox';
import { randomUUID } from 'node:crypto';
import { outbox } from '../../db/schema/index.ts';
import type { ExchangeOrder } from '../../exchange/connector.ts';
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
import { applyFill, FLAT } from './position-math.ts';
import { ShortOfFunds } from './short-of-funds.ts';
import { auditOrder, marketAssets, sagaSeconds } from './saga-events.ts';

const ZERO = decimal('0');

/**
 * Settles an order the venue filled (wholly, or partly before it was cancelled), in ONE
 * transaction: consumes the reservation, records the trade, emits OrderFilled and TradeExecuted,
 * updates the position (realizing PnL on a reduction) and moves the session's balances (what was
 * reserved beyond the cost returns to free). An order already finished is left as it is. The rows
 * every order of the session shares (position, balances) are locked last, so concurrent
 * settlements of a session wait for each other only for those writes and the commit.
 */
export async function settleOrder(ctx: OrderSagaContext, order: OrderRow, venue: ExchangeOrder): Promise<OrderRow> {
  const settled = await withTenant(ctx.db, order.tenantId, async (tx) => {
    const row = await findOrder(tx, order.id, { forUpdate: true });
    if (!row || TERMINAL_STATES.includes(row.sagaState)) return { row, fresh: false };
    return { row: await settleLocked(tx, ctx, row, venue), fresh: true };
  });
  if (settled.fresh) ctx.telemetry.completed('filled', sagaSeconds(order, ctx.clock()));
  return settled.row ?? order;
}

/**
 * The settlement itself, in the caller's transaction with the order locked and not yet finished.
 * `hold`: the reservation's balance change when it is made in this same transaction (fill-at-once.ts),
 * applied here with the settlement's in asset order; throws ShortOfFunds when the funds are not free.
 */
export async function settleLocked(tx: Transaction, ctx: OrderSagaContext, order: OrderRow, venue: ExchangeOrder, hold?: BalanceChange): Promise<OrderRow> {
  const now = ctx.clock();
  const { base, quote } = marketAssets(order.symbol);
  const quantity = decimal(venue.filled);
  const price = decimal(venue.averagePrice ?? order.limitPrice ?? '0');
  const cost = quantity.times(price);
  const feeAsset = venue.fee?.currency ?? quote;
  const fee = decimal(venue.fee?.cost ?? '0');
  const feeIn = (asset: string): Decimal => (feeAsset === asset ? fee : ZERO);

  const reservation = await closeHeldReservation(tx, order.id, 'consumed', now);
  const reserved = reservation ? decimal(reservation.amount) : ZERO;
  const tradeId = randomUUID();
  const executedAt = new Date(venue.timestamp || now.getTime());
  const trade = { quantity: decimalToString(quantity), price: decimalToString(price), fee: { amount: decimalToString(fee), asset: feeAsset } };
  await insertTrade(tx, { id: tradeId, tenantId: order.tenantId, orderId: order.id, sessionId: order.sessionId, symbol: order.symbol, side: order.side, quantity: trade.quantity, price: trade.price, fee: trade.fee.amount, feeCurrency: feeAsset, executedAt });
  const filled = await updateOrder(tx, order.id, {
    sagaState: 'filled',
    exchangeOrderId: venue.id,
    filledQuantity: trade.quantity,
    averagePrice: trade.price,
    fee: trade.fee.amount,
    feeCurrency: feeAsset,
    updatedAt: now,
    finishedAt: now,
  });
  const common = { orderId: order.id, sessionId: order.sessionId, exchange: order.exchange, symbol: order.symbol, side: order.side, quantity: trade.quantity, fee: trade.fee };
  await auditOrder(tx, ctx, order, 'OrderFilled', { ...common, averagePrice: trade.price, tradeId });
  // appendEvent, not appendEvents: it wakes the relay only when idle, so busy settlements do not serialize on NOTIFY.
  await appendEvent(tx, outbox, { type: 'OrderFilled', tenantId: order.tenantId, aggregateId: order.id, occurredAt: now, payload: { ...common, averagePrice: trade.price, filledAt: executedAt.toISOString() } });
  await appendEvent(tx, outbox, { type: 'TradeExecuted', id: tradeId, tenantId: order.tenantId, aggregateId: order.id, occurredAt: now, payload: { ...common, tradeId, price: trade.price, executedAt: executedAt.toISOString() } });

  const feeInQuote = feeIn(quote).plus(feeIn(base).times(price));
  const position = (await findPosition(tx, order.sessionId, order.symbol)) ?? { ...FLAT, tenantId: order.tenantId, sessionId: order.sessionId, symbol: order.symbol, updatedAt: now };
  const next = applyFill(position, { side: order.side, quantity: decimalToString(quantity), price: decimalToString(price), feeInQuote: decimalToString(feeInQuote) });
  await savePosition(tx, { ...position, ...next, updatedAt: now });
  // A fee charged in a third asset (BNB on Binance) is not one of the session's balances: it is
  // recorded on the trade, and counts in neither balances nor fees paid.
  const changes =
    order.side === 'buy'
      ? [
          { asset: quote, free: reserved.minus(cost).minus(feeIn(quote)), reserved: reserved.times(-1) },
          { asset: base, free: quantity.minus(feeIn(base)), reserved: ZERO },
        ]
      : [
          { asset: base, free: reserved.minus(quantity).minus(feeIn(base)), reserved: reserved.times(-1) },
          { asset: quote, free: cost.minus(feeIn(quote)), reserved: ZERO },
        ];
  // A hold made in this transaction moves the same row as its release here: one net change, made
  // only if the hold's amount is free.
  const moves: BalanceChange[] = changes.map(({ asset, free, reserved: held }) =>
    hold?.asset === asset
      ? { asset, free: decimalToString(free.plus(decimal(hold.free))), reserved: decimalToString(held.plus(decimal(hold.reserved))), ...(hold.needsFree ? { needsFree: hold.needsFree } : {}) }
      : { asset, free: decimalToString(free), reserved: decimalToString(held) },
  );
  if (hold && !changes.some((change) => change.asset === hold.asset)) moves.push(hold);
  if (!(await changeBalances(tx, { tenantId: order.tenantId, sessionId: order.sessionId, at: now }, moves))) throw new ShortOfFunds();
  return filled;
}
