import type { Database } from '@ai-service/db';
import { withTenant } from '@ai-service/db';
import { reconcileSessionOrders } from '../../index.ts';
import { findSession, listUnfinishedSessions } from '../../repositories/sessions.ts';
import { stepOf } from './session-candles.ts';
import type { SessionWorkerContext } from './session-context.ts';

export type ResumeReport = { deployed: number; stopped: number; resumed: number; failed: Array<{ sessionId: string; error: string }> };

/**
 * worker-trading's boot sweep, idempotent (run it as often as wanted): a session whose stop was
 * asked gets its stop job; Idle, Analyzing and Preparing sessions get their deploy job again (it
 * continues from the state the row is in; the job id dedupes one still queued); Live and Monitoring
 * sessions have their orders reconciled with the venue and their tick schedule re-created.
 * `owner` is the owner connection, the one that reads every tenant's sessions.
 */
export async function resumeSessions({ ctx, owner }: { ctx: SessionWorkerContext; owner: Database }): Promise<ResumeReport> {
  const report: ResumeReport = { deployed: 0, stopped: 0, resumed: 0, failed: [] };
  for (const swept of await listUnfinishedSessions(owner)) {
    const ref = { tenantId: swept.tenantId, sessionId: swept.id };
    try {
      if (swept.stopRequested) {
        await ctx.scheduler.stop(ref);
        report.stopped++;
      } else if (swept.state === 'Idle' || swept.state === 'Analyzing' || swept.state === 'Preparing') {
        await ctx.scheduler.deploy(ref);
        report.deployed++;
      } else if (swept.state === 'Live' || swept.state === 'Monitoring') {
        const session = await withTenant(ctx.db, swept.tenantId, (tx) => findSession(tx, swept.id));
        if (!session) continue;
        const connector = await ctx.connectors({ tenantId: session.tenantId, sessionId: session.id, exchange: session.exchange, mode: session.mode, sandbox: session.sandbox });
        await reconcileSessionOrders({ ctx: { ...ctx.saga, traceId: ctx.traceId }, input: ref, connector });
        await ctx.scheduler.scheduleTicks(ref, session.priceSource === 'replay' ? ctx.replayTickMs : Math.min(ctx.liveTickMs, stepOf(session)));
        report.resumed++;
      }
    } catch (error) {
      // One session's venue being down does not keep the others from resuming; the next boot retries it.
      report.failed.push({ sessionId: swept.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}
