import type { Database } from '@ai-service/db';
import type { WatchScheduler } from '../arbitrage-jobs.ts';
import { listEnabledWatches } from '../repositories/arbitrage-watches.ts';

/**
 * worker-trading's boot sweep: every enabled watch of every tenant gets its job scheduler (created,
 * or left as it is: idempotent), so a watch whose scheduling was lost after its change committed, or
 * a queue datastore restarted empty, scans again. `owner` reads every tenant's watches.
 */
export async function resumeArbitrageWatches({ owner, watchScheduler }: { owner: Database; watchScheduler: WatchScheduler }): Promise<{ scheduled: number }> {
  const watches = await listEnabledWatches(owner);
  for (const watch of watches) await watchScheduler.schedule({ tenantId: watch.tenantId, watchId: watch.id }, watch.intervalSeconds * 1000);
  return { scheduled: watches.length };
}
