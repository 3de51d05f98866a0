import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { rolesOfUsers } from '../repositories/roles.ts';
import { lockTenant } from '../repositories/tenants.ts';
import { updateUser } from '../repositories/users.ts';
import { audit } from './audit.ts';
import { assertHoldsPermissionsOf } from './guards.ts';
import type { UserView } from './types.ts';
import { loadUser, loadUserView } from './views.ts';

/** Lets a disabled user sign in again (a user who never set a password goes back to `invited`). */
export async function enableUser({ ctx, input }: { ctx: TenantContext; input: { userId: string } }): Promise<UserView> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await lockTenant(tx, ctx.tenantId);
    const user = await loadUser(tx, input.userId, { forUpdate: true });
    await assertHoldsPermissionsOf(tx, ctx.actorId, (await rolesOfUsers(tx, [user.id])).get(user.id) ?? []);
    if (user.status !== 'disabled') return loadUserView(tx, user.id);
    const status = user.passwordHash ? 'active' : 'invited';
    await updateUser(tx, user.id, { status });
    await audit(tx, ctx, { type: 'UserEnabled', tenantId: ctx.tenantId, actorId: ctx.actorId, aggregate: { type: 'user', id: user.id }, payload: { status } });
    return loadUserView(tx, user.id);
  });
}
