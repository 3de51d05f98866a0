import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomWalkSeries } from '../testing.ts';
import { runBacktest } from './runBacktest.ts';
import { rankBacktests, sweepGrid } from './sweepGrid.ts';
import type { BacktestMetrics } from './types.ts';

describe('sweepGrid', () => {
  it('returns one point per combination, the last key varying fastest', () => {
    assert.deepEqual(sweepGrid({ fast: [5, 10], slow: [20, 30, 40] }), [
      { fast: 5, slow: 20 },
      { fast: 5, slow: 30 },
      { fast: 5, slow: 40 },
      { fast: 10, slow: 20 },
      { fast: 10, slow: 30 },
      { fast: 10, slow: 40 },
    ]);
  });

  it('has as many points as the product of the value counts', () => {
    const grid = { a: [1, 2, 3], b: ['x', 'y'], c: [true, false], d: [0.1, 0.2, 0.3, 0.4] };
    const points = sweepGrid(grid);
    assert.equal(points.length, 3 * 2 * 2 * 4);
    assert.equal(new Set(points.map((point) => JSON.stringify(point))).size, points.length);
    assert.deepEqual(sweepGrid({}), [{}]);
    assert.deepEqual(sweepGrid({ a: [1], b: [] }), []);
  });

  it('gives one backtest result per grid point', () => {
    const series = randomWalkSeries({ candles: 2000, seed: 8 });
    const points = sweepGrid({ fast: [3, 5, 8], slow: [13, 21] });
    const results = points.map((parameters) => ({
      parameters,
      ...runBacktest({ series, strategy: 'sma-crossover', parameters, initialCapital: 1000, fee: 0.001, slippage: 0, timeframe: '1m' }),
    }));
    assert.equal(rankBacktests(results).length, 6);
    assert.deepEqual(new Set(results.map((result) => result.metrics.trades)).size > 1, true, 'different parameters trade differently');
  });
});

const metrics = (values: Partial<BacktestMetrics>): { metrics: BacktestMetrics } => ({
  metrics: {
    initialCapital: 1000,
    finalEquity: 1000,
    totalReturn: 0,
    cagr: 0,
    maxDrawdown: 0,
    sharpe: 0,
    sortino: 0,
    winRate: 0,
    profitFactor: null,
    exposure: 0,
    fills: 0,
    trades: 0,
    fees: 0,
    ...values,
  },
});

describe('rankBacktests', () => {
  it('puts the best Sharpe first, ties broken by total return, without changing the input', () => {
    const results = [metrics({ sharpe: 1, totalReturn: 0.1 }), metrics({ sharpe: 2, totalReturn: 0.05 }), metrics({ sharpe: 1, totalReturn: 0.3 })];
    const ranked = rankBacktests(results);
    assert.deepEqual(
      ranked.map((result) => [result.metrics.sharpe, result.metrics.totalReturn]),
      [
        [2, 0.05],
        [1, 0.3],
        [1, 0.1],
      ],
    );
    assert.equal(results[0]?.metrics.sharpe, 1);
  });

  it('ranks the smallest drawdown first and a missing profit factor as infinite only when something traded', () => {
    const byDrawdown = rankBacktests([metrics({ maxDrawdown: 0.3 }), metrics({ maxDrawdown: 0.1 })], 'maxDrawdown');
    assert.deepEqual(
      byDrawdown.map((result) => result.metrics.maxDrawdown),
      [0.1, 0.3],
    );
    const byProfitFactor = rankBacktests([metrics({ profitFactor: null, trades: 0 }), metrics({ profitFactor: 1.5, trades: 4 }), metrics({ profitFactor: null, trades: 3 })], 'profitFactor');
    assert.deepEqual(
      byProfitFactor.map((result) => [result.metrics.profitFactor, result.metrics.trades]),
      [
        [null, 3],
        [1.5, 4],
        [null, 0],
      ],
    );
  });
});
