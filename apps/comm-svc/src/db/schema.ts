import { eventLogTable } from '@ai-service/db';
import { inboxTable, outboxTable } from '@ai-service/outbox/tables';
import { pgSchema } from 'drizzle-orm/pg-core';

export const commSchema = pgSchema('comm');

export const eventLog = eventLogTable(commSchema);

/** Events committed with the change that caused them, until the relay publishes them (packages/outbox). */
export const outbox = outboxTable(commSchema);

/** Messages this schema's consumers have processed: a redelivery has no second effect. */
export const inbox = inboxTable(commSchema);
