import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import type { TradingContext } from '../../context.ts';
import { requestOrder } from '../../domain/orders/request-order.ts';
import { countExecutionMovesTo, findExecutionOfOrderForUpdate, findExecutionOrders, type ExecutionOrderRow, type ExecutionRow } from '../../repositories/arbitrage-executions.ts';
import { boughtBase, realizedPnl } from './execution-pnl.ts';
import { moveExecutionTo, type ExecutionMove } from './move-execution.ts';
import type { ExecutionState } from './types.ts';

/** In the transaction of the consumer that records the order's OrderFilled / OrderFailed. */
export type AdvanceExecutionContext = TradingContext & { tx: Transaction };

type Leg = 'buy' | 'sell' | 'unwind';

/** The state an execution waits in for each leg's outcome: an outcome in any other state was applied already. */
const WAITING: Record<Leg, ExecutionState> = { buy: 'first_leg_placed', sell: 'second_leg_placed', unwind: 'unwinding' };

const legOf = (row: ExecutionRow, orderId: string): Leg => (row.buyOrderId === orderId ? 'buy' : row.sellOrderId === orderId ? 'sell' : 'unwind');

const filledText = (order: ExecutionOrderRow) =>
  `${decimalToString(decimal(order.filledQuantity))} at ${order.averagePrice ?? '?'} on ${order.exchange} (fee ${order.fee ?? '0'} ${order.feeCurrency ?? ''})`.trimEnd();
/** Why the saga failed the order; when its cancel was not confirmed, the exchange may still fill it, which the user must check. */
const failedText = (order: ExecutionOrderRow, compensated: boolean) =>
  `${order.failureReason ?? 'error'}: ${order.failureDetail ?? 'no detail'}${compensated ? '' : ` (its cancel was not confirmed by ${order.exchange}: check the order there)`}`;

/** A sell of one of the execution's sessions, requested in the same transaction as the move that needs it. */
async function requestSell(ctx: AdvanceExecutionContext, row: ExecutionRow, venue: { sessionId: string; exchange: string }, quantity: string): Promise<string> {
  const orderId = randomUUID();
  const input = { tenantId: row.tenantId, ...venue, mode: row.mode, symbol: row.symbol, side: 'sell' as const, type: 'market' as const, quantity, limitPrice: null, orderId };
  await requestOrder({ ctx, input });
  return orderId;
}

async function afterBuy(ctx: AdvanceExecutionContext, row: ExecutionRow, buy: ExecutionOrderRow, compensated: boolean): Promise<ExecutionMove> {
  if (buy.sagaState === 'failed') return { state: 'failed', reason: `first leg (buy) failed, ${failedText(buy, compensated)}; nothing to unwind` };
  const quantity = decimalToString(decimal(buy.filledQuantity));
  const sellOrderId = await requestSell(ctx, row, { sessionId: row.sellSessionId, exchange: row.sellExchange }, quantity);
  return { state: 'second_leg_placed', reason: `first leg filled: bought ${filledText(buy)}; selling ${quantity} on ${row.sellExchange} (order ${sellOrderId})`, sellOrderId };
}

async function afterSell(ctx: AdvanceExecutionContext, row: ExecutionRow, buy: ExecutionOrderRow, sell: ExecutionOrderRow, compensated: boolean): Promise<ExecutionMove> {
  if (sell.sagaState === 'filled') {
    const pnl = realizedPnl(buy, sell);
    return { state: 'completed', reason: `second leg filled: sold ${filledText(sell)}; net ${pnl}`, realizedPnl: pnl };
  }
  const quantity = boughtBase(buy);
  if (quantity.lte(0)) return { state: 'unwind_failed', reason: `second leg (sell) failed, ${failedText(sell, compensated)}; the first leg left nothing to sell back` };
  const unwindOrderId = await requestSell(ctx, row, { sessionId: row.buySessionId, exchange: row.buyExchange }, decimalToString(quantity));
  return {
    state: 'unwinding',
    reason: `second leg (sell) failed, ${failedText(sell, compensated)}; selling back ${decimalToString(quantity)} on ${row.buyExchange} (order ${unwindOrderId})`,
    unwindOrderId,
  };
}

