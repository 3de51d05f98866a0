import { withTenant, type Transaction } from '@ai-service/db';
import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import { appendEvents, type NewEvent } from '@ai-service/outbox';
import { randomUUID } from 'node:crypto';
import { outbox } from '../../db/schema/index.ts';
import { isTradingDomainError } from '../../errors.ts';
import type { ExchangeConnector, PlacementBook, Ticker } from '../../exchange/connector.ts';
import { executeTogether } from '../../repositories/batch-statements.ts';
import { auditEventsInsert } from '../../repositories/event-log.ts';
import {
  changeBalances,
  claimRequestedOrders,
  findPosition,
  reservationsInsert,
  tradesInsert,
  lockBalances,
  ordersFilledUpdate,
  savePosition,
  type OrderRow,
} from '../../repositories/orders.ts';
import type { OrderSagaContext } from './context.ts';
import type { OrderRef } from './run-order-saga.ts';
import { batchUnderWay, runAsBatch, type BatchOutcome } from './batches-under-way.ts';
import { rememberFinished } from './finished-orders.ts';
import { applyFill, FLAT } from './position-math.ts';
import { need } from './reserve-funds.ts';
import { marketAssets, orderAuditRow, sagaSeconds } from './saga-events.ts';
import { settlementOf, type Settlement } from './settlement.ts';

/** Orders one delivery fills at most (bounds the transaction and its statements' arrays). */
const BATCH_MAX = 50;
const ZERO = decimal('0');

/** The connector with its markets and tickers read once for the whole batch. */
function readOnce(connector: ExchangeConnector): ExchangeConnector {
  let markets: ReturnType<ExchangeConnector['loadMarkets']> | undefined;
  const tickers = new Map<string, Promise<Ticker>>();
  return {
    ...connector,
    loadMarkets: () => (markets ??= connector.loadMarkets()),
    fetchTicker: (symbol) => {
      let ticker = tickers.get(symbol);
      if (!ticker) tickers.set(symbol, (ticker = connector.fetchTicker(symbol)));
      return ticker;
    },
  };
}

type Filled = { row: OrderRow; settlement: Settlement; reserved: { asset: string; amount: string } };

/**
 * Fills, in ONE transaction, the order of this delivery together with every other order of its
 * session still `requested` on the same paper market (a strategy's burst): each is reserved,
 * placed and settled as fill-at-once.ts does for one order, with one statement per table for all
 * of them. Orders other deliveries hold are skipped (FOR UPDATE SKIP LOCKED); those deliveries,
 * and the deliveries of the orders filled here, then find their order done. An order that would
 * not fill at once (a venue error, short session funds or paper balance, a resting limit) is left
 * `requested`, untouched: its own delivery takes the saga's other paths. Returns this delivery's
 * order when it was filled here, else undefined (the caller goes on as without batching). While a
 * batch of the session's market is under way in this process, the deliveries of its other orders
 * wait for it instead of starting their own (which would find its orders locked).
 *
 * Locks, in the order every saga transaction takes them: the orders (never waiting: skipped), the
 * paper account (waiting a moment for another batch of the session to commit; held longer, the
 * order is tried alone and then takes the steps), the position, the session's balance rows.
 */
export async function fillBatch(ctx: OrderSagaContext, order: OrderRow, connector: ExchangeConnector): Promise<OrderRow | undefined> {
  if (!placesTogether(connector) || order.sagaState !== 'requested') return undefined;
  // A batch of the session's market under way in this process may be filling this very order: its
  // outcome, rather than a claim that would find the orders it holds locked and skip them.
  const earlier = batchUnderWay(ctx.db, order);
  const filledEarlier = earlier ? (await earlier).get(order.id) : undefined;
  if (filledEarlier) return filledEarlier;
  return (await runAsBatch(ctx.db, order, (claimed) => fillTogether(ctx, order, connector, claimed))).get(order.id);
}

type BatchVenue = ExchangeConnector & Required<Pick<ExchangeConnector, 'preparePlacements'>>;

const placesTogether = (connector: ExchangeConnector): connector is BatchVenue => connector.preparePlacements !== undefined;

async function fillTogether(ctx: OrderSagaContext, order: OrderRow, connector: BatchVenue, claimed: (orders: readonly OrderRef[]) => void): Promise<BatchOutcome> {
  const venue = readOnce(connector);
  let filled: Filled[];
  try {
    if ('failure' in (await need(ctx, order, venue))) return new Map();
    const openBook = await connector.preparePlacements(order.symbol);
    filled = await withTenant(ctx.db, order.tenantId, async (tx) => {
      const rows = await claimRequestedOrders(tx, order, BATCH_MAX);
      claimed(rows.map((row) => ({ tenantId: row.tenantId, orderId: row.id })));
      if (rows.length === 0) return [];
      return fillClaimed(tx, ctx, order, rows, await openBook(tx), venue);
    });
  } catch (error) {
    // No price, a market the venue refuses, or an account that stayed busy: the order's own steps handle it.
    if (isTradingDomainError(error)) return new Map();
    throw error;
  }
  rememberFinished(ctx.db, filled.map(({ row }) => ({ tenantId: row.tenantId, orderId: row.id })), 'filled');
  for (const { row } of filled) {
    ctx.telemetry.started();
    ctx.telemetry.orderSent();
    ctx.telemetry.completed('filled', sagaSeconds(row, ctx.clock()));
  }
  if (filled.length > 0) await ctx.scheduler.sweeper(order.tenantId);
  return new Map(filled.map(({ row, settlement }) => [row.id, { ...row, ...settlement.filled } as OrderRow]));
}

