import { withTenant } from '@ai-service/db';
import type { SessionState } from '@ai-service/trading';
import type { TenantContext } from '../../context.ts';
import { listSessionsPage, type SessionCursor } from '../../repositories/sessions.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { sessionView } from './session-view.ts';
import type { SessionPage } from './types.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const readCursor = ([createdAt, id]: unknown[]): SessionCursor | undefined =>
  typeof createdAt === 'string' && TIMESTAMP.test(createdAt) && typeof id === 'string' && UUID.test(id) ? { createdAt, id } : undefined;

/** The tenant's sessions, newest first, optionally in one state. */
export async function listSessions({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string | undefined; state?: SessionState | undefined } }): Promise<SessionPage> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, readCursor);
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const page = await listSessionsPage(tx, { limit: input.limit, state: input.state, after });
    return { items: page.rows.map(sessionView), nextCursor: page.more && page.last ? encodeCursor([page.last.createdAt, page.last.id]) : null };
  });
}
