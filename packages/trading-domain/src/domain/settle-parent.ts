import type { Transaction } from '@ai-service/db';
import { rankBacktests, type BacktestMetrics } from '@ai-service/trading';
import { randomUUID } from 'node:crypto';
import type { TradingContext } from '../context.ts';
import { countUnfinishedRuns, findBacktest, insertBacktests, listRuns, updateBacktest, type BacktestRow, type RunSummary } from '../repositories/backtests.ts';
import { countCandles } from '../repositories/candles.ts';
import { aggregateOutOfSample, type OutOfSampleRun } from './aggregate-out-of-sample.ts';
import { audit } from './audit.ts';
import { requestRuns } from './request-runs.ts';
import type { RankedRun, WindowReport } from './types.ts';

type CompletedRun = RunSummary & { metrics: BacktestMetrics };

const completedRuns = (runs: RunSummary[]): CompletedRun[] => runs.filter((run): run is CompletedRun => run.status === 'completed' && run.metrics !== null);

const rank = (parent: BacktestRow, runs: RunSummary[]) => rankBacktests(completedRuns(runs), (parent.rankBy as keyof BacktestMetrics | null) ?? undefined);

/**
 * What a finished run means for its sweep or walk-forward parent, in the run's own transaction with
 * the parent row locked (so two runs finishing at once are counted one after the other):
 * - walk-forward: once the last in-sample run of a window finishes, the best of them (rankBacktests)
 *   gets an out-of-sample run of that window, queued with its `BacktestRunRequested` in this
 *   same transaction;
 * - once no run is queued or running, the parent completes: a sweep with its ranked table, a
 *   walk-forward with its per-window report and the chained out-of-sample result. A parent whose
 *   runs all failed fails.
 */
export async function settleParent(tx: Transaction, ctx: TradingContext, parent: BacktestRow, run: BacktestRow): Promise<void> {
  if (parent.status === 'completed' || parent.status === 'failed') return;
  const windowIndex = run.windowIndex;
  if (parent.kind === 'walk-forward' && run.role === 'in-sample' && windowIndex !== null) {
    if ((await countUnfinishedRuns(tx, parent.id, { role: 'in-sample', windowIndex })) === 0) await queueOutOfSampleRun(tx, ctx, parent, windowIndex);
  }
  if ((await countUnfinishedRuns(tx, parent.id)) > 0) return;
  if (parent.kind === 'sweep') await finishSweep(tx, ctx, parent);
  else await finishWalkForward(tx, ctx, parent);
}

async function queueOutOfSampleRun(tx: Transaction, ctx: TradingContext, parent: BacktestRow, windowIndex: number): Promise<void> {
  const window = (parent.windows as WindowReport[])[windowIndex]!;
  const [best] = rank(parent, (await listRuns(tx, parent.id)).filter((run) => run.role === 'in-sample' && run.windowIndex === windowIndex));
  if (!best) return;
  const range = { from: new Date(window.outOfSample.from), to: new Date(window.outOfSample.to) };
  const id = randomUUID();
  const createdAt = ctx.clock();
  await insertBacktests(tx, [
    {
      id,
      tenantId: parent.tenantId,
      parentId: parent.id,
      kind: 'single',
      role: 'out-of-sample',
      windowIndex,
      strategy: parent.strategy,
      parameters: best.parameters,
      exchange: parent.exchange,
      symbol: parent.symbol,
      timeframe: parent.timeframe,
      rangeFrom: range.from,
      rangeTo: range.to,
      initialCapital: parent.initialCapital,
      fee: parent.fee,
      slippage: parent.slippage,
      totalCandles: await countCandles(tx, parent, range),
      requestedBy: parent.requestedBy,
      createdAt,
    },
  ]);
  await requestRuns(tx, createdAt, [{ tenantId: parent.tenantId, backtestId: id, parentId: parent.id }]);
}

async function finishSweep(tx: Transaction, ctx: TradingContext, parent: BacktestRow): Promise<void> {
  const runs = await listRuns(tx, parent.id);
  const failed = runs.filter((run) => run.status === 'failed');
  const ranking: RankedRun[] = [
    ...rank(parent, runs).map((run, index) => ({ rank: index + 1, backtestId: run.id, parameters: run.parameters, status: 'completed' as const, metrics: run.metrics, error: null })),
    ...failed.map((run) => ({ rank: null, backtestId: run.id, parameters: run.parameters, status: 'failed' as const, metrics: null, error: run.error })),
  ];
  await finishParent(tx, ctx, parent, failed.length === runs.length ? `Every run failed; the first: ${failed[0]?.error ?? 'unknown error'}` : null, { ranking });
}

async function finishWalkForward(tx: Transaction, ctx: TradingContext, parent: BacktestRow): Promise<void> {
  const runs = await listRuns(tx, parent.id);
  const outOfSample: OutOfSampleRun[] = [];
  const windows: WindowReport[] = [];
  for (const window of parent.windows as WindowReport[]) {
    const candidates = runs.filter((run) => run.role === 'in-sample' && run.windowIndex === window.index);
    const [best] = rank(parent, candidates);
    const outOfSampleRun = runs.find((run) => run.role === 'out-of-sample' && run.windowIndex === window.index);
    const tested = outOfSampleRun?.status === 'completed' ? await findBacktest(tx, outOfSampleRun.id) : undefined;
    if (tested) outOfSample.push({ metrics: tested.metrics as OutOfSampleRun['metrics'], trades: tested.trades as OutOfSampleRun['trades'], equityCurve: tested.equityCurve as OutOfSampleRun['equityCurve'] });
    windows.push({
      ...window,
      candidates: candidates.length,
      chosenParameters: best?.parameters ?? null,
      inSampleBacktestId: best?.id ?? null,
      inSampleMetrics: best?.metrics ?? null,
      outOfSampleBacktestId: outOfSampleRun?.id ?? null,
      outOfSampleMetrics: (tested?.metrics as OutOfSampleRun['metrics'] | undefined) ?? null,
      error: best ? (outOfSampleRun?.status === 'failed' ? outOfSampleRun.error : null) : 'Every in-sample run of this window failed.',
    });
  }
  const error = outOfSample.length === 0 ? 'No window completed its out-of-sample run.' : null;
  await finishParent(tx, ctx, parent, error, { windows, aggregate: outOfSample.length > 0 ? aggregateOutOfSample(outOfSample) : null });
}

async function finishParent(tx: Transaction, ctx: TradingContext, parent: BacktestRow, error: string | null, results: Pick<Partial<BacktestRow>, 'ranking' | 'windows' | 'aggregate'>): Promise<void> {
  await updateBacktest(tx, parent.id, { ...results, status: error ? 'failed' : 'completed', error, finishedAt: ctx.clock() });
  await audit(tx, ctx, {
    type: error ? 'BacktestFailed' : 'BacktestCompleted',
    tenantId: parent.tenantId,
    actorId: null,
    aggregate: { type: 'backtest', id: parent.id },
    payload: error ? { error } : {},
  });
}
