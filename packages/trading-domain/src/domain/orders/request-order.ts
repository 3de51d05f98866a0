import { decimal, decimalToString, isDecimalString } from '@ai-service/money';
import { appendEventWith } from '@ai-service/outbox';
import { randomUUID } from 'node:crypto';
import { outbox } from '../../db/schema/index.ts';
import { TradingDomainError, type FieldProblem } from '../../errors.ts';
import type { OrderSide, OrderType } from '../../exchange/connector.ts';
import { insertOrderAudited } from '../../repositories/orders.ts';
import { inTenantTx, type OrderRequestContext } from './context.ts';
import { orderAuditRow } from './saga-events.ts';

export type RequestOrderInput = {
  tenantId: string;
  sessionId: string;
  exchange: string;
  mode: 'paper' | 'live';
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity: string;
  /** Required for a limit order, null for a market order. */
  limitPrice: string | null;
  /** Makes a retried request idempotent: the same id never makes a second order. */
  orderId?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SYMBOL = /^[A-Z0-9]{2,12}\/[A-Z0-9]{2,12}$/;

const positive = (value: string | null): boolean => value !== null && isDecimalString(value) && decimal(value).gt(0);

function problems(input: RequestOrderInput): FieldProblem[] {
  const found: FieldProblem[] = [];
  if (!SYMBOL.test(input.symbol)) found.push({ field: 'symbol', message: 'must be a market symbol such as BTC/USDT' });
  if (input.side !== 'buy' && input.side !== 'sell') found.push({ field: 'side', message: 'must be buy or sell' });
  if (input.type !== 'market' && input.type !== 'limit') found.push({ field: 'type', message: 'must be market or limit' });
  if (!positive(input.quantity)) found.push({ field: 'quantity', message: 'must be a decimal number greater than 0' });
  if (input.type === 'limit' && !positive(input.limitPrice)) found.push({ field: 'limitPrice', message: 'a limit order needs a limit price greater than 0' });
  if (input.type === 'market' && input.limitPrice !== null) found.push({ field: 'limitPrice', message: 'must be null for a market order' });
  if (input.orderId !== undefined && !UUID.test(input.orderId)) found.push({ field: 'orderId', message: 'must be a UUID' });
  if (input.exchange.length === 0) found.push({ field: 'exchange', message: 'must not be empty' });
  return found;
}

/**
 * Records an order of a session as `requested` and, in the same transaction (the caller's when
 * ctx.tx is given), appends `OrderRequested` (event id = order id) for worker-trading's saga and
 * the audit row. Requesting an order id that exists changes nothing and returns `created: false`.
 */
export async function requestOrder({ ctx, input }: { ctx: OrderRequestContext; input: RequestOrderInput }): Promise<{ orderId: string; created: boolean }> {
  const found = problems(input);
  if (found.length > 0) throw new TradingDomainError('invalid_input', `The order is invalid: ${found[0]!.field} ${found[0]!.message}.`, found);
  const orderId = input.orderId ?? randomUUID();
  const now = ctx.clock();
  const quantity = decimalToString(decimal(input.quantity));
  const limitPrice = input.limitPrice === null ? null : decimalToString(decimal(input.limitPrice));
  const created = await inTenantTx(ctx, input.tenantId, async (tx) => {
    const payload = { orderId, sessionId: input.sessionId, exchange: input.exchange, symbol: input.symbol, side: input.side, type: input.type, quantity, limitPrice };
    const order = {
      id: orderId,
      tenantId: input.tenantId,
      sessionId: input.sessionId,
      exchange: input.exchange,
      mode: input.mode,
      symbol: input.symbol,
      side: input.side,
      type: input.type,
      quantity,
      limitPrice,
      createdAt: now,
      updatedAt: now,
    };
    const event = { type: 'OrderRequested' as const, id: orderId, tenantId: input.tenantId, aggregateId: orderId, occurredAt: now, payload };
    return (await appendEventWith(tx, outbox, event, insertOrderAudited(order, orderAuditRow(ctx, order, 'OrderRequested', payload)))) !== undefined;
  });
  return { orderId, created };
}
