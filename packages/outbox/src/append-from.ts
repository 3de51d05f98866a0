import { currentVersion, eventCatalogue, type EventType } from '@ai-service/contracts/events';
import { timeOrderedUuid, type Transaction } from '@ai-service/db';
import { currentTraceId, traceHeaders } from '@ai-service/observability';
import { sql, type SQL } from 'drizzle-orm';
import { outboxChannel } from './notify.ts';
import type { OutboxTable } from './tables.ts';

/**
 * appendEvents for events whose payloads the database can build itself from rows the transaction
 * already wrote (a statement import's 50,000 TransactionCategorized): one INSERT … SELECT instead
 * of sending every payload. `rows` is a query of `aggregate_id` (text) and `payload` (jsonb) in
 * the order the events happened; the envelope (type, version, time, tenant, trace) is the one
 * appendEvents gives each event, and the ids are time-ordered (version 7), so 50,000 events land
 * at the end of the primary key's index instead of all over it. The payloads are not validated
 * here, since they never reach this process: the caller's query must build the catalogue's
 * payload, and its tests parse what it wrote. Returns how many events were appended.
 */
export async function appendEventsFrom(tx: Transaction, outbox: OutboxTable, event: { type: EventType; tenantId: string; occurredAt?: Date }, rows: SQL): Promise<number> {
  const occurredAt = (event.occurredAt ?? new Date()).toISOString();
  const traceParent = traceHeaders()['traceparent'] ?? null;
  const result = await tx.execute(sql`
    insert into ${outbox} (id, type, version, tenant_id, aggregate_type, aggregate_id, occurred_at, trace_id, trace_parent, payload)
    select ${timeOrderedUuid}, ${event.type}, ${currentVersion(event.type)}::int, ${event.tenantId}::uuid, ${eventCatalogue[event.type].aggregate},
           e.aggregate_id, ${occurredAt}::timestamptz, ${currentTraceId() ?? null}, ${traceParent}, e.payload
      from (${rows}) e`);
  const appended = result.rowCount ?? 0;
  if (appended > 0) await tx.execute(sql`select pg_notify(${outboxChannel(outbox)}, '')`);
  return appended;
}
