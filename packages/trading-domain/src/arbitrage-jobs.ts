/**
 * How arbitrage watches reach worker-trading: the `scanArbitrage` job of the `trading` queue
 * (packages/jobs catalogue), enqueued every `intervalSeconds` by one job scheduler per watch.
 * trading-svc creates or removes the scheduler after the change to the watch commits; a change whose
 * scheduling was lost is repaired by worker-trading's boot sweep (enabled watches get theirs again)
 * and by the job itself (a disabled or deleted watch's job removes its scheduler).
 */
export const ARBITRAGE_QUEUE = 'trading';
export const SCAN_ARBITRAGE_JOB = 'scanArbitrage';

export type WatchJobData = { tenantId: string; watchId: string };

/** A watch's job scheduler on the queue (trading-svc and worker-trading each build one on their jobs). */
export type WatchScheduler = {
  /** Creates the watch's scheduler, or updates its interval: idempotent. */
  schedule: (watch: WatchJobData, everyMs: number) => Promise<void>;
  unschedule: (watchId: string) => Promise<void>;
};

export const watchSchedulerId = (watchId: string) => `scanArbitrage-${watchId}`;
