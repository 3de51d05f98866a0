import type { Transaction } from '@ai-service/db';
import { and, desc, eq, getTableColumns, inArray, isNull, lt, ne, notInArray, or, sql, sum } from 'drizzle-orm';
import { backtests } from '../db/schema/index.ts';

export type BacktestRow = typeof backtests.$inferSelect;
export type NewBacktestRow = typeof backtests.$inferInsert;
export type BacktestStatus = BacktestRow['status'];

/** The columns of a run its parent reads (never the trades or the equity curve). */
const runSummary = {
  id: backtests.id,
  role: backtests.role,
  windowIndex: backtests.windowIndex,
  status: backtests.status,
  parameters: backtests.parameters,
  metrics: backtests.metrics,
  error: backtests.error,
  rangeFrom: backtests.rangeFrom,
  rangeTo: backtests.rangeTo,
};
export type RunSummary = Pick<BacktestRow, keyof typeof runSummary>;

const FINISHED: BacktestStatus[] = ['completed', 'failed'];

export async function insertBacktests(tx: Transaction, rows: NewBacktestRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(backtests).values(rows);
}

export async function findBacktest(tx: Transaction, id: string, { forUpdate = false } = {}): Promise<BacktestRow | undefined> {
  const query = tx.select().from(backtests).where(eq(backtests.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateBacktest(tx: Transaction, id: string, changes: Partial<Omit<NewBacktestRow, 'id' | 'tenantId'>>): Promise<void> {
  await tx.update(backtests).set(changes).where(eq(backtests.id, id));
}

/** Progress of a running run; a run that already finished keeps its final count. */
export async function updateProgress(tx: Transaction, id: string, processedCandles: number): Promise<void> {
  await tx.update(backtests).set({ processedCandles }).where(and(eq(backtests.id, id), eq(backtests.status, 'running')));
}

export async function listRuns(tx: Transaction, parentId: string): Promise<RunSummary[]> {
  return tx.select(runSummary).from(backtests).where(eq(backtests.parentId, parentId)).orderBy(backtests.windowIndex, backtests.createdAt, backtests.id);
}

/** Runs of the parent still queued or running (of one window and role when given). */
export async function countUnfinishedRuns(tx: Transaction, parentId: string, only: { role?: NonNullable<BacktestRow['role']>; windowIndex?: number } = {}): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(backtests)
    .where(
      and(
        eq(backtests.parentId, parentId),
        notInArray(backtests.status, FINISHED),
        only.role ? eq(backtests.role, only.role) : undefined,
        only.windowIndex === undefined ? undefined : eq(backtests.windowIndex, only.windowIndex),
      ),
    );
  return row?.n ?? 0;
}

/** A sweep or walk-forward is running from its first run's start. */
export async function markParentRunning(tx: Transaction, parentId: string, startedAt: Date): Promise<void> {
  await tx.update(backtests).set({ status: 'running', startedAt }).where(and(eq(backtests.id, parentId), eq(backtests.status, 'queued')));
}

/** Candles simulated so far by each parent's runs. */
export async function processedByParent(tx: Transaction, parentIds: string[]): Promise<Map<string, number>> {
  if (parentIds.length === 0) return new Map();
  const rows = await tx
    .select({ parentId: backtests.parentId, processed: sum(backtests.processedCandles).mapWith(Number) })
    .from(backtests)
    .where(inArray(backtests.parentId, parentIds))
    .groupBy(backtests.parentId);
  return new Map(rows.map((row) => [row.parentId ?? '', row.processed ?? 0]));
}

// The list shows requests and their progress; results are read one backtest at a time.
const { metrics: _metrics, trades: _trades, equityCurve: _equityCurve, ranking: _ranking, windows: _windows, aggregate: _aggregate, ...listedColumns } =
  getTableColumns(backtests);

/** A keyset position in the newest-first list; createdAt keeps Postgres' microseconds. */
export type BacktestCursor = { createdAt: string; id: string };

const createdAtText = sql<string>`to_char(${backtests.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Backtests the user asked for (not the runs of sweeps and walk-forwards), newest first, without their results. */
export async function listBacktestsPage(tx: Transaction, limit: number, after: BacktestCursor | undefined): Promise<{ rows: BacktestRow[]; last: BacktestCursor | undefined; more: boolean }> {
  const rows = await tx
    .select({
      backtest: listedColumns,
      createdAtText,
    })
    .from(backtests)
    .where(
      and(
        isNull(backtests.parentId),
        after
          ? or(lt(backtests.createdAt, sql`${after.createdAt}::timestamptz`), and(eq(backtests.createdAt, sql`${after.createdAt}::timestamptz`), lt(backtests.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(backtests.createdAt), desc(backtests.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const lastRow = page.at(-1);
  return {
    rows: page.map((row) => ({ ...row.backtest, metrics: null, trades: null, equityCurve: null, ranking: null, windows: null, aggregate: null })),
    last: lastRow && { createdAt: lastRow.createdAtText, id: lastRow.backtest.id },
    more: rows.length > limit,
  };
}


/** Marks a queued or running run as running from `startedAt`, with no progress yet; false when it already finished. */
export async function startRun(tx: Transaction, id: string, startedAt: Date): Promise<boolean> {
  const updated = await tx
    .update(backtests)
    .set({ status: 'running', startedAt, processedCandles: 0 })
    .where(and(eq(backtests.id, id), ne(backtests.status, 'completed'), ne(backtests.status, 'failed')))
    .returning({ id: backtests.id });
  return updated.length > 0;
}
