import { withTenant } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../context.ts';
import { AuthError } from '../errors.ts';
import { addUserRoles, seedRoles } from '../repositories/roles.ts';
import { insertTenant } from '../repositories/tenants.ts';
import { insertUser } from '../repositories/users.ts';
import { audit } from './audit.ts';
import { normalizeEmail } from './email.ts';
import { hashPassword } from './passwords.ts';
import { openSession } from './sessions.ts';
import type { Session } from './types.ts';

export type RegisterInput = { tenantName: string; email: string; password: string; displayName?: string | undefined };

/** A new tenant with the built-in roles; its first user is the owner. One transaction, inside the new tenant. */
export async function registerTenant({ ctx, input }: { ctx: ServiceContext; input: RegisterInput }): Promise<Session> {
  const tenantId = randomUUID();
  const userId = randomUUID();
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock();
  return withTenant(ctx.db, tenantId, async (tx) => {
    await insertTenant(tx, { tenantId, name: input.tenantName, createdAt: now });
    await seedRoles(tx, tenantId);
    const user = await insertUser(tx, {
      id: userId,
      tenantId,
      email: normalizeEmail(input.email),
      displayName: input.displayName ?? null,
      passwordHash,
      status: 'active',
      createdAt: now,
    });
    if (!user) throw new AuthError('EMAIL_TAKEN', 'An account with this email already exists.');
    await addUserRoles(tx, tenantId, userId, ['owner'], now);
    await audit(tx, ctx, { type: 'TenantRegistered', tenantId, actorId: userId, aggregate: { type: 'tenant', id: tenantId }, payload: { name: input.tenantName, ownerId: userId } });
    return openSession(tx, ctx, tenantId, userId);
  });
}
