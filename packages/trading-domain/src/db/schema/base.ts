import { eventLogTable } from '@ai-service/db';
import { inboxTable, outboxTable } from '@ai-service/outbox/tables';
import { pgSchema } from 'drizzle-orm/pg-core';

/** Owned and migrated by trading-svc (apps/trading-svc/drizzle); worker-trading works in it too. */
export const tradingSchema = pgSchema('trading');

export const eventLog = eventLogTable(tradingSchema);

/** Events committed with the change that caused them, until the relay publishes them (packages/outbox). */
export const outbox = outboxTable(tradingSchema);

/** Messages this schema's consumers have processed: a redelivery has no second effect. */
export const inbox = inboxTable(tradingSchema);
