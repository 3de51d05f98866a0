import type { SagaTelemetry } from '@ai-service/trading-domain';
import { Counter, Histogram, type Registry } from 'prom-client';

/** The order saga's metrics on the worker's registry (issue 8): saga_* and orders_sent_total. */
export function sagaMetrics(registry: Registry): SagaTelemetry {
  const started = new Counter({ name: 'saga_started_total', help: 'Order sagas started (funds reservation attempted)', registers: [registry] });
  const completed = new Counter({
    name: 'saga_completed_total',
    help: 'Order sagas finished, by outcome (filled, failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'saga_duration_seconds',
    help: 'Time from an order request to its saga finishing (filled or failed)',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers: [registry],
  });
  const compensations = new Counter({ name: 'saga_compensations_total', help: 'Order sagas that ran their compensation (cancel at the venue, release the reservation)', registers: [registry] });
  const sent = new Counter({ name: 'orders_sent_total', help: 'Orders the venue accepted from the saga (placed)', registers: [registry] });
  return {
    started: () => started.inc(),
    completed: (outcome, seconds) => {
      completed.inc({ outcome });
      duration.observe({ outcome }, seconds);
    },
    compensated: () => compensations.inc(),
    orderSent: () => sent.inc(),
  };
}
