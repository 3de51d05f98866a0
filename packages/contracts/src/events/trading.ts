import { z } from 'zod';
import { assetAmount, decimalString, marketSymbol, orderSide, timestamp } from './values.ts';

/** Events emitted by trading-svc and worker-trading (aggregates: session, order, trade). */

/** The seven states of a strategy session (seed 001 §8). */
export const strategyState = z.enum(['Idle', 'Analyzing', 'Preparing', 'Live', 'Monitoring', 'Stopped', 'Error']);

export const strategyStateChanged = z.object({
  sessionId: z.uuid(),
  strategyId: z.uuid(),
  from: strategyState,
  to: strategyState,
  reason: z.string().nullable(),
  mode: z.enum(['paper', 'live']),
});

export const orderRequested = z.object({
  orderId: z.uuid(),
  sessionId: z.uuid(),
  exchange: z.string().min(1),
  symbol: marketSymbol,
  side: orderSide,
  type: z.enum(['market', 'limit']),
  quantity: decimalString,
  limitPrice: decimalString.nullable(),
});

export const orderFilled = z.object({
  orderId: z.uuid(),
  sessionId: z.uuid(),
  exchange: z.string().min(1),
  symbol: marketSymbol,
  side: orderSide,
  quantity: decimalString,
  averagePrice: decimalString,
  fee: assetAmount,
  filledAt: timestamp,
});

export const orderFailed = z.object({
  orderId: z.uuid(),
  sessionId: z.uuid(),
  reason: z.enum(['rejected', 'timeout', 'error']),
  detail: z.string(),
  /** Whether the saga's compensation (cancel at the exchange, release the reservation) completed. */
  compensated: z.boolean(),
});

export const tradeExecuted = z.object({
  tradeId: z.uuid(),
  orderId: z.uuid(),
  sessionId: z.uuid(),
  exchange: z.string().min(1),
  symbol: marketSymbol,
  side: orderSide,
  quantity: decimalString,
  price: decimalString,
  fee: assetAmount,
  executedAt: timestamp,
});

export const arbitrageOpportunityFound = z.object({
  symbol: marketSymbol,
  buyExchange: z.string().min(1),
  sellExchange: z.string().min(1),
  buyPrice: decimalString,
  sellPrice: decimalString,
  /** Spread after both exchanges' fees, as a fraction of the buy price ("0.0042" = 0.42 %). */
  netSpread: decimalString,
  maxQuantity: decimalString,
  foundAt: timestamp,
});

/**
 * A backtest run was recorded and waits for worker-trading. Internal to trading-svc and its worker:
 * committed with the backtest rows, so a run can never be recorded without being delivered.
 */
export const backtestRunRequested = z.object({
  backtestId: z.uuid(),
  /** The sweep or walk-forward the run belongs to; null for a single backtest. */
  parentId: z.uuid().nullable(),
});
