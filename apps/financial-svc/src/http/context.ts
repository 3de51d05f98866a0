import { identityOf } from '@ai-service/access';
import type { Clock, FinancialContext } from '@ai-service/financial-domain';
import type { Database } from '@ai-service/db';
import { currentTraceId } from '@ai-service/observability';
import type { FastifyRequest } from 'fastify';

/** What the handler maps share: the database and the clock. */
export type HandlerDeps = { db: Database; clock: Clock };

/** The domain context of a request that passed access control: its tenant and user come from the token. */
export function contextOf(deps: HandlerDeps, request: FastifyRequest): FinancialContext {
  const identity = identityOf(request);
  return { db: deps.db, clock: deps.clock, tenantId: identity.tenantId, actorId: identity.userId, traceId: currentTraceId() };
}
