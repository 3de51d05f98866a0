import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMA, RSI, SMA } from 'trading-signals';
import { randomWalkCandles } from '../testing.ts';
import { Ema, RollingSma, Rsi } from './indicators.ts';

type Incremental = { add(value: number): number; readonly isStable: boolean };
type Library = { add(value: number): number | null; readonly isStable: boolean };

/** Feeds both the same closes; before the library is stable ours must be too, after it the values agree. */
function compare(ours: Incremental, library: Library, closes: number[], tolerance: number) {
  closes.forEach((close, index) => {
    const expected = library.add(close);
    const actual = ours.add(close);
    assert.equal(ours.isStable, library.isStable, `stability at ${index}`);
    if (library.isStable) {
      assert.ok(expected !== null && Math.abs(actual - expected) <= tolerance * Math.abs(expected), `value at ${index}: ${actual} vs ${expected}`);
    }
  });
}

const closes = (seed: number) => randomWalkCandles({ candles: 3000, seed, volatility: 0.03 }).map((candle) => candle.close);

describe('our incremental indicators against trading-signals on random walks', () => {
  for (const seed of [1, 2, 3]) {
    for (const period of [1, 2, 7, 30, 200]) {
      // A running sum rounds differently from re-summing the window: equal to ~1e-12, not bit for bit.
      it(`SMA(${period}), seed ${seed}`, () => compare(new RollingSma(period), new SMA(period), closes(seed), 1e-12));
      it(`EMA(${period}), seed ${seed}`, () => compare(new Ema(period), new EMA(period), closes(seed), 0));
    }
    for (const period of [2, 14, 50]) {
      it(`RSI(${period}), seed ${seed}`, () => compare(new Rsi(period), new RSI(period), closes(seed), 0));
    }
  }

  it('RSI is 100 when prices only rose, as in the library', () => {
    compare(new Rsi(3), new RSI(3), [1, 2, 3, 4, 5, 6], 0);
    const rsi = new Rsi(3);
    [1, 2, 3, 4].forEach((price) => rsi.add(price));
    assert.equal(rsi.value, 100);
  });
});