/**
 * How many times an execution sells back its first leg before giving up: a timeout or an error of
 * the venue may pass, so a failed unwind is requested again; a rejection (the session no longer
 * holds what the buy got, the market refuses the order) would only be rejected again.
 */
export const UNWIND_ATTEMPTS = 3;

async function afterUnwind(ctx: AdvanceExecutionContext, row: ExecutionRow, buy: ExecutionOrderRow, unwind: ExecutionOrderRow, compensated: boolean): Promise<ExecutionMove> {
  if (unwind.sagaState === 'filled') {
    const pnl = realizedPnl(buy, unwind);
    return { state: 'unwound', reason: `first leg unwound: sold back ${filledText(unwind)}; net ${pnl}`, realizedPnl: pnl };
  }
  const quantity = decimalToString(decimal(unwind.quantity));
  const attempts = await countExecutionMovesTo(ctx.tx, row.id, 'unwinding');
  // A cancel the venue did not confirm may still fill: selling again could sell twice.
  if (unwind.failureReason !== 'rejected' && compensated && attempts < UNWIND_ATTEMPTS) {
    const unwindOrderId = await requestSell(ctx, row, { sessionId: row.buySessionId, exchange: row.buyExchange }, quantity);
    return {
      state: 'unwinding',
      reason: `unwind (sell) failed, ${failedText(unwind, compensated)}; selling back ${quantity} on ${row.buyExchange} again, attempt ${attempts + 1} of ${UNWIND_ATTEMPTS} (order ${unwindOrderId})`,
      unwindOrderId,
    };
  }
  const gaveUp = attempts > 1 ? ` (attempt ${attempts} of ${UNWIND_ATTEMPTS})` : '';
  return {
    state: 'unwind_failed',
    reason: `unwind (sell) failed${gaveUp}, ${failedText(unwind, compensated)}; the ${quantity} ${row.symbol.split('/')[0]} bought stay in session ${row.buySessionId}: sell them there`,
  };
}

/**
 * Moves the execution one of whose legs is the order, now that the saga finished it (filled or
 * failed): a filled buy requests the sell on the other exchange, a failed sell requests the unwind
 * (again after an unwind that failed for a reason that may pass, see UNWIND_ATTEMPTS),
 * a failed buy ends it (nothing was bought), the last fill completes it with its net result. All in
 * the caller's transaction, with the orders it requests. An order of no execution, an order not
 * finished, or an outcome already applied (the execution moved on) changes nothing: null.
 */
export async function advanceArbitrageExecution({ ctx, input }: { ctx: AdvanceExecutionContext; input: { tenantId: string; orderId: string; compensated?: boolean | undefined } }): Promise<{ executionId: string; state: ExecutionState } | null> {
  const { tx } = ctx;
  const row = await findExecutionOfOrderForUpdate(tx, input.orderId);
  if (!row) return null;
  const leg = legOf(row, input.orderId);
  if (row.state !== WAITING[leg]) return null;
  const orders = new Map((await findExecutionOrders(tx, [row.buyOrderId, input.orderId])).map((order) => [order.id, order]));
  const order = orders.get(input.orderId);
  const buy = orders.get(row.buyOrderId);
  if (!order || !buy || (order.sagaState !== 'filled' && order.sagaState !== 'failed')) return null;
  // OrderFailed says whether the cancel was confirmed; absent (OrderFilled, or unknown), nothing is left open.
  const compensated = input.compensated ?? true;
  const move = leg === 'buy' ? await afterBuy(ctx, row, buy, compensated) : leg === 'sell' ? await afterSell(ctx, row, buy, order, compensated) : await afterUnwind(ctx, row, buy, order, compensated);
  return (await moveExecutionTo(tx, ctx, row, move)) ? { executionId: row.id, state: move.state } : null;
}
