/**
 * Backtest runs reach worker-trading as the `BacktestRunRequested` job of the `trading` queue
 * (packages/jobs catalogue): trading-svc's outbox relay publishes each committed event there, with
 * the event id (the run id) as job id. domain/request-runs.ts appends the events.
 */
export const BACKTEST_QUEUE = 'trading';
export const BACKTEST_JOB = 'BacktestRunRequested';

/** What runBacktestJob needs to run one backtest (taken from the delivered event). */
export type BacktestJobData = { tenantId: string; backtestId: string };
