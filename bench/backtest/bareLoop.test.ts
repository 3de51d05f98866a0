import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runBacktest } from '@ai-service/trading';
import { randomWalkSeries } from '@ai-service/trading/testing';
import { bareSmaCrossoverEntries } from './bareLoop.ts';

it('the bare loop counts the entries the engine fills (so the benchmark compares the same work)', () => {
  for (const [fast, slow, seed] of [
    [10, 30, 1],
    [3, 7, 2],
    [50, 200, 3],
  ] as const) {
    const series = randomWalkSeries({ candles: 10_000, seed });
    const engine = runBacktest({ series, strategy: 'sma-crossover', parameters: { fast, slow }, initialCapital: 1000, fee: 0.001, slippage: 0.0005, timeframe: '1m' });
    assert.ok(engine.metrics.trades > 10);
    assert.equal(bareSmaCrossoverEntries(series.close, fast, slow), engine.metrics.trades, `SMA ${fast}/${slow}`);
  }
});
