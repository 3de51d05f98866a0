import type { Transaction } from '@ai-service/db';
import { sql, type SQL } from 'drizzle-orm';
import { eventLog } from '../db/schema/index.ts';
import { columnOf } from './batch-statements.ts';

export type EventRow = typeof eventLog.$inferInsert;

export async function appendAuditEvent(tx: Transaction, row: EventRow): Promise<void> {
  await tx.insert(eventLog).values(row);
}

/** Several audit rows in one statement, for executeTogether (the time defaults to now, the payload to {}, like appendAuditEvent's). */
export function auditEventsInsert(rows: readonly EventRow[]): SQL {
  return sql`
    insert into ${eventLog} (occurred_at, type, aggregate_type, aggregate_id, payload, actor, tenant_id, trace_id)
    select coalesce(occurred_at, now()), type, aggregate_type, aggregate_id, payload, actor, tenant_id, trace_id
      from unnest(${columnOf(rows, 'occurredAt', 'timestamptz')}, ${columnOf(rows, 'type', 'text')}, ${columnOf(rows, 'aggregateType', 'text')},
                  ${columnOf(rows, 'aggregateId', 'text')}, ${columnOf(rows, 'payload', 'jsonb')}, ${columnOf(rows, 'actor', 'text')},
                  ${columnOf(rows, 'tenantId', 'uuid')}, ${columnOf(rows, 'traceId', 'text')})
           as e(occurred_at, type, aggregate_type, aggregate_id, payload, actor, tenant_id, trace_id)`;
}
