import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import type { UserView } from './types.ts';
import { loadUserView } from './views.ts';

export async function getUser({ ctx, input }: { ctx: TenantContext; input: { userId: string } }): Promise<UserView> {
  return withTenant(ctx.db, ctx.tenantId, (tx) => loadUserView(tx, input.userId));
}
