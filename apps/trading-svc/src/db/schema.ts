import { eventLogTable } from '@ai-service/db';
import { pgSchema } from 'drizzle-orm/pg-core';

export const tradingSchema = pgSchema('trading');

export const eventLog = eventLogTable(tradingSchema);
