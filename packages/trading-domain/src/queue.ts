import type { Jobs } from '@ai-service/jobs';

/** Backtests run as jobs of this name on the `trading` queue (packages/jobs catalogue), one per run. */
export const BACKTEST_QUEUE = 'trading';
export const BACKTEST_JOB = 'backtest';

export type BacktestJobData = { tenantId: string; backtestId: string };

/** Enqueues one job per run; the job id is the run's backtest id, so enqueueing twice is a no-op. */
export type BacktestQueue = (runs: BacktestJobData[]) => Promise<void>;

export function backtestQueue(jobs: Pick<Jobs, 'enqueueMany'>): BacktestQueue {
  return (runs) => jobs.enqueueMany(BACKTEST_QUEUE, runs.map((data) => ({ name: BACKTEST_JOB, data, options: { jobId: data.backtestId } })));
}
