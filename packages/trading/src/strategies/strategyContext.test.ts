import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backtestStrategy } from '../backtest/runBacktest.ts';
import { candleSeries } from '../market-data/candles.ts';
import { randomWalkCandles, seededRandom } from '../testing.ts';
import { createStrategy } from './strategies.ts';
import type { Signal, Strategy, StrategyContext } from './strategy.ts';
import { createStrategyCursor } from './strategyContext.ts';

const rows = randomWalkCandles({ candles: 400, seed: 11 });

describe('strategy context', () => {
  it('reads the current closed candle at offset 0 and earlier ones at positive offsets', () => {
    const { context, moveTo } = createStrategyCursor(candleSeries(rows));
    moveTo(5, { inPosition: true, entryPrice: 42 });
    assert.equal(context.length, 6);
    assert.equal(context.close(), rows[5]?.close);
    assert.equal(context.open(2), rows[3]?.open);
    assert.equal(context.high(5), rows[0]?.high);
    assert.equal(context.time(1), rows[4]?.time);
    assert.equal(context.inPosition, true);
    assert.equal(context.entryPrice, 42);
  });

  it('throws for a negative offset (the future), one beyond the history, and a fractional one', () => {
    const { context, moveTo } = createStrategyCursor(candleSeries(rows));
    moveTo(5, { inPosition: false, entryPrice: Number.NaN });
    for (const offset of [-1, -0.5, 6, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => context.close(offset), RangeError, `offset ${offset}`);
      assert.throws(() => context.volume(offset), RangeError, `offset ${offset}`);
    }
  });

  it('exposes no property that leads to the series or moves the cursor', () => {
    const { context } = createStrategyCursor(candleSeries(rows));
    assert.deepEqual(Reflect.ownKeys(context), []);
    const prototypeMembers = Reflect.ownKeys(Object.getPrototypeOf(context)).sort();
    assert.deepEqual(prototypeMembers, ['close', 'constructor', 'entryPrice', 'high', 'inPosition', 'length', 'low', 'open', 'time', 'volume']);
  });
});

/**
 * A strategy that tries to look ahead through everything the interface offers and records what it
 * saw and decided on each candle; it trades like the SMA crossover it wraps.
 */
function peekingStrategy(log: string[]): Strategy {
  const inner = createStrategy('sma-crossover', { fast: 5, slow: 20 });
  const peek = (context: StrategyContext): string => {
    try {
      return String(context.close(-1));
    } catch {
      return 'refused';
    }
  };
  return {
    positionSize: inner.positionSize,
    risk: inner.risk,
    onCandle(context): Signal {
      let seen = 0;
      for (let offset = 0; offset < context.length; offset++) seen += context.close(offset) + context.high(offset) + context.low(offset);
      const signal = inner.onCandle(context);
      log.push(`${context.length}:${seen}:${peek(context)}:${JSON.stringify(signal)}`);
      return signal;
    },
  };
}

describe('no look-ahead', () => {
  it('a strategy cannot see later candles: changing them leaves every earlier decision and equity point unchanged', () => {
    const random = seededRandom(5);
    for (const cut of [30, 150, 300]) {
      const originalLog: string[] = [];
      const changedLog: string[] = [];
      const original = candleSeries(rows);
      const changed = candleSeries(rows);
      for (let index = cut + 1; index < changed.length; index++) {
        const factor = 0.5 + random();
        changed.open[index] = (changed.open[index] as number) * factor;
        changed.high[index] = (changed.high[index] as number) * factor * 1.1;
        changed.low[index] = (changed.low[index] as number) * factor * 0.9;
        changed.close[index] = (changed.close[index] as number) * factor;
      }
      const options = { initialCapital: 1000, fee: 0.001, slippage: 0.001, timeframe: '1m' as const };
      const before = backtestStrategy({ ...options, series: original, strategy: peekingStrategy(originalLog) });
      const after = backtestStrategy({ ...options, series: changed, strategy: peekingStrategy(changedLog) });

      assert.ok(originalLog.every((line) => line.includes(':refused:')), 'every peek at offset -1 was refused');
      assert.deepEqual(changedLog.slice(0, cut + 1), originalLog.slice(0, cut + 1), `decisions up to candle ${cut}`);
      assert.notDeepEqual(changedLog, originalLog, 'later decisions did see the changed candles');
      // Equity points are all kept (400 candles ≤ 1000 points): identical through the cut.
      assert.deepEqual(after.equityCurve.slice(0, cut + 1), before.equityCurve.slice(0, cut + 1));
      const tradesBefore = (trades: typeof before.trades) => trades.filter((trade) => trade.exitTime <= (rows[cut]?.time ?? 0));
      assert.deepEqual(tradesBefore(after.trades), tradesBefore(before.trades));
    }
  });
});
