import { tenantIsolationPolicy } from '@ai-service/db';
import { bigint, pgSchema, text, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '../tables.ts';

/** A stand-in service schema for the outbox tests: the same outbox and inbox every service has, plus a table of effects. */
export const fixtureSchema = pgSchema('relay_fixture');

export const outbox = outboxTable(fixtureSchema);
export const inbox = inboxTable(fixtureSchema);

/** One row per applied effect, in the order consumers applied them; deliberately no unique key, so a duplicate would show. */
export const effects = fixtureSchema
  .table(
    'effects',
    {
      seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      consumer: text('consumer').notNull(),
      eventId: uuid('event_id').notNull(),
      tenantId: uuid('tenant_id').notNull(),
      aggregateId: text('aggregate_id').notNull(),
    },
    () => [tenantIsolationPolicy()],
  )
  .enableRLS();
