import { withTenant } from '@ai-service/db';
import { canTransition } from '@ai-service/trading';
import { findSession } from '../../repositories/sessions.ts';
import type { SessionJobData } from '../../session-jobs.ts';
import type { SessionWorkerContext } from './session-context.ts';
import { transitionSession } from './transition-session.ts';

/** An unrecoverable error: the session moves to Error with the reason and stops ticking. */
export async function failSession(ctx: SessionWorkerContext, input: SessionJobData, error: unknown): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  await withTenant(ctx.db, input.tenantId, async (tx) => {
    const session = await findSession(tx, input.sessionId, { forUpdate: true });
    if (session && canTransition(session.state, 'Error')) await transitionSession(tx, ctx, session, 'Error', reason);
  });
  await ctx.scheduler.unscheduleTicks(input.sessionId);
}
