import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { revokeOpenInvitations } from '../repositories/invitations.ts';
import { revokeUserTokens } from '../repositories/refresh-tokens.ts';
import { rolesOfUsers } from '../repositories/roles.ts';
import { lockTenant } from '../repositories/tenants.ts';
import { updateUser } from '../repositories/users.ts';
import { audit } from './audit.ts';
import { assertHoldsPermissionsOf, assertNotLastOwner } from './guards.ts';
import type { UserView } from './types.ts';
import { loadUser, loadUserView } from './views.ts';

/**
 * Disables a user: sign-in and refresh stop at once (their refresh tokens and open invitations
 * are revoked); access tokens already issued expire within AUTH_ACCESS_TOKEN_TTL_SECONDS.
 */
export async function disableUser({ ctx, input }: { ctx: TenantContext; input: { userId: string } }): Promise<UserView> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await lockTenant(tx, ctx.tenantId);
    const user = await loadUser(tx, input.userId, { forUpdate: true });
    const roles = (await rolesOfUsers(tx, [user.id])).get(user.id) ?? [];
    await assertHoldsPermissionsOf(tx, ctx.actorId, roles);
    if (user.status === 'disabled') return loadUserView(tx, user.id);
    if (roles.includes('owner')) await assertNotLastOwner(tx, user.id);
    const now = ctx.clock();
    await updateUser(tx, user.id, { status: 'disabled' });
    const revokedTokens = await revokeUserTokens(tx, user.id, now);
    await revokeOpenInvitations(tx, user.id, now);
    await audit(tx, ctx, { type: 'UserDisabled', tenantId: ctx.tenantId, actorId: ctx.actorId, aggregate: { type: 'user', id: user.id }, payload: { revokedTokens } });
    return loadUserView(tx, user.id);
  });
}
