import type { BacktestRow } from '../repositories/backtests.ts';
import type { BacktestRunResult, BacktestView, RankedRun, WalkForwardAggregate, WindowReport } from './types.ts';

/**
 * A stored row as the API shows it. `processedByRuns` is what a parent's runs simulated so far (a
 * parent simulates nothing itself); a run reports its own count.
 */
export function backtestView(row: BacktestRow, processedByRuns?: number): BacktestView {
  const processedCandles = row.kind === 'single' ? row.processedCandles : (processedByRuns ?? 0);
  const totalCandles = row.totalCandles;
  const result: BacktestRunResult | null =
    row.kind === 'single' && row.status === 'completed' && row.metrics
      ? { candles: row.processedCandles, metrics: row.metrics as BacktestRunResult['metrics'], trades: (row.trades ?? []) as BacktestRunResult['trades'], equityCurve: (row.equityCurve ?? []) as BacktestRunResult['equityCurve'] }
      : null;
  return {
    id: row.id,
    kind: row.kind,
    role: row.role,
    windowIndex: row.windowIndex,
    parentId: row.parentId,
    status: row.status,
    strategy: row.strategy,
    parameters: row.parameters,
    exchange: row.exchange,
    symbol: row.symbol,
    timeframe: row.timeframe,
    from: row.rangeFrom,
    to: row.rangeTo,
    initialCapital: row.initialCapital,
    fee: row.fee,
    slippage: row.slippage,
    sweep: row.sweep,
    walkForward: row.walkForward,
    rankBy: row.rankBy,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    progress: {
      processedCandles,
      totalCandles,
      // Capped: a run counts the candles stored when it starts, which an import since the request may have grown.
      percent: totalCandles === 0 ? 0 : Math.min(100, Math.round((processedCandles / totalCandles) * 10_000) / 100),
    },
    result,
    ranking: (row.ranking as RankedRun[] | null) ?? null,
    windows: (row.windows as WindowReport[] | null) ?? null,
    aggregate: (row.aggregate as WalkForwardAggregate | null) ?? null,
  };
}
