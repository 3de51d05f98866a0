import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { addUserRoles } from '../repositories/roles.ts';
import { lockTenant } from '../repositories/tenants.ts';
import { audit } from './audit.ts';
import type { RoleName } from './catalogue.ts';
import { assertHoldsPermissionsOf } from './guards.ts';
import type { UserView } from './types.ts';
import { loadUser, loadUserView } from './views.ts';

/** Grants a role (idempotent); only an actor holding all of the role's permissions may. */
export async function grantRole({ ctx, input }: { ctx: TenantContext; input: { userId: string; role: RoleName } }): Promise<UserView> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await lockTenant(tx, ctx.tenantId);
    const user = await loadUser(tx, input.userId);
    await assertHoldsPermissionsOf(tx, ctx.actorId, [input.role]);
    const added = await addUserRoles(tx, ctx.tenantId, user.id, [input.role], ctx.clock());
    if (added.length > 0) {
      await audit(tx, ctx, { type: 'RoleGranted', tenantId: ctx.tenantId, actorId: ctx.actorId, aggregate: { type: 'user', id: user.id }, payload: { role: input.role } });
    }
    return loadUserView(tx, user.id);
  });
}
