import { currentVersion, eventCatalogue, parseEvent, type EventEnvelope, type EventPayload, type EventType } from '@ai-service/contracts/events';
import type { Transaction } from '@ai-service/db';
import { currentTraceId, traceHeaders } from '@ai-service/observability';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { OutboxError } from './errors.ts';
import { outboxChannel } from './notify.ts';
import type { OutboxTable } from './tables.ts';

export type NewEvent<T extends EventType> = {
  type: T;
  tenantId: string;
  /** Id of the aggregate (transaction, invoice, order, …); its type comes from the catalogue. */
  aggregateId: string;
  payload: EventPayload<T>;
  /** When the fact happened; now by default. */
  occurredAt?: Date;
  /** Set to make the event id deterministic (e.g. derived from a natural key); random by default. */
  id?: string;
};

/**
 * Appends an event to the service's outbox inside the caller's transaction (the one that makes the
 * change), so the event exists if and only if the change committed. Validates against the event
 * catalogue, and stamps the active trace so the consumers continue it.
 */
export async function appendEvent<T extends EventType>(tx: Transaction, outbox: OutboxTable, event: NewEvent<T>): Promise<EventEnvelope<T>> {
  const traceParent = traceHeaders()['traceparent'] ?? null;
  const envelope = {
    id: event.id ?? randomUUID(),
    type: event.type,
    version: currentVersion(event.type),
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    tenantId: event.tenantId,
    traceId: currentTraceId() ?? null,
    aggregate: { type: eventCatalogue[event.type].aggregate, id: event.aggregateId },
    payload: event.payload,
  };
  const parsed = parseEvent(envelope);
  if (!parsed.ok) throw new OutboxError('invalid_event', `${event.type} rejected: ${parsed.problems.join('; ')}`);
  const row = {
    id: envelope.id,
    type: envelope.type,
    version: envelope.version,
    tenantId: envelope.tenantId,
    aggregateType: envelope.aggregate.type,
    aggregateId: envelope.aggregate.id,
    occurredAt: envelope.occurredAt,
    traceId: envelope.traceId,
    traceParent,
    payload: envelope.payload,
  };
  // The notification is delivered at commit (and dropped on rollback): it wakes the relay without
  // waiting for its poll. Sent by the same statement as the insert, to save a round trip per event.
  const insert = tx.insert(outbox).values(row).getSQL();
  await tx.execute(sql`with appended as (${insert} returning 1) select pg_notify(${outboxChannel(outbox)}, '') from appended`);
  return envelope as EventEnvelope<T>;
}
