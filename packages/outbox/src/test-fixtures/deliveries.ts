import { currentVersion, type EventEnvelope } from '@ai-service/contracts/events';
import { randomUUID } from 'node:crypto';
import type { EventDelivery } from '../delivery.ts';

/** A delivery as the relay would enqueue it, built without an outbox row (for consumer-side tests). */
export function delivery(tenantId: string, sessionId: string, after: string | null = null): EventDelivery {
  const event: EventEnvelope<'StrategyStateChanged'> = {
    id: randomUUID(),
    type: 'StrategyStateChanged',
    version: currentVersion('StrategyStateChanged'),
    occurredAt: new Date().toISOString(),
    tenantId,
    traceId: null,
    aggregate: { type: 'session', id: sessionId },
    payload: { sessionId, strategyId: sessionId, from: 'Preparing', to: 'Live', reason: null, mode: 'paper' },
  };
  return { event, after };
}
