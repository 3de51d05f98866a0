import { withTenant } from '@ai-service/db';
import { TradingDomainError } from '../errors.ts';
import { audit } from '../domain/audit.ts';
import { deleteWatch } from '../repositories/arbitrage-watches.ts';
import type { WatchContext } from './types.ts';

/** Deletes a watch (the opportunities it recorded stay) and, once committed, removes its scheduler. */
export async function deleteArbitrageWatch({ ctx, input }: { ctx: WatchContext; input: { watchId: string } }): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const deleted = await deleteWatch(tx, input.watchId);
    if (!deleted) throw new TradingDomainError('not_found', `No arbitrage watch ${input.watchId}.`);
    await audit(tx, ctx, { type: 'ArbitrageWatchDeleted', tenantId: ctx.tenantId, actorId: ctx.actorId, aggregate: { type: 'arbitrage_watch', id: input.watchId }, payload: { symbol: deleted.symbol } });
  });
  await ctx.watchScheduler.unschedule(input.watchId);
}
