import { eventLogTable } from '@ai-service/db';
import { inboxTable, outboxTable } from '@ai-service/outbox/tables';
import { pgSchema } from 'drizzle-orm/pg-core';

/** Every table of the financial domain lives in this Postgres schema (owned by financial-svc's migrations). */
export const financialSchema = pgSchema('financial');

/** The audit trail: one row per change, written in the transaction that made it. */
export const eventLog = eventLogTable(financialSchema);

/** Events committed with the change that caused them, until the relay publishes them (packages/outbox). */
export const outbox = outboxTable(financialSchema);

/** Messages this schema's consumers have processed: a redelivery has no second effect. */
export const inbox = inboxTable(financialSchema);
