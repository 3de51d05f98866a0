import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { TradingDomainError } from '../errors.ts';
import { findBacktest, processedByParent } from '../repositories/backtests.ts';
import type { BacktestView } from './types.ts';
import { backtestView } from './views.ts';

/** One backtest of the tenant (a request, or one run of a sweep or walk-forward), with its progress and results. */
export async function getBacktest({ ctx, input }: { ctx: TenantContext; input: { backtestId: string } }): Promise<BacktestView> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const row = await findBacktest(tx, input.backtestId);
    if (!row) throw new TradingDomainError('not_found', 'No such backtest.');
    const processed = row.kind === 'single' ? undefined : (await processedByParent(tx, [row.id])).get(row.id);
    return backtestView(row, processed);
  });
}
