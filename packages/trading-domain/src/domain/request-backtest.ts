import { withTenant, type Transaction } from '@ai-service/db';
import type { TimeRange } from '@ai-service/trading';
import { randomUUID } from 'node:crypto';
import type { TenantContext } from '../context.ts';
import { TradingDomainError } from '../errors.ts';
import { findBacktest, insertBacktests, type NewBacktestRow } from '../repositories/backtests.ts';
import { countCandles } from '../repositories/candles.ts';
import { audit } from './audit.ts';
import { planBacktest, type BacktestPlan, type RequestBacktestInput } from './plan-backtest.ts';
import { requestRuns } from './request-runs.ts';
import type { MarketSeries } from './series-key.ts';
import type { BacktestView } from './types.ts';
import { backtestView } from './views.ts';

/**
 * Validates the request, checks that every range it will simulate has stored candles, and in one
 * transaction records the backtest (and, for a sweep or walk-forward, its runs) as queued with one
 * `BacktestRunRequested` per run for worker-trading. Returns the backtest as
 * `GET /v1/trading/backtests/{id}` will show it.
 */
export async function requestBacktest({ ctx, input }: { ctx: TenantContext; input: RequestBacktestInput }): Promise<BacktestView> {
  const plan = planBacktest(input);
  const now = ctx.clock();
  const top = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const candleCounts = await countRangeCandles(tx, plan);
    const common = {
      tenantId: ctx.tenantId,
      strategy: plan.strategy,
      ...plan.series,
      initialCapital: input.initialCapital,
      fee: input.fee,
      slippage: input.slippage,
      requestedBy: ctx.actorId,
      createdAt: now,
    };
    const parentId = plan.kind === 'single' ? null : randomUUID();
    const runs: NewBacktestRow[] = plan.runs.map((run) => ({
      ...common,
      id: randomUUID(),
      parentId,
      kind: 'single',
      role: run.role,
      windowIndex: run.windowIndex,
      parameters: run.parameters,
      rangeFrom: new Date(run.range.from),
      rangeTo: new Date(run.range.to),
      totalCandles: candleCounts(run.range),
    }));
    const outOfSampleCandles = (plan.windows ?? []).reduce((total, window) => total + candleCounts(window.outOfSample), 0);
    const parent: NewBacktestRow | undefined = parentId
      ? {
          ...common,
          id: parentId,
          kind: plan.kind,
          parameters: plan.parameters,
          rangeFrom: new Date(plan.range.from),
          rangeTo: new Date(plan.range.to),
          sweep: plan.sweep,
          walkForward: input.walkForward ?? null,
          rankBy: input.rankBy ?? null,
          windows: plan.windows,
          totalCandles: runs.reduce((total, run) => total + run.totalCandles, outOfSampleCandles),
        }
      : undefined;
    await insertBacktests(tx, parent ? [parent, ...runs] : runs);
    const topId = parentId ?? runs[0]!.id;
    await audit(tx, ctx, {
      type: 'BacktestRequested',
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      aggregate: { type: 'backtest', id: topId },
      payload: { kind: plan.kind, strategy: plan.strategy, ...plan.series, from: input.from, to: input.to, runs: runs.length },
    });
    await requestRuns(tx, now, runs.map((run) => ({ tenantId: ctx.tenantId, backtestId: run.id!, parentId })));
    return (await findBacktest(tx, topId))!;
  });
  return backtestView(top, 0);
}

/**
 * Candles stored in each range the plan simulates, counted once per range. A range without any
 * is refused: the backtest would have nothing to simulate.
 */
async function countRangeCandles(tx: Transaction, plan: BacktestPlan): Promise<(range: TimeRange) => number> {
  const counts = new Map<string, number>();
  const key = (range: TimeRange) => `${range.from}-${range.to}`;
  const ranges = plan.runs.map((run) => ({ range: run.range, label: run.windowIndex === null ? undefined : `window ${run.windowIndex} in-sample` }));
  for (const window of plan.windows ?? []) ranges.push({ range: window.outOfSample, label: `window ${window.index} out-of-sample` });
  for (const { range, label } of ranges) {
    if (counts.has(key(range))) continue;
    const count = await countCandles(tx, plan.series, { from: new Date(range.from), to: new Date(range.to) });
    if (count === 0) throw noCandles(plan.series, range, label);
    counts.set(key(range), count);
  }
  return (range) => counts.get(key(range)) ?? 0;
}

function noCandles(series: MarketSeries, range: TimeRange, label: string | undefined): TradingDomainError {
  const what = `${series.exchange} ${series.symbol} ${series.timeframe}`;
  const span = `${new Date(range.from).toISOString()} to ${new Date(range.to).toISOString()}`;
  const message = `has no stored candles of ${what} from ${span}${label ? ` (${label})` : ''}; import them first (POST /v1/trading/candles)`;
  return new TradingDomainError('no_candles', `The range ${message}.`, [{ field: label ? 'walkForward' : 'from', message }]);
}
