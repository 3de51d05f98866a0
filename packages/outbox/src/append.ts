import { currentVersion, envelopeSchema, eventCatalogue, type EventEnvelope, type EventPayload, type EventType } from '@ai-service/contracts/events';
import type { Transaction } from '@ai-service/db';
import { currentTraceId, traceHeaders } from '@ai-service/observability';
import { sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { OutboxError } from './errors.ts';
import { outboxChannel, outboxSchema } from './notify.ts';
import { hotLockKey } from './relay-pace.ts';
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

function outboxRow<T extends EventType>(event: NewEvent<T>, traceParent: string | null) {
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
  // The type is ours, so its cached envelope schema validates directly (parseEvent is for envelopes of unknown type).
  const parsed = envelopeSchema(event.type).safeParse(envelope);
  if (!parsed.success) {
    throw new OutboxError('invalid_event', `${event.type} rejected: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`);
  }
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
  return { envelope: envelope as EventEnvelope<T>, row };
}

/**
 * Wakes the schema's relay at commit (the notification is dropped on rollback), unless it is busy:
 * then it holds its hot lock and polls on its own, and a notification would only serialize this
 * commit with every other notifying one (see relay-pace.ts). Must run after the transaction wrote
 * its outbox rows, so that it already has the transaction id a cooling relay waits for.
 */
function wakeIdleRelay(outbox: OutboxTable) {
  const hot = hotLockKey(outboxSchema(outbox));
  // Nested CASE: Postgres does not promise to evaluate AND from left to right.
  return sql`case when pg_try_advisory_lock_shared(hashtext(${hot}))
                  then case when pg_advisory_unlock_shared(hashtext(${hot})) then pg_notify(${outboxChannel(outbox)}, '')::text end end`;
}

/**
 * Appends an event to the service's outbox inside the caller's transaction (the one that makes the
 * change), so the event exists if and only if the change committed. Validates against the event
 * catalogue, and stamps the active trace so the consumers continue it.
 */
export async function appendEvent<T extends EventType>(tx: Transaction, outbox: OutboxTable, event: NewEvent<T>): Promise<EventEnvelope<T>> {
  const { envelope, row } = outboxRow(event, traceHeaders()['traceparent'] ?? null);
  // Sent by the same statement as the insert, to save a round trip per event. The lock is tested
  // per returned row, i.e. after the insert gave this transaction the id a cooling relay waits for.
  const insert = tx.insert(outbox).values(row).getSQL();
  await tx.execute(sql`with appended as (${insert} returning 1) select ${wakeIdleRelay(outbox)} from appended`);
  return envelope;
}

/**
 * The data-modifying CTEs of a change whose event `appendEventWith` appends in the same statement:
 * `ctes` is `name as (…), …`; `when` names the CTE that returns a row when the change happened.
 */
export type EventfulChange = { ctes: SQL; when: string };

/**
 * appendEvent in the statement that makes the change, for a change that may not happen (an insert
 * finding its row already there): the event is appended only if `change.when` returned a row. One
 * round trip instead of two (the order of a session's tick). Resolves with the envelope when the
 * event was appended, undefined when the change did not happen.
 */
export async function appendEventWith<T extends EventType>(tx: Transaction, outbox: OutboxTable, event: NewEvent<T>, change: EventfulChange): Promise<EventEnvelope<T> | undefined> {
  const { envelope, row } = outboxRow(event, traceHeaders()['traceparent'] ?? null);
  const { rowCount } = await tx.execute(sql`
    with ${change.ctes},
    appended as (
      insert into ${outbox} (id, type, version, tenant_id, aggregate_type, aggregate_id, occurred_at, trace_id, trace_parent, payload)
      select ${row.id}::uuid, ${row.type}, ${row.version}::int, ${row.tenantId}::uuid, ${row.aggregateType}, ${row.aggregateId},
             ${row.occurredAt}::timestamptz, ${row.traceId}, ${row.traceParent}, ${JSON.stringify(row.payload)}::jsonb
       where exists (select 1 from ${sql.identifier(change.when)})
      returning 1)
    select ${wakeIdleRelay(outbox)} from appended`);
  return (rowCount ?? 0) > 0 ? envelope : undefined;
}

/** Events per INSERT of appendEvents: bounds the size of one statement's arrays. */
const BULK_CHUNK = 20_000;

/** One array parameter of `type` (a plain array in drizzle's `sql` would become one parameter per element). */
const array = (values: readonly unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

/**
 * appendEvent for many events (a statement import of 100,000 transactions): the same validation
 * and envelope, written with one INSERT from `unnest` arrays per chunk and a single notification,
 * in the caller's transaction.
 */
export async function appendEvents<T extends EventType>(tx: Transaction, outbox: OutboxTable, events: readonly NewEvent<T>[]): Promise<void> {
  if (events.length === 0) return;
  const traceParent = traceHeaders()['traceparent'] ?? null;
  const rows = events.map((event) => outboxRow(event, traceParent).row);
  for (let start = 0; start < rows.length; start += BULK_CHUNK) {
    const chunk = rows.slice(start, start + BULK_CHUNK);
    const column = <K extends keyof (typeof chunk)[number]>(key: K) => chunk.map((row) => row[key]);
    await tx.execute(sql`
      insert into ${outbox} (id, type, version, tenant_id, aggregate_type, aggregate_id, occurred_at, trace_id, trace_parent, payload)
      select * from unnest(${array(column('id'), 'uuid')}, ${array(column('type'), 'text')}, ${array(column('version'), 'int')},
        ${array(column('tenantId'), 'uuid')}, ${array(column('aggregateType'), 'text')}, ${array(column('aggregateId'), 'text')},
        ${array(column('occurredAt'), 'timestamptz')}, ${array(column('traceId'), 'text')}, ${array(column('traceParent'), 'text')},
        ${array(chunk.map((row) => JSON.stringify(row.payload)), 'jsonb')})`);
  }
  await tx.execute(sql`select pg_notify(${outboxChannel(outbox)}, '')`);
}
