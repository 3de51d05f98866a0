import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTradingError } from '../errors.ts';
import { walkForwardWindows } from './walkForwardWindows.ts';

describe('walkForwardWindows', () => {
  it('splits a range into rolling windows whose out-of-sample parts tile the range after the first in-sample part', () => {
    // 0.75 in sample: in-sample = 3 × out-of-sample; 4 windows + 3 = 7 out-of-sample lengths of 100.
    assert.deepEqual(walkForwardWindows({ from: 0, to: 700, windows: 4, inSampleRatio: 0.75 }), [
      { index: 0, inSample: { from: 0, to: 300 }, outOfSample: { from: 300, to: 400 } },
      { index: 1, inSample: { from: 100, to: 400 }, outOfSample: { from: 400, to: 500 } },
      { index: 2, inSample: { from: 200, to: 500 }, outOfSample: { from: 500, to: 600 } },
      { index: 3, inSample: { from: 300, to: 600 }, outOfSample: { from: 600, to: 700 } },
    ]);
  });

  for (const [windows, ratio] of [
    [1, 0.7],
    [3, 0.7],
    [7, 0.6],
    [12, 0.8],
  ] as const) {
    it(`${windows} windows at ${ratio} cover [from, to) without overlap in whole milliseconds`, () => {
      const from = Date.UTC(2023, 0, 1);
      const to = Date.UTC(2024, 0, 1) + 12_345;
      const result = walkForwardWindows({ from, to, windows, inSampleRatio: ratio });
      assert.equal(result.length, windows);
      assert.equal(result[0]?.inSample.from, from);
      assert.equal(result.at(-1)?.outOfSample.to, to);
      result.forEach((window, index) => {
        assert.equal(window.index, index);
        assert.equal(window.inSample.to, window.outOfSample.from, 'testing starts where optimizing stops');
        assert.ok(window.inSample.from < window.inSample.to && window.outOfSample.from < window.outOfSample.to);
        for (const value of [window.inSample.from, window.inSample.to, window.outOfSample.from, window.outOfSample.to]) assert.ok(Number.isInteger(value));
        const next = result[index + 1];
        if (next) assert.equal(next.outOfSample.from, window.outOfSample.to, 'out-of-sample windows follow each other without overlap or hole');
        const share = (window.inSample.to - window.inSample.from) / (window.outOfSample.to - window.inSample.from);
        assert.ok(Math.abs(share - ratio) < 1e-6, `in-sample share ${share}`);
      });
    });
  }

  it('refuses unusable input naming the field', () => {
    const refuses = (input: Parameters<typeof walkForwardWindows>[0], field: string) =>
      assert.throws(() => walkForwardWindows(input), (error) => isTradingError(error) && error.code === 'invalid_backtest' && error.field === field);
    refuses({ from: 10, to: 10, windows: 2, inSampleRatio: 0.7 }, 'to');
    refuses({ from: 0, to: 1000, windows: 0, inSampleRatio: 0.7 }, 'windows');
    refuses({ from: 0, to: 1000, windows: 1.5, inSampleRatio: 0.7 }, 'windows');
    refuses({ from: 0, to: 1000, windows: 2, inSampleRatio: 1 }, 'inSampleRatio');
    refuses({ from: 0, to: 10, windows: 20, inSampleRatio: 0.5 }, 'windows');
  });
});
