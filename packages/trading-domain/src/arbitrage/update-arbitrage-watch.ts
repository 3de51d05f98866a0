import { withTenant } from '@ai-service/db';
import { TradingDomainError } from '../errors.ts';
import { audit } from '../domain/audit.ts';
import { findWatch, updateWatch } from '../repositories/arbitrage-watches.ts';
import type { UpdateWatchInput, WatchContext, WatchView } from './types.ts';
import { checkAutoExecute } from './watch-auto-execute.ts';
import { checkWatchSettings, syncWatchSchedule, watchView } from './watch-rules.ts';

/**
 * Changes a watch's settings or switches it on or off; once committed, its scheduler follows
 * (enabled: created or re-timed; disabled: removed). A new symbol, or switching a watch back on,
 * forgets its open opportunities: its next scan records what it finds as new.
 */
export async function updateArbitrageWatch({ ctx, input }: { ctx: WatchContext; input: UpdateWatchInput }): Promise<WatchView> {
  const { watchId, enabled, autoExecute: autoExecuteChange, ...changes } = input;
  const row = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const current = await findWatch(tx, watchId, { forUpdate: true });
    if (!current) throw new TradingDomainError('not_found', `No arbitrage watch ${watchId}.`);
    const settings = checkWatchSettings(ctx.connectorFor, {
      symbol: changes.symbol ?? current.symbol,
      exchanges: changes.exchanges ?? current.exchanges,
      threshold: changes.threshold ?? current.threshold,
      intervalSeconds: changes.intervalSeconds ?? current.intervalSeconds,
    });
    // Given: checked and confirmed as on creation; kept: checked again against the new symbol or exchanges.
    const autoExecute =
      autoExecuteChange !== undefined
        ? autoExecuteChange && (await checkAutoExecute(tx, ctx, settings, autoExecuteChange, { confirming: true }))
        : current.autoExecute && (await checkAutoExecute(tx, ctx, settings, current.autoExecute, { confirming: false }));
    const nowEnabled = enabled ?? current.enabled;
    const fresh = settings.symbol !== current.symbol || (nowEnabled && !current.enabled);
    const updated = await updateWatch(tx, watchId, { ...settings, enabled: nowEnabled, autoExecute, ...(fresh ? { openOpportunities: {} } : {}), updatedAt: ctx.clock() });
    await audit(tx, ctx, { type: 'ArbitrageWatchUpdated', tenantId: ctx.tenantId, actorId: ctx.actorId, aggregate: { type: 'arbitrage_watch', id: watchId }, payload: { ...settings, enabled: nowEnabled, autoExecute } });
    return updated!;
  });
  const view = watchView(row);
  await syncWatchSchedule(ctx, view);
  return view;
}
