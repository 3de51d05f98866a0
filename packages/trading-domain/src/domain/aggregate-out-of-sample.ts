import type { BacktestMetrics, BacktestTrade, EquityPoint } from '@ai-service/trading';
import type { WalkForwardAggregate } from './types.ts';

/** Points kept of the chained equity curve, like the engine's own curve of one run. */
const CURVE_POINTS = 1_000;

export type OutOfSampleRun = { metrics: BacktestMetrics; trades: BacktestTrade[]; equityCurve: EquityPoint[] };

/**
 * Chains the out-of-sample runs of a walk-forward, in window order, into one result. Each run was
 * simulated from the same initial capital; chained, window i starts where window i − 1 ended, so
 * its equity and trade profits are scaled by the growth of the windows before it.
 *
 * - totalReturn: the windows' returns compounded, ∏(1 + rᵢ) − 1.
 * - maxDrawdown: the largest of each window's own (exact) and of the chained curve's, which also
 *   catches a fall that spans windows (sampled at the engine's curve points).
 * - trades, winRate (share of trades with pnl > 0), profitFactor (gross profit / gross loss; null
 *   without a losing trade): over every out-of-sample trade, profits scaled as above.
 */
export function aggregateOutOfSample(runs: readonly OutOfSampleRun[]): WalkForwardAggregate {
  let growth = 1;
  let peak = 0;
  let maxDrawdown = 0;
  let trades = 0;
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  const curve: EquityPoint[] = [];
  for (const run of runs) {
    for (const point of run.equityCurve) {
      const equity = point.equity * growth;
      curve.push({ time: point.time, equity });
      peak = Math.max(peak, equity);
      maxDrawdown = Math.max(maxDrawdown, (peak - equity) / peak);
    }
    for (const trade of run.trades) {
      const pnl = trade.pnl * growth;
      trades++;
      if (pnl > 0) {
        wins++;
        grossProfit += pnl;
      } else grossLoss -= pnl;
    }
    maxDrawdown = Math.max(maxDrawdown, run.metrics.maxDrawdown);
    growth *= run.metrics.finalEquity / run.metrics.initialCapital;
  }
  return {
    windows: runs.length,
    totalReturn: growth - 1,
    maxDrawdown,
    trades,
    winRate: trades === 0 ? 0 : wins / trades,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    equityCurve: evenlySampled(curve, CURVE_POINTS),
  };
}

/** At most `count` points, evenly spaced by index, first and last kept. */
function evenlySampled(points: EquityPoint[], count: number): EquityPoint[] {
  if (points.length <= count) return points;
  const step = (points.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, index) => points[Math.round(index * step)]!);
}
