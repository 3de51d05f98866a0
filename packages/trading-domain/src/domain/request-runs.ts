import type { Transaction } from '@ai-service/db';
import { appendEvents } from '@ai-service/outbox';
import { outbox } from '../db/schema/base.ts';
import { BACKTEST_JOB } from '../queue.ts';

export type RequestedRun = { tenantId: string; backtestId: string; parentId: string | null };

/**
 * Asks worker-trading to run each backtest: one `BacktestRunRequested` per run, appended in the
 * caller's transaction (the one that records the run as queued), so a queued run always has its
 * delivery. The event id is the run id, so the event is deterministic; its aggregate is the run,
 * not the parent, so the relay's per-aggregate ordering does not make a sweep's runs wait for one
 * another.
 */
export async function requestRuns(tx: Transaction, occurredAt: Date, runs: readonly RequestedRun[]): Promise<void> {
  await appendEvents(
    tx,
    outbox,
    runs.map((run) => ({
      type: BACKTEST_JOB,
      id: run.backtestId,
      tenantId: run.tenantId,
      aggregateId: run.backtestId,
      occurredAt,
      payload: { backtestId: run.backtestId, parentId: run.parentId },
    })),
  );
}
