import type { Transaction } from '@ai-service/db';
import { eventLog } from '../db/schema/index.ts';

export type EventRow = typeof eventLog.$inferInsert;

export async function appendAuditEvent(tx: Transaction, row: EventRow): Promise<void> {
  await tx.insert(eventLog).values(row);
}

/** Several audit rows in one statement. */
export async function appendAuditEvents(tx: Transaction, rows: EventRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(eventLog).values(rows);
}
