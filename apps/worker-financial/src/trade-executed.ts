import type { EventEnvelope } from '@ai-service/contracts/events';
import type { Database } from '@ai-service/db';
import { inbox, isFinancialError, recordTrade, type Clock } from '@ai-service/financial-domain';
import { JobsError, type JobHandler } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import { eventHandler, type EventDelivery } from '@ai-service/outbox';

export type TradeExecutedDeps = { db: Database; clock: Clock };

/**
 * The TradeExecuted subscription (from trading's outbox): books each executed trade in the
 * tenant's brokerage account of its exchange. An inbox consumer: the booking commits with the
 * event's inbox row, so a redelivery records nothing (and the trade id as external id backs that up).
 * A trade that cannot be booked (a quote asset that is no currency) is a permanent failure.
 */
export function tradeExecutedHandler(deps: TradeExecutedDeps): JobHandler<EventDelivery> {
  return eventHandler<'TradeExecuted'>({ db: deps.db, inbox }, async (event: EventEnvelope<'TradeExecuted'>, tx) => {
    const ctx = { db: deps.db, tenantId: event.tenantId, actorId: null, traceId: currentTraceId(), clock: deps.clock, tx };
    const { tradeId, exchange, symbol, side, quantity, price, fee, executedAt } = event.payload;
    try {
      await recordTrade({ ctx, input: { tradeId, exchange, symbol, side, quantity, price, fee, executedAt } });
    } catch (error) {
      if (isFinancialError(error, 'invalid_input')) throw new JobsError('permanent_failure', `TradeExecuted ${event.id}: ${error.message}`);
      throw error;
    }
  });
}
