import { withTenant } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import type { TenantContext } from '../context.ts';
import { AuthError } from '../errors.ts';
import { insertInvitation, revokeOpenInvitations } from '../repositories/invitations.ts';
import { addUserRoles, removeUserRoles, rolesOfUsers } from '../repositories/roles.ts';
import { lockTenant } from '../repositories/tenants.ts';
import { findUserByEmail, insertUser, updateUser } from '../repositories/users.ts';
import { audit } from './audit.ts';
import { ROLE_NAMES, type RoleName } from './catalogue.ts';
import { normalizeEmail } from './email.ts';
import { assertHoldsPermissionsOf } from './guards.ts';
import { newOpaqueToken } from './opaque-tokens.ts';
import type { Invitation } from './types.ts';
import { loadUserView } from './views.ts';

const INVITATION_TTL_DAYS = 7;

export type InviteInput = { email: string; displayName?: string | undefined; roles: RoleName[] };

/**
 * Creates the user (status `invited`, roles given) and a one-time invitation token. Inviting an
 * email already invited to this tenant replaces the open invitation and the roles.
 */
export async function inviteUser({ ctx, input }: { ctx: TenantContext; input: InviteInput }): Promise<Invitation> {
  const email = normalizeEmail(input.email);
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await lockTenant(tx, ctx.tenantId);
    const now = ctx.clock();
    const existing = await findUserByEmail(tx, email);
    if (existing && existing.status !== 'invited') throw new AuthError('EMAIL_TAKEN', 'A user with this email already exists.');
    const previousRoles = existing ? ((await rolesOfUsers(tx, [existing.id])).get(existing.id) ?? []) : [];
    await assertHoldsPermissionsOf(tx, ctx.actorId, [...input.roles, ...previousRoles]);

    const userId = existing?.id ?? randomUUID();
    if (existing) {
      await revokeOpenInvitations(tx, userId, now);
      await removeUserRoles(tx, userId, ROLE_NAMES);
      if (input.displayName !== undefined) await updateUser(tx, userId, { displayName: input.displayName });
    } else {
      const inserted = await insertUser(tx, { id: userId, tenantId: ctx.tenantId, email, displayName: input.displayName ?? null, passwordHash: null, status: 'invited', createdAt: now });
      if (!inserted) throw new AuthError('EMAIL_TAKEN', 'An account with this email already exists.');
    }
    await addUserRoles(tx, ctx.tenantId, userId, input.roles, now);

    const invitation = newOpaqueToken(ctx.tenantId);
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 24 * 3600_000);
    await insertInvitation(tx, { id: randomUUID(), tenantId: ctx.tenantId, userId, tokenHash: invitation.hash, invitedBy: ctx.actorId, createdAt: now, expiresAt });
    await audit(tx, ctx, {
      type: 'UserInvited',
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      aggregate: { type: 'user', id: userId },
      payload: { email, roles: input.roles, reinvited: existing !== undefined },
    });
    return { user: await loadUserView(tx, userId), invitationToken: invitation.token, expiresAt };
  });
}
