import { eventLogTable } from '@ai-service/db';
import { pgSchema } from 'drizzle-orm/pg-core';

export const aiSchema = pgSchema('ai');

export const eventLog = eventLogTable(aiSchema);
