import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { listWatches } from '../repositories/arbitrage-watches.ts';
import type { WatchView } from './types.ts';
import { watchView } from './watch-rules.ts';

/** The tenant's watches, oldest first. */
export async function listArbitrageWatches({ ctx }: { ctx: TenantContext }): Promise<WatchView[]> {
  return (await withTenant(ctx.db, ctx.tenantId, listWatches)).map(watchView);
}
