import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runBacktest } from '../backtest/runBacktest.ts';
import { isTradingError } from '../errors.ts';
import { candleSeries } from '../market-data/candles.ts';
import { randomWalkSeries } from '../testing.ts';
import type { StrategyName } from './strategyDefinition.ts';
import { STRATEGY_NAMES, createStrategy, parseStrategyParameters, strategyDescription, strategyParameterJsonSchema } from './strategies.ts';

function rejects(name: StrategyName, raw: unknown, field: string) {
  assert.throws(
    () => parseStrategyParameters(name, raw),
    (error) => isTradingError(error) && error.code === 'invalid_parameters' && error.field === field,
    `${name} ${JSON.stringify(raw)} → ${field}`,
  );
}

describe('built-in strategies', () => {
  it('are the four the API offers', () => {
    assert.deepEqual([...STRATEGY_NAMES], ['sma-crossover', 'ema-crossover', 'rsi-mean-reversion', 'grid']);
    for (const name of STRATEGY_NAMES) assert.ok(strategyDescription(name).length > 0);
  });

  it('fill defaults and keep given values', () => {
    assert.deepEqual(parseStrategyParameters('sma-crossover', {}), { fast: 10, slow: 30, positionSize: 1 });
    assert.deepEqual(parseStrategyParameters('ema-crossover', { fast: 5, stopLoss: 0.02 }), { fast: 5, slow: 26, positionSize: 1, stopLoss: 0.02 });
    assert.deepEqual(parseStrategyParameters('rsi-mean-reversion', undefined), { period: 14, oversold: 30, overbought: 70, positionSize: 1 });
    assert.deepEqual(parseStrategyParameters('grid', {}), { levels: 10, spacing: 0.01, positionSize: 1 });
    assert.deepEqual(parseStrategyParameters('grid', { lower: 90, upper: 110 }), { levels: 10, lower: 90, upper: 110, positionSize: 1 });
    // Parsing is idempotent: a stored parsed set parses to itself.
    const parsed = parseStrategyParameters('grid', { levels: 5 });
    assert.deepEqual(parseStrategyParameters('grid', parsed), parsed);
  });

  it('refuse bad parameters naming the field', () => {
    rejects('sma-crossover', { fast: 30, slow: 10 }, 'fast');
    rejects('sma-crossover', { fast: 2.5 }, 'fast');
    rejects('sma-crossover', { slow: '30' }, 'slow');
    rejects('sma-crossover', { fats: 3 }, 'fats');
    rejects('ema-crossover', { slow: 0 }, 'slow');
    rejects('rsi-mean-reversion', { oversold: 80 }, 'oversold');
    rejects('rsi-mean-reversion', { period: 1 }, 'period');
    rejects('grid', { spacing: 0.01, lower: 1, upper: 2 }, 'spacing');
    rejects('grid', { lower: 1 }, 'upper');
    rejects('grid', { lower: 3, upper: 2 }, 'lower');
    rejects('grid', { levels: 2 }, 'levels');
    rejects('sma-crossover', { stopLoss: 1 }, 'stopLoss');
    rejects('sma-crossover', { positionSize: 0 }, 'positionSize');
    rejects('sma-crossover', 'fast=3', 'parameters');
    rejects('martingale' as StrategyName, {}, 'strategy');
  });

  it('publish a JSON Schema of their parameters', () => {
    const schema = strategyParameterJsonSchema('sma-crossover') as { type: string; properties: Record<string, { default?: unknown }>; additionalProperties: boolean };
    assert.equal(schema.type, 'object');
    assert.equal(schema.additionalProperties, false);
    assert.equal(schema.properties.fast?.default, 10);
    assert.deepEqual(Object.keys(schema.properties).sort(), ['fast', 'positionSize', 'slow', 'stopLoss', 'takeProfit', 'trailingStop']);
    for (const name of STRATEGY_NAMES) assert.equal((strategyParameterJsonSchema(name) as { type: string }).type, 'object');
  });

  it('carry risk settings and sizing from the parameters', () => {
    const strategy = createStrategy('rsi-mean-reversion', { stopLoss: 0.05, trailingStop: 0.1, positionSize: 0.5 });
    assert.deepEqual(strategy.risk, { stopLoss: 0.05, takeProfit: null, trailingStop: 0.1 });
    assert.equal(strategy.positionSize, 0.5);
  });

  const series = randomWalkSeries({ candles: 5000, seed: 21, volatility: 0.02 });
  for (const name of STRATEGY_NAMES) {
    it(`${name} trades on synthetic data`, () => {
      const result = runBacktest({ series, strategy: name, parameters: {}, initialCapital: 10_000, fee: 0.001, slippage: 0.0005, timeframe: '5m' });
      assert.ok(result.metrics.trades >= 5, `${result.metrics.trades} trades`);
      assert.equal(result.metrics.fills, 2 * result.metrics.trades);
      assert.ok(Number.isFinite(result.metrics.finalEquity) && result.metrics.finalEquity > 0);
    });
  }
});

describe('grid', () => {
  // Lines at 90, 95, 100, 105, 110 (levels 5 between 90 and 110).
  const closes = [102, 99, 101, 104, 106, 107, 96, 94, 89, 97];
  const rows = closes.map((close, index) => {
    const open = closes[index - 1] ?? close;
    return { time: index * 60_000, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1 };
  });

  it('buys when a close falls through a line and sells when a close reaches the line above', () => {
    const result = runBacktest({ series: candleSeries(rows), strategy: 'grid', parameters: { levels: 5, lower: 90, upper: 110 }, initialCapital: 1000, fee: 0, slippage: 0, timeframe: '1m' });
    // 102 → 99 crosses line 100: buy at the next open (99), target line 105; 106 at candle 4 sells at candle 5's open (106).
    // 107 → 96 crosses 105 and 100 (the lowest crossed, 100, counts): buy at 96, target 105; 94 and 89 (below the
    // grid) hold; the end of data sells at the last close, 97.
    assert.deepEqual(
      result.trades.map((trade) => [trade.entryPrice, trade.exitPrice, trade.exitReason]),
      [
        [99, 106, 'signal'],
        [96, 97, 'end-of-data'],
      ],
    );
  });
});
