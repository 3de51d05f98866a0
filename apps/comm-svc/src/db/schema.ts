import { eventLogTable } from '@ai-service/db';
import { pgSchema } from 'drizzle-orm/pg-core';

export const commSchema = pgSchema('comm');

export const eventLog = eventLogTable(commSchema);
