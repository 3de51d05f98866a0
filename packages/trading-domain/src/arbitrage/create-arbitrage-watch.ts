import { withTenant } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import { audit } from '../domain/audit.ts';
import { insertWatch } from '../repositories/arbitrage-watches.ts';
import type { CreateWatchInput, WatchContext, WatchView } from './types.ts';
import { checkAutoExecute } from './watch-auto-execute.ts';
import { checkWatchSettings, DEFAULT_INTERVAL_SECONDS, syncWatchSchedule, watchView } from './watch-rules.ts';

/**
 * Records a watch (with an audit row) and, once committed, gives an enabled one its job scheduler:
 * worker-trading scans it every `intervalSeconds` (default 60). With `autoExecute`, each opportunity
 * it records between two of the named sessions' exchanges is executed (docs/arbitrage.md).
 */
export async function createArbitrageWatch({ ctx, input }: { ctx: WatchContext; input: CreateWatchInput }): Promise<WatchView> {
  const settings = checkWatchSettings(ctx.connectorFor, { ...input, intervalSeconds: input.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS });
  const now = ctx.clock();
  const id = randomUUID();
  const row = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const autoExecute = input.autoExecute ? await checkAutoExecute(tx, ctx, settings, input.autoExecute, { confirming: true }) : null;
    const inserted = await insertWatch(tx, { id, tenantId: ctx.tenantId, ...settings, enabled: input.enabled ?? true, autoExecute, createdAt: now, updatedAt: now });
    const payload = { ...settings, enabled: inserted.enabled, autoExecute };
    await audit(tx, ctx, { type: 'ArbitrageWatchCreated', tenantId: ctx.tenantId, actorId: ctx.actorId, aggregate: { type: 'arbitrage_watch', id }, payload });
    return inserted;
  });
  const view = watchView(row);
  await syncWatchSchedule(ctx, view);
  return view;
}
