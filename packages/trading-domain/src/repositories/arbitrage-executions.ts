import type { Transaction } from '@ai-service/db';
import { and, asc, count, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { arbitrageExecutions, arbitrageExecutionTransitions, arbitrageOpportunities, orders } from '../db/schema/index.ts';

export type ExecutionRow = typeof arbitrageExecutions.$inferSelect;
export type ExecutionState = ExecutionRow['state'];
export type ExecutionTransitionRow = typeof arbitrageExecutionTransitions.$inferSelect;
export type ExecutionOrderRow = typeof orders.$inferSelect;
export type ExecutionCursor = { createdAt: string; id: string };

/** Inserts the execution unless the tenant already has one with its client id; null then. */
export async function insertExecution(tx: Transaction, row: typeof arbitrageExecutions.$inferInsert): Promise<ExecutionRow | null> {
  const [inserted] = await tx.insert(arbitrageExecutions).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function findExecution(tx: Transaction, id: string): Promise<ExecutionRow | undefined> {
  return (await tx.select().from(arbitrageExecutions).where(eq(arbitrageExecutions.id, id)))[0];
}

export async function findExecutionByClientId(tx: Transaction, clientId: string): Promise<ExecutionRow | undefined> {
  return (await tx.select().from(arbitrageExecutions).where(eq(arbitrageExecutions.clientId, clientId)))[0];
}

/** The execution one of whose legs is the order, locked for the move its outcome makes. */
export async function findExecutionOfOrderForUpdate(tx: Transaction, orderId: string): Promise<ExecutionRow | undefined> {
  const rows = await tx
    .select()
    .from(arbitrageExecutions)
    .where(or(eq(arbitrageExecutions.buyOrderId, orderId), eq(arbitrageExecutions.sellOrderId, orderId), eq(arbitrageExecutions.unwindOrderId, orderId)))
    .for('update');
  return rows[0];
}

/** Moves the execution from `from` (the state it was read in); false when another move came first. */
export async function moveExecution(
  tx: Transaction,
  row: ExecutionRow,
  changes: Pick<Partial<ExecutionRow>, 'sellOrderId' | 'unwindOrderId' | 'realizedPnl'> & { state: ExecutionState; stateReason: string },
  at: Date,
): Promise<boolean> {
  const updated = await tx
    .update(arbitrageExecutions)
    .set({ ...changes, updatedAt: at, version: sql`${arbitrageExecutions.version} + 1` })
    .where(and(eq(arbitrageExecutions.id, row.id), eq(arbitrageExecutions.state, row.state)))
    .returning({ id: arbitrageExecutions.id });
  return updated.length === 1;
}

export async function insertExecutionTransition(tx: Transaction, row: typeof arbitrageExecutionTransitions.$inferInsert): Promise<void> {
  await tx.insert(arbitrageExecutionTransitions).values(row);
}

/** How many times the execution moved into `state` (its transitions). */
export async function countExecutionMovesTo(tx: Transaction, executionId: string, state: ExecutionState): Promise<number> {
  const [row] = await tx
    .select({ moves: count() })
    .from(arbitrageExecutionTransitions)
    .where(and(eq(arbitrageExecutionTransitions.executionId, executionId), eq(arbitrageExecutionTransitions.toState, state)));
  return row?.moves ?? 0;
}

export async function listExecutionTransitions(tx: Transaction, executionId: string): Promise<ExecutionTransitionRow[]> {
  return tx.select().from(arbitrageExecutionTransitions).where(eq(arbitrageExecutionTransitions.executionId, executionId)).orderBy(asc(arbitrageExecutionTransitions.position));
}

/** The saga's rows of the given orders (read only: the saga owns them). */
export async function findExecutionOrders(tx: Transaction, ids: string[]): Promise<ExecutionOrderRow[]> {
  return ids.length === 0 ? [] : tx.select().from(orders).where(inArray(orders.id, ids));
}

export async function findOpportunity(tx: Transaction, id: string) {
  return (await tx.select().from(arbitrageOpportunities).where(eq(arbitrageOpportunities.id, id)))[0];
}

const createdAtText = sql<string>`to_char(${arbitrageExecutions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The tenant's executions, newest first (keyset pagination on created_at, id). */
export async function listExecutionsPage(tx: Transaction, limit: number, after: ExecutionCursor | undefined) {
  const rows = await tx
    .select({ row: arbitrageExecutions, createdAtText })
    .from(arbitrageExecutions)
    .where(
      after
        ? or(
            lt(arbitrageExecutions.createdAt, sql`${after.createdAt}::timestamptz`),
            and(eq(arbitrageExecutions.createdAt, sql`${after.createdAt}::timestamptz`), lt(arbitrageExecutions.id, after.id)),
          )
        : undefined,
    )
    .orderBy(desc(arbitrageExecutions.createdAt), desc(arbitrageExecutions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page.map((each) => each.row), last: last && { createdAt: last.createdAtText, id: last.row.id }, more: rows.length > limit };
}
