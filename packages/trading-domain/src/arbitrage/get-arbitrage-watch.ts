import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { TradingDomainError } from '../errors.ts';
import { findWatch } from '../repositories/arbitrage-watches.ts';
import type { WatchView } from './types.ts';
import { watchView } from './watch-rules.ts';

/** One of the tenant's watches, with when it last scanned and why that failed. */
export async function getArbitrageWatch({ ctx, input }: { ctx: TenantContext; input: { watchId: string } }): Promise<WatchView> {
  const row = await withTenant(ctx.db, ctx.tenantId, (tx) => findWatch(tx, input.watchId));
  if (!row) throw new TradingDomainError('not_found', `No arbitrage watch ${input.watchId}.`);
  return watchView(row);
}
