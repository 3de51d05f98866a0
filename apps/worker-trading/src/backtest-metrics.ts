import type { BacktestTelemetry } from '@ai-service/trading-domain';
import { Counter, Gauge, type Registry } from 'prom-client';

/** `backtests_total{status}` and `backtest_candles_per_second`, on the worker's registry. */
export function backtestMetrics(registry: Registry): BacktestTelemetry {
  const finished = new Counter({
    name: 'backtests_total',
    help: 'Backtest runs finished by this worker, by status (completed, failed); a sweep or walk-forward counts each of its runs',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const speed = new Gauge({
    name: 'backtest_candles_per_second',
    help: 'Candles per second the simulator processed in the last completed backtest run (simulation time only, not loading)',
    registers: [registry],
  });
  return {
    finished: (status, run) => {
      finished.inc({ status });
      if (run && run.engineMs > 0) speed.set(run.candles / (run.engineMs / 1000));
    },
  };
}
