import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgPolicy, primaryKey, text, timestamp, uniqueIndex, uuid, type PgSchema } from 'drizzle-orm/pg-core';

/**
 * `<schema>.outbox`: events a service committed together with the change that caused them, waiting
 * for the relay to publish them. Tenant rows are isolated by row-level security like every tenant
 * table; the relay is the one reader of all tenants (policy `outbox_relay`, see below).
 */
export const outboxTable = (schema: PgSchema) =>
  schema
    .table(
      'outbox',
      {
        id: uuid('id').primaryKey(),
        /** Commit order for the relay: events are published in this order, so per aggregate too. */
        position: bigint('position', { mode: 'number' }).generatedAlwaysAsIdentity(),
        type: text('type').notNull(),
        version: integer('version').notNull(),
        tenantId: uuid('tenant_id').notNull(),
        aggregateType: text('aggregate_type').notNull(),
        aggregateId: text('aggregate_id').notNull(),
        occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
        /** When the appending transaction began: what the relay's lag is measured from. */
        appendedAt: timestamp('appended_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
        traceId: text('trace_id'),
        /** W3C `traceparent` of the request that appended the event: the worker continues that trace. */
        traceParent: text('trace_parent'),
        payload: jsonb('payload').notNull(),
        publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }),
        /** The queues the relay delivered the event to (an event with no subscriber gets an empty list). */
        deliveredTo: text('delivered_to').array(),
      },
      (table) => [
        uniqueIndex('outbox_position_idx').on(table.position),
        index('outbox_unpublished_idx').on(table.position).where(sql`${table.publishedAt} is null`),
        index('outbox_aggregate_idx').on(table.tenantId, table.aggregateType, table.aggregateId, table.position),
        tenantIsolationPolicy(),
        // The relay runs on the owner connection (DATABASE_URL's user, who created the table here)
        // and must read and mark every tenant's events. FORCE ROW LEVEL SECURITY binds the owner
        // too, so it gets this policy; the runtime role ai_<schema>_rw does not, and stays
        // confined to its tenant. It grants the owner nothing it could not take by altering the table.
        pgPolicy('outbox_relay', { as: 'permissive', for: 'all', to: 'current_user', using: sql`true`, withCheck: sql`true` }),
      ],
    )
    .enableRLS();

/**
 * `<schema>.inbox`: the messages a consumer of this schema has processed, written in the same
 * transaction as the consumer's effect, so a redelivered message has no second effect.
 */
export const inboxTable = (schema: PgSchema) =>
  schema
    .table(
      'inbox',
      {
        consumer: text('consumer').notNull(),
        messageId: text('message_id').notNull(),
        tenantId: uuid('tenant_id').notNull(),
        processedAt: timestamp('processed_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
      },
      (table) => [primaryKey({ columns: [table.consumer, table.messageId] }), tenantIsolationPolicy()],
    )
    .enableRLS();

export type OutboxTable = ReturnType<typeof outboxTable>;
export type InboxTable = ReturnType<typeof inboxTable>;
