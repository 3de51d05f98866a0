import type { Transaction } from '@ai-service/db';
import { eventLog } from '../db/schema.ts';

export type EventRow = typeof eventLog.$inferInsert;

export async function appendEvent(tx: Transaction, row: EventRow): Promise<void> {
  await tx.insert(eventLog).values(row);
}
