import type { Jobs } from '@ai-service/jobs';
import { ARBITRAGE_QUEUE, SCAN_ARBITRAGE_JOB, watchSchedulerId, type WatchScheduler } from '@ai-service/trading-domain';

/** Each arbitrage watch's job scheduler on the `trading` queue: a scanArbitrage job every interval, keyed by the watch. */
export function watchSchedulerOn(jobs: Jobs): WatchScheduler {
  return {
    schedule: async (watch, everyMs) => {
      await jobs.schedule(ARBITRAGE_QUEUE, watchSchedulerId(watch.watchId), { every: everyMs }, { name: SCAN_ARBITRAGE_JOB, data: watch });
    },
    unschedule: async (watchId) => {
      await jobs.unschedule(ARBITRAGE_QUEUE, watchSchedulerId(watchId));
    },
  };
}
