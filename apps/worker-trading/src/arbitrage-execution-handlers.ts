import type { EventType } from '@ai-service/contracts/events';
import { JobsError, type JobHandler, type Jobs } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import { eventHandler, type EventDelivery } from '@ai-service/outbox';
import { advanceArbitrageExecution, type TradingContext } from '@ai-service/trading-domain';
import { inbox } from '@ai-service/trading-domain/schema';

const QUEUE = 'trading';

type OrderOutcome = Extract<EventType, 'OrderFilled' | 'OrderFailed'>;

/**
 * OrderFilled and OrderFailed (from trading's outbox) move the arbitrage execution whose leg the
 * order is (packages/trading-domain/src/arbitrage/executions/): the next leg's order is requested
 * in the transaction that records the event in trading's inbox, so a redelivery has no effect.
 * Orders of no execution (a session's own) are recorded and otherwise ignored.
 *
 * The delivery's predecessor is dropped: it is the order's OrderRequested, which the saga handles
 * on this queue without the inbox (its steps call the venue), so it is never recorded there and the
 * wait for it would never end. Nothing is lost by it: an order's outcome is its last event and
 * either filled or failed, never both, so there is no order among them to keep.
 */
export function registerArbitrageExecutionHandlers(jobs: Jobs, deps: Omit<TradingContext, 'traceId'>): void {
  const consumer = (type: OrderOutcome): JobHandler<EventDelivery> => {
    const apply = eventHandler<OrderOutcome>({ db: deps.db, inbox }, async (event, tx) => {
      const compensated = 'compensated' in event.payload ? event.payload.compensated : undefined;
      await advanceArbitrageExecution({ ctx: { ...deps, traceId: currentTraceId(), tx }, input: { tenantId: event.tenantId, orderId: event.payload.orderId, compensated } });
    });
    return (delivery, context) => {
      if (delivery?.event?.type !== type) throw new JobsError('permanent_failure', `not an ${type} event`);
      return apply({ ...delivery, after: null }, context);
    };
  };
  jobs.handle<EventDelivery>(QUEUE, 'OrderFilled', consumer('OrderFilled'));
  jobs.handle<EventDelivery>(QUEUE, 'OrderFailed', consumer('OrderFailed'));
}
