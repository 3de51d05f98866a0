import { eventLogTable } from '@ai-service/db';
import { pgSchema } from 'drizzle-orm/pg-core';

export const financialSchema = pgSchema('financial');

export const eventLog = eventLogTable(financialSchema);
