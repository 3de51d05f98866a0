import type { Database, Transaction } from '@ai-service/db';
import { asc, eq } from 'drizzle-orm';
import { arbitrageWatches } from '../db/schema/index.ts';

export type WatchRow = typeof arbitrageWatches.$inferSelect;
export type NewWatchRow = typeof arbitrageWatches.$inferInsert;
export type WatchChanges = Partial<Omit<NewWatchRow, 'id' | 'tenantId' | 'createdAt'>>;

export async function insertWatch(tx: Transaction, row: NewWatchRow): Promise<WatchRow> {
  const [inserted] = await tx.insert(arbitrageWatches).values(row).returning();
  return inserted!;
}

export async function findWatch(tx: Transaction, id: string, { forUpdate = false } = {}): Promise<WatchRow | undefined> {
  const query = tx.select().from(arbitrageWatches).where(eq(arbitrageWatches.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The tenant's watches (row-level security), oldest first. */
export async function listWatches(tx: Transaction): Promise<WatchRow[]> {
  return tx.select().from(arbitrageWatches).orderBy(asc(arbitrageWatches.createdAt), asc(arbitrageWatches.id));
}

export async function updateWatch(tx: Transaction, id: string, changes: WatchChanges): Promise<WatchRow | undefined> {
  const [row] = await tx.update(arbitrageWatches).set(changes).where(eq(arbitrageWatches.id, id)).returning();
  return row;
}

export async function deleteWatch(tx: Transaction, id: string): Promise<WatchRow | undefined> {
  const [row] = await tx.delete(arbitrageWatches).where(eq(arbitrageWatches.id, id)).returning();
  return row;
}

/** Every tenant's enabled watches, on the owner connection (policy arbitrage_watches_sweep). */
export async function listEnabledWatches(owner: Database): Promise<Array<Pick<WatchRow, 'id' | 'tenantId' | 'intervalSeconds'>>> {
  return owner
    .select({ id: arbitrageWatches.id, tenantId: arbitrageWatches.tenantId, intervalSeconds: arbitrageWatches.intervalSeconds })
    .from(arbitrageWatches)
    .where(eq(arbitrageWatches.enabled, true))
    .orderBy(asc(arbitrageWatches.createdAt));
}
