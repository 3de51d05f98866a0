import { sql } from 'drizzle-orm';
import { index, jsonb, text, timestamp, uuid, type PgSchema } from 'drizzle-orm/pg-core';
import { tenantIsolationPolicy } from './tenant-policy.ts';

/** The audit trail every service keeps in its own schema (`<schema>.event_log`). */
export const eventLogTable = (schema: PgSchema) =>
  schema
    .table(
      'event_log',
      {
        id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
        occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
        type: text('type').notNull(),
        aggregateType: text('aggregate_type').notNull(),
        aggregateId: text('aggregate_id').notNull(),
        payload: jsonb('payload').notNull().default({}),
        actor: text('actor'),
        tenantId: uuid('tenant_id').notNull(),
        traceId: text('trace_id'),
      },
      (table) => [
        index('event_log_tenant_occurred_idx').on(table.tenantId, table.occurredAt),
        index('event_log_aggregate_idx').on(table.aggregateType, table.aggregateId),
        tenantIsolationPolicy(),
      ],
    )
    .enableRLS();
