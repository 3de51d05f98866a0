import { eventLogTable } from '@ai-service/db';
import { pgSchema } from 'drizzle-orm/pg-core';

export const authSchema = pgSchema('auth');

export const eventLog = eventLogTable(authSchema);
