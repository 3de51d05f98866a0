import type { Transaction } from '@ai-service/db';
import { appendEvent } from '@ai-service/outbox';
import { canTransition, type SessionState } from '@ai-service/trading';
import { randomUUID } from 'node:crypto';
import type { TradingContext } from '../../context.ts';
import { outbox } from '../../db/schema/index.ts';
import { TradingDomainError } from '../../errors.ts';
import { insertTransition, updateSession, type SessionChanges, type SessionRow } from '../../repositories/sessions.ts';
import { audit } from '../audit.ts';

/**
 * Moves a session (read FOR UPDATE in `tx`) to `to`, with the other changes of the same step: the
 * state and reason on the row, a session_transitions row, an audit row and `StrategyStateChanged`
 * in the outbox, all in the caller's transaction. A move the machine does not allow is
 * `invalid_transition` and changes nothing.
 */
export async function transitionSession(
  tx: Transaction,
  ctx: Pick<TradingContext, 'clock' | 'traceId'>,
  session: SessionRow,
  to: SessionState,
  reason: string | null,
  changes: SessionChanges = {},
): Promise<SessionRow> {
  const from = session.state;
  if (!canTransition(from, to)) {
    throw new TradingDomainError('invalid_transition', `A ${from} session cannot move to ${to}.`, [{ field: 'state', message: `is ${from}` }]);
  }
  const at = ctx.clock();
  const updated = await updateSession(tx, session.id, { ...changes, state: to, stateReason: reason }, at);
  await insertTransition(tx, { id: randomUUID(), tenantId: session.tenantId, sessionId: session.id, fromState: from, toState: to, reason, at });
  await audit(tx, ctx, {
    type: 'SessionStateChanged',
    tenantId: session.tenantId,
    actorId: null,
    aggregate: { type: 'session', id: session.id },
    payload: { from, to, reason },
  });
  // strategyId: the session is the running instance of its strategy, so it is its own id.
  await appendEvent(tx, outbox, {
    type: 'StrategyStateChanged',
    tenantId: session.tenantId,
    aggregateId: session.id,
    occurredAt: at,
    payload: { sessionId: session.id, strategyId: session.id, from, to, reason, mode: session.mode },
  });
  return updated;
}
