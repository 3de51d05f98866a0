import { JobsError, type Jobs } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import { ARBITRAGE_QUEUE, runWatchScan, SCAN_ARBITRAGE_JOB, watchSchedulerId, type WatchJobData, type WatchScanContext, type WatchScheduler } from '@ai-service/trading-domain';

export type ArbitrageHandlerDeps = Omit<WatchScanContext, 'traceId'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The watch a job is about; anything else can never succeed. */
function watchOf(data: unknown): WatchJobData {
  const { tenantId, watchId } = (data ?? {}) as Partial<WatchJobData>;
  if (typeof tenantId !== 'string' || !UUID.test(tenantId) || typeof watchId !== 'string' || !UUID.test(watchId)) {
    throw new JobsError('permanent_failure', `${SCAN_ARBITRAGE_JOB} needs { tenantId, watchId } (uuids)`);
  }
  return { tenantId, watchId };
}

/** Each arbitrage watch's job scheduler on the `trading` queue, as trading-svc creates it (the boot sweep and retired watches use it here). */
export function watchScheduler(jobs: Jobs): WatchScheduler {
  return {
    schedule: async (watch, everyMs) => {
      await jobs.schedule(ARBITRAGE_QUEUE, watchSchedulerId(watch.watchId), { every: everyMs }, { name: SCAN_ARBITRAGE_JOB, data: watch });
    },
    unschedule: async (watchId) => {
      await jobs.unschedule(ARBITRAGE_QUEUE, watchSchedulerId(watchId));
    },
  };
}

/** scanArbitrage: one scheduled scan of an arbitrage watch (packages/trading-domain/src/arbitrage/run-watch-scan.ts). */
export function registerArbitrageHandlers(jobs: Jobs, deps: ArbitrageHandlerDeps): void {
  jobs.handle(ARBITRAGE_QUEUE, SCAN_ARBITRAGE_JOB, (data) => runWatchScan({ ctx: { ...deps, traceId: currentTraceId() }, input: watchOf(data) }));
}
