import { withTenant } from '@ai-service/db';
import { candleSeries, type StrategyName, type Timeframe } from '@ai-service/trading';
import type { TradingContext } from '../context.ts';
import type { RunOutcome, BacktestRunner } from '../engine/runner.ts';
import type { BacktestJobData } from '../queue.ts';
import { findBacktest, markParentRunning, startRun, updateBacktest, updateProgress, type BacktestRow } from '../repositories/backtests.ts';
import { loadCandles } from '../repositories/candles.ts';
import { audit } from './audit.ts';
import { progressWriter } from './progress-writer.ts';
import { settleParent } from './settle-parent.ts';

/** Reports each finished run (for the worker's metrics). */
export type BacktestTelemetry = {
  finished: (status: 'completed' | 'failed', run: { candles: number; engineMs: number } | undefined) => void;
};

export type BacktestJobContext = TradingContext & {
  runner: BacktestRunner;
  telemetry: BacktestTelemetry;
  /** Least time between two progress writes of one run. */
  progressIntervalMs: number;
};

export type BacktestJobResult = { status: 'completed' | 'failed' | 'skipped' };

/**
 * A `BacktestRunRequested` delivery: runs one backtest (a single request, or one run of a sweep or
 * walk-forward) over its stored candles and stores the result; a simulation that fails marks the
 * backtest failed with the reason (retrying would fail the same way). The same transaction settles
 * the parent (settle-parent.ts), which may queue out-of-sample runs with their own events. Safe to
 * run again: a finished run is not simulated twice. Database errors are thrown, so the job is
 * retried.
 */
export async function runBacktestJob({ ctx, input }: { ctx: BacktestJobContext; input: BacktestJobData }): Promise<BacktestJobResult> {
  const run = await withTenant(ctx.db, input.tenantId, async (tx) => {
    const row = await findBacktest(tx, input.backtestId);
    if (!row || row.kind !== 'single') return undefined;
    if (!(await startRun(tx, row.id, ctx.clock()))) return { row, fresh: false };
    if (row.parentId) await markParentRunning(tx, row.parentId, ctx.clock());
    return { row, fresh: true };
  });
  if (!run) return { status: 'skipped' };
  return { status: run.fresh ? await simulate(ctx, run.row) : 'skipped' };
}

async function simulate(ctx: BacktestJobContext, run: BacktestRow): Promise<'completed' | 'failed'> {
  const candles = await withTenant(ctx.db, run.tenantId, (tx) => loadCandles(tx, run, { from: run.rangeFrom, to: run.rangeTo }));
  const progress = progressWriter({
    write: (processedCandles) => withTenant(ctx.db, run.tenantId, (tx) => updateProgress(tx, run.id, processedCandles)),
    clock: ctx.clock,
    intervalMs: ctx.progressIntervalMs,
  });
  let outcome: RunOutcome | undefined;
  let failure: string | undefined;
  try {
    outcome = await ctx.runner(
      {
        series: candleSeries(candles),
        strategy: run.strategy as StrategyName,
        parameters: run.parameters,
        initialCapital: Number(run.initialCapital),
        fee: run.fee,
        slippage: run.slippage,
        timeframe: run.timeframe as Timeframe,
      },
      progress.report,
    );
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  await progress.settle();

  await withTenant(ctx.db, run.tenantId, async (tx) => {
    // The parent is locked before the run changes, so runs finishing together settle it one at a time.
    const parent = run.parentId ? await findBacktest(tx, run.parentId, { forUpdate: true }) : undefined;
    const finishedAt = ctx.clock();
    if (outcome) {
      const { result } = outcome;
      await updateBacktest(tx, run.id, { status: 'completed', processedCandles: result.candles, metrics: result.metrics, trades: result.trades, equityCurve: result.equityCurve, finishedAt });
    } else {
      await updateBacktest(tx, run.id, { status: 'failed', error: failure ?? 'unknown error', finishedAt });
    }
    await audit(tx, ctx, {
      type: outcome ? 'BacktestCompleted' : 'BacktestFailed',
      tenantId: run.tenantId,
      actorId: null,
      aggregate: { type: 'backtest', id: run.id },
      payload: outcome ? { candles: outcome.result.candles, totalReturn: outcome.result.metrics.totalReturn } : { error: failure },
    });
    if (parent) await settleParent(tx, ctx, parent, (await findBacktest(tx, run.id))!);
  });
  ctx.telemetry.finished(outcome ? 'completed' : 'failed', outcome && { candles: outcome.result.candles, engineMs: outcome.engineMs });
  return outcome ? 'completed' : 'failed';
}
