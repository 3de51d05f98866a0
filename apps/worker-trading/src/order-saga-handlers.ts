import { parseEvent } from '@ai-service/contracts/events';
import { JobsError, type JobContext, type Jobs } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import type { EventDelivery } from '@ai-service/outbox';
import {
  checkOrderTimeout,
  ORDER_REQUESTED_JOB,
  ORDER_TIMEOUT_JOB,
  orderTimeoutJobId,
  runOrderSaga,
  SWEEP_RESERVATIONS_JOB,
  sweepReservations,
  sweeperSchedulerId,
  type OrderRef,
  type OrderSagaContext,
  type SagaScheduler,
  type SweepReservationsJobData,
} from '@ai-service/trading-domain';

const QUEUE = 'trading';

export type SagaDeps = Omit<OrderSagaContext, 'traceId'>;

/**
 * The saga's delayed and periodic jobs on the `trading` queue. A tenant's sweeper is a job scheduler
 * (kept by the datastore across restarts), upserted once per process on the tenant's first reservation.
 */
export function sagaScheduler(jobs: Jobs, { sweepIntervalMs }: { sweepIntervalMs: number }): SagaScheduler {
  const sweeping = new Set<string>();
  return {
    orderTimeout: async (order, at) => {
      // Removed on completion: a re-armed timeout (after a restart) is never deduped by a finished one.
      await jobs.enqueue(QUEUE, ORDER_TIMEOUT_JOB, order, { jobId: orderTimeoutJobId(order.orderId), delayMs: Math.max(1, at.getTime() - Date.now()), removeOnComplete: true });
    },
    sweeper: async (tenantId) => {
      if (sweeping.has(tenantId)) return;
      await jobs.schedule(QUEUE, sweeperSchedulerId(tenantId), { every: sweepIntervalMs }, { name: SWEEP_RESERVATIONS_JOB, data: { tenantId } });
      sweeping.add(tenantId);
    },
  };
}

/**
 * `OrderRequested` (from trading's outbox), `orderTimeout` and `sweepReservations`. Not inbox
 * consumers: the steps call the venue, which must not happen inside a transaction; each step is
 * idempotent instead (conditional moves of the order's saga state), so a redelivery is harmless.
 */
export function registerOrderSagaHandlers(jobs: Jobs, deps: SagaDeps): void {
  const ctx = () => ({ ...deps, traceId: currentTraceId() });
  jobs.handle<EventDelivery>(QUEUE, ORDER_REQUESTED_JOB, (delivery) => runOrderSaga({ ctx: ctx(), input: requestedOrder(delivery) }));
  jobs.handle<OrderRef>(QUEUE, ORDER_TIMEOUT_JOB, async (data, context: JobContext) => {
    const result = await checkOrderTimeout({ ctx: ctx(), input: { tenantId: data.tenantId, orderId: data.orderId } });
    // Woken before the deadline (clock skew between processes): come back at it, without using up an attempt.
    if (result.retryAt) return context.defer(Math.max(1, result.retryAt.getTime() - Date.now()));
    return result;
  });
  jobs.handle<SweepReservationsJobData>(QUEUE, SWEEP_RESERVATIONS_JOB, (data) => sweepReservations({ ctx: ctx(), input: { tenantId: data.tenantId } }));
}

/** The order a delivered OrderRequested asks for; anything else can never succeed. */
function requestedOrder(delivery: EventDelivery | undefined): OrderRef {
  const parsed = parseEvent(delivery?.event);
  if (!parsed.ok || parsed.event.type !== ORDER_REQUESTED_JOB) {
    throw new JobsError('permanent_failure', `not an ${ORDER_REQUESTED_JOB} event: ${parsed.ok ? parsed.event.type : parsed.problems.join('; ')}`);
  }
  return { tenantId: parsed.event.tenantId, orderId: parsed.event.payload.orderId };
}
