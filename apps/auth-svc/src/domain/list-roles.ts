import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { rolesWithPermissions } from '../repositories/roles.ts';
import type { RoleView } from './types.ts';

export async function listRoles({ ctx }: { ctx: TenantContext }): Promise<RoleView[]> {
  return withTenant(ctx.db, ctx.tenantId, (tx) => rolesWithPermissions(tx));
}
