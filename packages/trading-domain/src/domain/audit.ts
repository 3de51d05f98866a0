import type { Transaction } from '@ai-service/db';
import type { TradingContext } from '../context.ts';
import { appendAuditEvent } from '../repositories/event-log.ts';

export type AuditEventType =
  | 'CandlesImported'
  | 'BacktestRequested'
  | 'BacktestCompleted'
  | 'BacktestFailed'
  | 'SessionDeployed'
  | 'SessionStopRequested'
  | 'SessionStateChanged'
  | 'SessionFunded'
  | 'OrderRequested'
  | 'FundsReserved'
  | 'OrderPlaced'
  | 'OrderFilled'
  | 'OrderFailed'
  | 'ExchangeCredentialsSet'
  | 'ExchangeCredentialsDeleted'
  | 'ArbitrageOpportunityFound'
  | 'ArbitrageWatchCreated'
  | 'ArbitrageWatchUpdated'
  | 'ArbitrageWatchDeleted'
  | 'ArbitrageExecutionRequested'
  | 'ArbitrageExecutionStateChanged';

export type AuditEvent = {
  type: AuditEventType;
  tenantId: string;
  /** The user who acted; null for the worker's own steps. */
  actorId: string | null;
  aggregate: { type: 'candle_series' | 'backtest' | 'session' | 'order' | 'exchange_credentials' | 'arbitrage_opportunity' | 'arbitrage_watch' | 'arbitrage_execution'; id: string };
  payload?: Record<string, unknown>;
};

/** Appends to trading.event_log inside the caller's transaction, with the request's or job's trace id. */
export async function audit(tx: Transaction, ctx: Pick<TradingContext, 'clock' | 'traceId'>, event: AuditEvent): Promise<void> {
  await appendAuditEvent(tx, {
    type: event.type,
    tenantId: event.tenantId,
    actor: event.actorId,
    aggregateType: event.aggregate.type,
    aggregateId: event.aggregate.id,
    payload: event.payload ?? {},
    traceId: ctx.traceId ?? null,
    occurredAt: ctx.clock(),
  });
}
