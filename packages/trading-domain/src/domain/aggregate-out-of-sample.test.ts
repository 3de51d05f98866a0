import type { BacktestMetrics, BacktestTrade } from '@ai-service/trading';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateOutOfSample, type OutOfSampleRun } from './aggregate-out-of-sample.ts';

const metrics = (finalEquity: number, maxDrawdown: number): BacktestMetrics => ({
  initialCapital: 1000,
  finalEquity,
  totalReturn: finalEquity / 1000 - 1,
  cagr: 0,
  maxDrawdown,
  sharpe: 0,
  sortino: 0,
  winRate: 0,
  profitFactor: null,
  exposure: 0,
  fills: 0,
  trades: 0,
  fees: 0,
});

const trade = (pnl: number): BacktestTrade => ({ side: 'long', entryTime: 0, entryPrice: 1, exitTime: 1, exitPrice: 1, quantity: 1, fees: 0, pnl, returnPct: 0, exitReason: 'signal' });

test('out-of-sample windows chain: returns compound, profits and equity scale with the growth before them', () => {
  const windows: OutOfSampleRun[] = [
    { metrics: metrics(1100, 0.05), trades: [trade(150), trade(-50)], equityCurve: [{ time: 1, equity: 1000 }, { time: 2, equity: 1200 }, { time: 3, equity: 1100 }] },
    { metrics: metrics(900, 0.2), trades: [trade(-100)], equityCurve: [{ time: 4, equity: 1000 }, { time: 5, equity: 800 }, { time: 6, equity: 900 }] },
  ];
  const aggregate = aggregateOutOfSample(windows);
  assert.equal(aggregate.windows, 2);
  assert.ok(Math.abs(aggregate.totalReturn - (1.1 * 0.9 - 1)) < 1e-12);
  assert.deepEqual(
    aggregate.equityCurve.map((point) => Math.round(point.equity * 1e9) / 1e9),
    [1000, 1200, 1100, 1100, 880, 990],
  );
  // Peak 1200 (window 1) to trough 880 (window 2): a fall no single window shows.
  assert.ok(Math.abs(aggregate.maxDrawdown - (1200 - 880) / 1200) < 1e-12);
  assert.equal(aggregate.trades, 3);
  assert.equal(aggregate.winRate, 1 / 3);
  // The second window's loss of 100 weighs 110 once chained after a 10 % gain.
  assert.ok(Math.abs(aggregate.profitFactor! - 150 / (50 + 110)) < 1e-12);
});

test('without a losing trade the profit factor is null, and an empty chain returns nothing', () => {
  const aggregate = aggregateOutOfSample([{ metrics: metrics(1000, 0), trades: [trade(5)], equityCurve: [{ time: 1, equity: 1000 }] }]);
  assert.equal(aggregate.profitFactor, null);
  assert.deepEqual(aggregateOutOfSample([]), { windows: 0, totalReturn: 0, maxDrawdown: 0, trades: 0, winRate: 0, profitFactor: null, equityCurve: [] });
});
