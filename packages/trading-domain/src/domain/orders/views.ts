import { decimal, decimalToString } from '@ai-service/money';
import type { BalanceRow, OrderRow, PositionRow, SagaState } from '../../repositories/orders.ts';

/** NUMERIC comes back as Postgres prints it ("1.50000"); views show canonical decimals. */
const canonical = (value: string): string => decimalToString(decimal(value));
const canonicalOrNull = (value: string | null): string | null => (value === null ? null : canonical(value));

export type OrderView = {
  orderId: string;
  sessionId: string;
  exchange: string;
  symbol: string;
  side: OrderRow['side'];
  type: OrderRow['type'];
  quantity: string;
  limitPrice: string | null;
  state: SagaState;
  exchangeOrderId: string | null;
  filledQuantity: string;
  averagePrice: string | null;
  fee: string | null;
  feeCurrency: string | null;
  failureReason: OrderRow['failureReason'];
  failureDetail: string | null;
  createdAt: string;
  updatedAt: string;
  timeoutAt: string | null;
};

export const orderView = (row: OrderRow): OrderView => ({
  orderId: row.id,
  sessionId: row.sessionId,
  exchange: row.exchange,
  symbol: row.symbol,
  side: row.side,
  type: row.type,
  quantity: canonical(row.quantity),
  limitPrice: canonicalOrNull(row.limitPrice),
  state: row.sagaState,
  exchangeOrderId: row.exchangeOrderId,
  filledQuantity: canonical(row.filledQuantity),
  averagePrice: canonicalOrNull(row.averagePrice),
  fee: canonicalOrNull(row.fee),
  feeCurrency: row.feeCurrency,
  failureReason: row.failureReason,
  failureDetail: row.failureDetail,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  timeoutAt: row.timeoutAt?.toISOString() ?? null,
});

export type PositionView = {
  sessionId: string;
  symbol: string;
  quantity: string;
  averageEntryPrice: string;
  realizedPnl: string;
  feesPaid: string;
  updatedAt: string;
};

export const positionView = (row: PositionRow): PositionView => ({
  sessionId: row.sessionId,
  symbol: row.symbol,
  quantity: canonical(row.quantity),
  averageEntryPrice: canonical(row.averageEntryPrice),
  realizedPnl: canonical(row.realizedPnl),
  feesPaid: canonical(row.feesPaid),
  updatedAt: row.updatedAt.toISOString(),
});

export type BalanceView = { asset: string; free: string; reserved: string };

export const balanceView = (row: BalanceRow): BalanceView => ({ asset: row.asset, free: canonical(row.free), reserved: canonical(row.reserved) });
