import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { AuthError } from '../errors.ts';
import { listUsersPage, type UserCursor } from '../repositories/users.ts';
import type { UserPage } from './types.ts';
import { withRoles } from './views.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const encodeCursor = (cursor: UserCursor) => Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');

function decodeCursor(cursor: string): UserCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof createdAt === 'string' && TIMESTAMP.test(createdAt) && typeof id === 'string' && UUID.test(id)) return { createdAt, id };
  } catch {
    // not JSON: reported below
  }
  throw new AuthError('INVALID_CURSOR', 'The cursor is not one this API returned.');
}

/** Users of the tenant, newest first, by keyset pages. */
export async function listUsers({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string | undefined } }): Promise<UserPage> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const page = await listUsersPage(tx, input.limit, after);
    return { items: await withRoles(tx, page.rows), nextCursor: page.more && page.last ? encodeCursor(page.last) : null };
  });
}
