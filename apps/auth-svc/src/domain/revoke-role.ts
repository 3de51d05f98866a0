import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { removeUserRoles } from '../repositories/roles.ts';
import { lockTenant } from '../repositories/tenants.ts';
import { audit } from './audit.ts';
import type { RoleName } from './catalogue.ts';
import { assertHoldsPermissionsOf, assertNotLastOwner } from './guards.ts';
import type { UserView } from './types.ts';
import { loadUser, loadUserView } from './views.ts';

/** Revokes a role (idempotent); the last active owner keeps the owner role. */
export async function revokeRole({ ctx, input }: { ctx: TenantContext; input: { userId: string; role: RoleName } }): Promise<UserView> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await lockTenant(tx, ctx.tenantId);
    const user = await loadUser(tx, input.userId);
    await assertHoldsPermissionsOf(tx, ctx.actorId, [input.role]);
    if (input.role === 'owner') await assertNotLastOwner(tx, user.id);
    const removed = await removeUserRoles(tx, user.id, [input.role]);
    if (removed.length > 0) {
      await audit(tx, ctx, { type: 'RoleRevoked', tenantId: ctx.tenantId, actorId: ctx.actorId, aggregate: { type: 'user', id: user.id }, payload: { role: input.role } });
    }
    return loadUserView(tx, user.id);
  });
}
