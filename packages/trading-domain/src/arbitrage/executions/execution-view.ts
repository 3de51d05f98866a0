import { decimal, decimalToString } from '@ai-service/money';
import type { ExecutionOrderRow, ExecutionRow, ExecutionTransitionRow } from '../../repositories/arbitrage-executions.ts';
import { realizedSpread } from './execution-pnl.ts';
import type { ExecutionDetail, ExecutionLegView, ExecutionView } from './types.ts';

const canonical = (value: string | null) => (value === null ? null : decimalToString(decimal(value)));

export function executionView(row: ExecutionRow, buy?: ExecutionOrderRow): ExecutionView {
  const realizedPnl = canonical(row.realizedPnl);
  return {
    id: row.id,
    clientId: row.clientId,
    opportunityId: row.opportunityId,
    symbol: row.symbol,
    buyExchange: row.buyExchange,
    sellExchange: row.sellExchange,
    mode: row.mode,
    quantity: canonical(row.quantity)!,
    buySessionId: row.buySessionId,
    sellSessionId: row.sellSessionId,
    state: row.state,
    stateReason: row.stateReason,
    realizedPnl,
    realizedSpread: row.state === 'completed' && realizedPnl !== null && buy ? realizedSpread(buy, realizedPnl) : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function legView(order: ExecutionOrderRow | undefined): ExecutionLegView | null {
  if (!order) return null;
  return {
    orderId: order.id,
    sessionId: order.sessionId,
    exchange: order.exchange,
    side: order.side,
    quantity: canonical(order.quantity)!,
    state: order.sagaState,
    filledQuantity: canonical(order.filledQuantity)!,
    averagePrice: canonical(order.averagePrice),
    fee: canonical(order.fee),
    feeCurrency: order.feeCurrency,
    failureReason: order.failureReason,
    failureDetail: order.failureDetail,
  };
}

/** The execution with its legs' orders (as the saga has them) and every move it made. */
export function executionDetail(row: ExecutionRow, orders: ExecutionOrderRow[], transitions: ExecutionTransitionRow[]): ExecutionDetail {
  const byId = new Map(orders.map((order) => [order.id, order]));
  const buy = byId.get(row.buyOrderId);
  return {
    ...executionView(row, buy),
    legs: {
      buy: legView(buy),
      sell: legView(row.sellOrderId ? byId.get(row.sellOrderId) : undefined),
      unwind: legView(row.unwindOrderId ? byId.get(row.unwindOrderId) : undefined),
    },
    transitions: transitions.map((transition) => ({ from: transition.fromState, to: transition.toState, reason: transition.reason, at: transition.at })),
  };
}
