import type { BacktestMetrics } from './types.ts';

export type SweepValue = number | string | boolean;

/**
 * Every combination of the grid's values (cartesian product), in a fixed order: keys in the grid's
 * order, the last key varying fastest. An empty grid is one point with no parameters; a key with no
 * values makes no points.
 */
export function sweepGrid(grid: Record<string, readonly SweepValue[]>): Record<string, SweepValue>[] {
  let points: Record<string, SweepValue>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    points = points.flatMap((point) => values.map((value) => ({ ...point, [key]: value })));
  }
  return points;
}

/** Metrics where a smaller number is the better result. */
const LOWER_IS_BETTER: ReadonlySet<keyof BacktestMetrics> = new Set(['maxDrawdown', 'fees']);

function score(metrics: BacktestMetrics, by: keyof BacktestMetrics): number {
  const value = metrics[by];
  // No losing trade: an infinite profit factor when something traded, nothing to rank otherwise.
  if (value === null) return metrics.trades > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return LOWER_IS_BETTER.has(by) ? -value : value;
}

/** Best first by one metric (Sharpe by default), ties broken by total return; the input is not changed. */
export function rankBacktests<T extends { metrics: BacktestMetrics }>(results: readonly T[], by: keyof BacktestMetrics = 'sharpe'): T[] {
  return [...results].sort((a, b) => score(b.metrics, by) - score(a.metrics, by) || b.metrics.totalReturn - a.metrics.totalReturn);
}
