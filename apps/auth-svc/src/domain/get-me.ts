import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { AuthError } from '../errors.ts';
import { permissionsOfUser } from '../repositories/roles.ts';
import { findTenant } from '../repositories/tenants.ts';
import { findUser } from '../repositories/users.ts';
import type { Me } from './types.ts';
import { tenantView, withRoles } from './views.ts';

/** The signed-in user with their current roles and permissions (read now, not from the token). */
export async function getMe({ ctx }: { ctx: TenantContext }): Promise<Me> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const tenant = await findTenant(tx, ctx.tenantId);
    const user = await findUser(tx, ctx.actorId);
    if (!tenant || !user) throw new AuthError('INVALID_TOKEN', 'The user of this token no longer exists.');
    const [view] = await withRoles(tx, [user]);
    return { tenant: tenantView(tenant), user: view!, permissions: await permissionsOfUser(tx, user.id) };
  });
}
