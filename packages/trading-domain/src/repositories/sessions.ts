import type { Database, Transaction } from '@ai-service/db';
import type { SessionState } from '@ai-service/trading';
import { and, asc, desc, eq, inArray, lt, notInArray, or, sql } from 'drizzle-orm';
import { sessions, sessionTransitions } from '../db/schema/index.ts';

export type SessionRow = typeof sessions.$inferSelect;
export type NewSessionRow = typeof sessions.$inferInsert;
export type SessionTransitionRow = typeof sessionTransitions.$inferSelect;
export type SessionChanges = Partial<Omit<NewSessionRow, 'id' | 'tenantId' | 'version' | 'createdAt'>>;

export async function insertSession(tx: Transaction, row: NewSessionRow): Promise<void> {
  await tx.insert(sessions).values(row);
}

export async function findSession(tx: Transaction, id: string, { forUpdate = false } = {}): Promise<SessionRow | undefined> {
  const query = tx.select().from(sessions).where(eq(sessions.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Applies the changes and bumps the version; returns the row as it now is. */
export async function updateSession(tx: Transaction, id: string, changes: SessionChanges, at: Date): Promise<SessionRow> {
  const [row] = await tx
    .update(sessions)
    .set({ ...changes, updatedAt: at, version: sql`${sessions.version} + 1` })
    .where(eq(sessions.id, id))
    .returning();
  if (!row) throw new Error(`session ${id} vanished inside its own transaction`);
  return row;
}

export async function insertTransition(tx: Transaction, row: typeof sessionTransitions.$inferInsert): Promise<void> {
  await tx.insert(sessionTransitions).values(row);
}

export async function listTransitions(tx: Transaction, sessionId: string): Promise<SessionTransitionRow[]> {
  return tx.select().from(sessionTransitions).where(eq(sessionTransitions.sessionId, sessionId)).orderBy(asc(sessionTransitions.position));
}

/** A keyset position in the newest-first list; createdAt keeps Postgres' microseconds. */
export type SessionCursor = { createdAt: string; id: string };

const createdAtText = sql<string>`to_char(${sessions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function listSessionsPage(
  tx: Transaction,
  filter: { limit: number; state?: SessionState | undefined; after?: SessionCursor | undefined },
): Promise<{ rows: SessionRow[]; last: SessionCursor | undefined; more: boolean }> {
  const { limit, state, after } = filter;
  const rows = await tx
    .select({ session: sessions, createdAtText })
    .from(sessions)
    .where(
      and(
        state ? eq(sessions.state, state) : undefined,
        after
          ? or(lt(sessions.createdAt, sql`${after.createdAt}::timestamptz`), and(eq(sessions.createdAt, sql`${after.createdAt}::timestamptz`), lt(sessions.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const lastRow = page.at(-1);
  return { rows: page.map((row) => row.session), last: lastRow && { createdAt: lastRow.createdAtText, id: lastRow.session.id }, more: rows.length > limit };
}

export type SweptSession = { id: string; tenantId: string; state: SessionState; stopRequested: boolean };

/**
 * Every tenant's sessions not yet Stopped, for worker-trading's boot sweep. Runs on the owner
 * connection, which policy `sessions_sweep` lets read all tenants (see db/schema/sessions.ts).
 */
export async function listUnfinishedSessions(owner: Database): Promise<SweptSession[]> {
  const rows = await owner
    .select({ id: sessions.id, tenantId: sessions.tenantId, state: sessions.state, stopRequestedAt: sessions.stopRequestedAt })
    .from(sessions)
    .where(notInArray(sessions.state, ['Stopped']))
    .orderBy(asc(sessions.createdAt));
  return rows.map((row) => ({ id: row.id, tenantId: row.tenantId, state: row.state, stopRequested: row.stopRequestedAt !== null }));
}

/** Sessions trading now (Live or Monitoring) of every tenant, by mode, on the owner connection. */
export async function countTradingSessions(owner: Database): Promise<Array<{ mode: SessionRow['mode']; count: number }>> {
  return owner
    .select({ mode: sessions.mode, count: sql<number>`count(*)::int` })
    .from(sessions)
    .where(inArray(sessions.state, ['Live', 'Monitoring']))
    .groupBy(sessions.mode);
}