async function fillClaimed(tx: Transaction, ctx: OrderSagaContext, order: OrderRow, claimed: OrderRow[], book: PlacementBook, venue: ExchangeConnector): Promise<Filled[]> {
  const now = ctx.clock();
  const { base, quote } = marketAssets(order.symbol);
  const session = { tenantId: order.tenantId, sessionId: order.sessionId, at: now };
  const before = (await findPosition(tx, order.sessionId, order.symbol)) ?? { ...FLAT, tenantId: order.tenantId, sessionId: order.sessionId, symbol: order.symbol, updatedAt: now };
  const free = new Map((await lockBalances(tx, order.sessionId, [base, quote])).map((row) => [row.asset, decimal(row.free)]));
  const moved = new Map<string, { free: Decimal; reserved: Decimal }>();
  const move = (asset: string, freeDelta: Decimal, reservedDelta: Decimal) => {
    free.set(asset, (free.get(asset) ?? ZERO).plus(freeDelta));
    const total = moved.get(asset) ?? { free: ZERO, reserved: ZERO };
    moved.set(asset, { free: total.free.plus(freeDelta), reserved: total.reserved.plus(reservedDelta) });
  };
  let position = { quantity: before.quantity, averageEntryPrice: before.averageEntryPrice, realizedPnl: before.realizedPnl, feesPaid: before.feesPaid };
  const filled: Filled[] = [];
  for (const row of claimed) {
    const needed = await need(ctx, row, venue);
    if ('failure' in needed || (free.get(needed.asset) ?? ZERO).lt(needed.amount)) continue;
    const placed = book.place({ clientOrderId: row.id, symbol: row.symbol, side: row.side, type: row.type, quantity: row.quantity, limitPrice: row.limitPrice });
    if (!placed) continue;
    // The hold, then the settlement that consumes it, as the one-order path moves the balances.
    move(needed.asset, needed.amount.times(-1), needed.amount);
    const settlement = settlementOf(row, placed, needed.amount, now);
    for (const change of settlement.balances) move(change.asset, change.free, change.reserved);
    position = applyFill(position, settlement.fill);
    filled.push({ row, settlement, reserved: { asset: needed.asset, amount: decimalToString(needed.amount) } });
  }
  if (filled.length === 0) return [];
  await book.write();
  await writeFills(tx, ctx, filled, now);
  await savePosition(tx, { ...before, ...position, updatedAt: now });
  const changes = [...moved]
    .filter(([, change]) => !change.free.eq(0) || !change.reserved.eq(0))
    .map(([asset, change]) => ({ asset, free: decimalToString(change.free), reserved: decimalToString(change.reserved) }));
  if (!(await changeBalances(tx, session, changes))) throw new Error(`session ${order.sessionId}: a batched fill found its balance changed under its lock`);
  return filled;
}

/** The reservations (made and consumed here), trades, orders and audit rows of the fills (one statement), then their events. */
async function writeFills(tx: Transaction, ctx: OrderSagaContext, filled: Filled[], now: Date): Promise<void> {
  const expiresAt = new Date(now.getTime() + ctx.settings.reservationTtlMs);
  await executeTogether(tx, [
    reservationsInsert(
      filled.map(({ row, reserved }) => ({ id: randomUUID(), tenantId: row.tenantId, orderId: row.id, sessionId: row.sessionId, ...reserved, status: 'consumed' as const, expiresAt, createdAt: now, updatedAt: now })),
    ),
    tradesInsert(filled.map(({ settlement }) => settlement.trade)),
    ordersFilledUpdate(
      filled.map(({ row, settlement: { filled: columns } }) => ({
        id: row.id,
        exchangeOrderId: columns.exchangeOrderId!,
        filledQuantity: columns.filledQuantity!,
        averagePrice: columns.averagePrice!,
        fee: columns.fee!,
        feeCurrency: columns.feeCurrency!,
      })),
      { now, timeoutAt: new Date(now.getTime() + ctx.settings.orderTimeoutMs) },
    ),
    auditEventsInsert(
      filled.flatMap(({ row, reserved, settlement }) => [
        orderAuditRow(ctx, row, 'FundsReserved', { ...reserved, expiresAt: expiresAt.toISOString() }),
        orderAuditRow(ctx, row, 'OrderFilled', settlement.audit),
      ]),
    ),
  ]);
  const events: Array<NewEvent<'OrderFilled'> | NewEvent<'TradeExecuted'>> = filled.flatMap(({ row, settlement }) => [
    { type: 'OrderFilled' as const, tenantId: row.tenantId, aggregateId: row.id, occurredAt: now, payload: settlement.orderFilled },
    { type: 'TradeExecuted' as const, id: settlement.trade.id!, tenantId: row.tenantId, aggregateId: row.id, occurredAt: now, payload: settlement.tradeExecuted },
  ]);
  await appendEvents(tx, outbox, events);
}
