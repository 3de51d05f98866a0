import { withTenant, type Transaction } from '@ai-service/db';
import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import { isTradingDomainError } from '../../errors.ts';
import type { ExchangeConnector } from '../../exchange/connector.ts';
import { changeBalances, findBalance, findOrder, insertReservation, updateOrder, type BalanceChange, type OrderRow } from '../../repositories/orders.ts';
import type { OrderSagaContext } from './context.ts';
import { failOrder, type Failure } from './fail-order.ts';
import { auditOrder, marketAssets, sagaSeconds } from './saga-events.ts';
import { ShortOfFunds } from './short-of-funds.ts';

export type Need = { asset: string; amount: Decimal } | { failure: Failure };

/**
 * What the order must hold: a sell its base quantity; a buy its notional at the reference price
 * (the limit, or the ask of a market order) plus the taker fee and the slippage margin, in the quote.
 */
export async function need(ctx: OrderSagaContext, order: OrderRow, connector: ExchangeConnector): Promise<Need> {
  const { base, quote } = marketAssets(order.symbol);
  if (order.side === 'sell') return { asset: base, amount: decimal(order.quantity) };
  try {
    const market = (await connector.loadMarkets())[order.symbol];
    if (!market) return { failure: { reason: 'rejected', detail: `${order.exchange} does not list ${order.symbol}` } };
    const ticker = order.limitPrice === null ? await connector.fetchTicker(order.symbol) : undefined;
    const price = order.limitPrice ?? ticker?.ask ?? ticker?.last ?? null;
    if (price === null) return { failure: { reason: 'error', detail: `${order.exchange} has no price for ${order.symbol}` } };
    const share = decimal('1').plus(decimal(market.takerFee)).plus(decimal(ctx.settings.slippageMargin));
    return { asset: quote, amount: decimal(order.quantity).times(decimal(price)).times(share) };
  } catch (error) {
    // Without the venue's fee or price nothing can be reserved: the order fails now rather than
    // trade late at a price the strategy never saw (its next tick decides again).
    if (isTradingDomainError(error)) return { failure: { reason: 'error', detail: error.message } };
    throw error;
  }
}

/**
 * Step 1: holds the order's funds from the session's free balance as a reservation with a TTL and
 * moves the order to `reserved` with its deadline; without enough free funds the order fails as
 * rejected (nothing to compensate). Only an order still `requested` is reserved, once.
 *
 * Every order of a session takes the same balance row's lock, so it is taken last, by one
 * conditional UPDATE just before the commit: concurrent orders of a session wait for each other
 * one statement and a commit, not the whole transaction. A short balance rolls that transaction
 * back and fails the order in a second one (the order is still `requested` there, so a redelivery
 * or a racing worker still has one effect).
 */
export async function reserveFunds(ctx: OrderSagaContext, order: OrderRow, connector: ExchangeConnector): Promise<OrderRow> {
  const needed = await need(ctx, order, connector);
  const result = await reserveOrFail(ctx, order, needed).catch(async (error: unknown) => {
    if (!(error instanceof ShortOfFunds) || 'failure' in needed) throw error;
    return failShortOrder(ctx, order, needed);
  });
  if (result.outcome !== 'none') ctx.telemetry.started();
  if (result.outcome === 'failed') ctx.telemetry.completed('failed', sagaSeconds(order, ctx.clock()));
  if (result.outcome === 'reserved') await ctx.scheduler.sweeper(order.tenantId);
  return result.row ?? order;
}

type Reserved = { row: OrderRow | undefined; outcome: 'none' | 'failed' | 'reserved' };

function reserveOrFail(ctx: OrderSagaContext, order: OrderRow, needed: Need): Promise<Reserved> {
  return withTenant(ctx.db, order.tenantId, async (tx) => {
    const row = await findOrder(tx, order.id, { forUpdate: true });
    if (!row || row.sagaState !== 'requested') return { row, outcome: 'none' };
    if ('failure' in needed) return { row: await failOrder(tx, ctx, row, needed.failure, true), outcome: 'failed' };
    return { row: await holdFunds(tx, ctx, row, needed), outcome: 'reserved' };
  });
}

/** The reservation, the order's move to `reserved` and its audit row; the balance last (throws ShortOfFunds). */
export async function holdFunds(tx: Transaction, ctx: OrderSagaContext, row: OrderRow, needed: { asset: string; amount: Decimal }): Promise<OrderRow> {
  const { reserved, hold } = await recordReservation(tx, ctx, row, needed);
  if (!(await changeBalances(tx, { tenantId: row.tenantId, sessionId: row.sessionId, at: reserved.updatedAt }, [hold]))) throw new ShortOfFunds();
  return reserved;
}

/**
 * The order's move to `reserved` (with its deadline), its reservation (with its expiry) and the
 * audit row; returns the order and the balance change that holds the funds, for the caller to
 * apply (last, see reserveFunds).
 */
export async function recordReservation(tx: Transaction, ctx: OrderSagaContext, row: OrderRow, needed: { asset: string; amount: Decimal }): Promise<{ reserved: OrderRow; hold: BalanceChange }> {
  const now = ctx.clock();
  const amount = decimalToString(needed.amount);
  const expiresAt = new Date(now.getTime() + ctx.settings.reservationTtlMs);
  const reserved = await updateOrder(tx, row.id, { sagaState: 'reserved', timeoutAt: new Date(now.getTime() + ctx.settings.orderTimeoutMs), updatedAt: now });
  await insertReservation(tx, { id: randomUUID(), tenantId: row.tenantId, orderId: row.id, sessionId: row.sessionId, asset: needed.asset, amount, expiresAt, createdAt: now, updatedAt: now });
  await auditOrder(tx, ctx, row, 'FundsReserved', { asset: needed.asset, amount, expiresAt: expiresAt.toISOString() });
  return { reserved, hold: { asset: needed.asset, free: `-${amount}`, reserved: amount, needsFree: amount } };
}

/**
 * After a short balance: with the balance row locked this time, the order fails as rejected saying
 * how much is free, or is reserved after all if another order released funds in between.
 */
function failShortOrder(ctx: OrderSagaContext, order: OrderRow, needed: { asset: string; amount: Decimal }): Promise<Reserved> {
  return withTenant(ctx.db, order.tenantId, async (tx) => {
    const row = await findOrder(tx, order.id, { forUpdate: true });
    if (!row || row.sagaState !== 'requested') return { row, outcome: 'none' };
    const balance = await findBalance(tx, row.sessionId, needed.asset, { forUpdate: true });
    if (balance && decimal(balance.free).gte(needed.amount)) return { row: await holdFunds(tx, ctx, row, needed), outcome: 'reserved' };
    const detail = `the session has ${balance ? decimalToString(decimal(balance.free)) : '0'} ${needed.asset} free; the order needs ${decimalToString(needed.amount)}`;
    return { row: await failOrder(tx, ctx, row, { reason: 'rejected', detail }, true), outcome: 'failed' };
  });
}
