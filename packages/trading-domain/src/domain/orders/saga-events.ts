import type { Transaction } from '@ai-service/db';
import { appendEvent } from '@ai-service/outbox';
import { outbox } from '../../db/schema/index.ts';
import type { EventRow } from '../../repositories/event-log.ts';
import type { OrderRow } from '../../repositories/orders.ts';
import type { TradingContext } from '../../context.ts';
import { audit, type AuditEventType } from '../audit.ts';

/** The worker's own audit row for a step of an order's saga. */
export function auditOrder(tx: Transaction, ctx: Pick<TradingContext, 'clock' | 'traceId'>, order: OrderRow, type: AuditEventType, payload: Record<string, unknown>) {
  return audit(tx, ctx, { type, tenantId: order.tenantId, actorId: null, aggregate: { type: 'order', id: order.id }, payload });
}

/** The audit row auditOrder writes, for a statement that writes several (or writes it with the order). */
export function orderAuditRow(ctx: Pick<TradingContext, 'clock' | 'traceId'>, order: Pick<OrderRow, 'tenantId' | 'id'>, type: AuditEventType, payload: Record<string, unknown>): EventRow {
  return { type, tenantId: order.tenantId, actor: null, aggregateType: 'order', aggregateId: order.id, payload, traceId: ctx.traceId ?? null, occurredAt: ctx.clock() };
}

/** OrderFailed with its audit row, in the transaction that marks the order failed. */
export async function emitOrderFailed(
  tx: Transaction,
  ctx: Pick<TradingContext, 'clock' | 'traceId'>,
  order: OrderRow,
  failure: { reason: 'rejected' | 'timeout' | 'error'; detail: string; compensated: boolean },
): Promise<void> {
  const payload = { orderId: order.id, sessionId: order.sessionId, ...failure };
  await auditOrder(tx, ctx, order, 'OrderFailed', payload);
  await appendEvent(tx, outbox, { type: 'OrderFailed', tenantId: order.tenantId, aggregateId: order.id, occurredAt: ctx.clock(), payload });
}

export const sagaSeconds = (order: OrderRow, now: Date): number => Math.max(0, now.getTime() - order.createdAt.getTime()) / 1000;

/** Base and quote asset of a `BASE/QUOTE` symbol (requestOrder only accepts that shape). */
export function marketAssets(symbol: string): { base: string; quote: string } {
  const [base = '', quote = ''] = symbol.split('/');
  return { base, quote };
}
