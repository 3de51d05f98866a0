import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../../context.ts';
import { TradingDomainError } from '../../errors.ts';
import { findSession, updateSession } from '../../repositories/sessions.ts';
import type { SessionJobs } from '../../session-jobs.ts';
import { audit } from '../audit.ts';
import { sessionView } from './session-view.ts';
import type { SessionView } from './types.ts';

/**
 * Marks the session to be stopped and enqueues its `stop` job (after the commit); the worker removes
 * its tick schedule, cancels its open orders and moves it to Stopped. Stopping a Stopped session
 * is `invalid_transition`; asking again while a stop is pending changes nothing.
 */
export async function requestStop({ ctx, input }: { ctx: TenantContext & { sessionJobs: SessionJobs }; input: { sessionId: string } }): Promise<SessionView> {
  const row = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const session = await findSession(tx, input.sessionId, { forUpdate: true });
    if (!session) throw new TradingDomainError('not_found', 'No such session.', [{ field: 'sessionId', message: 'no such session' }]);
    if (session.state === 'Stopped') {
      throw new TradingDomainError('invalid_transition', 'The session is already Stopped.', [{ field: 'sessionId', message: 'is already Stopped' }]);
    }
    if (session.stopRequestedAt) return session;
    const now = ctx.clock();
    await audit(tx, ctx, { type: 'SessionStopRequested', tenantId: ctx.tenantId, actorId: ctx.actorId, aggregate: { type: 'session', id: session.id } });
    return updateSession(tx, session.id, { stopRequestedAt: now }, now);
  });
  await ctx.sessionJobs.stop({ tenantId: ctx.tenantId, sessionId: row.id });
  return sessionView(row);
}
