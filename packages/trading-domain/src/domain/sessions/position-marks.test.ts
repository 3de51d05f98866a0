import type { Candle } from '@ai-service/trading';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactMarks, flatReason, markCandle, withoutExits } from './position-marks.ts';

const RISK = { stopLoss: 0.2, takeProfit: null, trailingStop: 0.1 };
const candle = (time: number, close: number, high = close): Candle => ({ time, open: close, high, low: close, close, volume: 1 });
const position = { averageEntryPrice: '100' };

describe('position marks', () => {
  it('the highest starts at the entry fill price, then follows the highs of the candles before the one tested', () => {
    // The first candle's own high (200) does not tighten the stop it is tested on (90).
    const first = markCandle(undefined, position, candle(1, 95, 200), RISK);
    assert.deepEqual(first, { mark: { highest: '200', exits: [] }, exit: null });
    const second = markCandle(first.mark, position, candle(2, 180), RISK);
    assert.deepEqual(second, { mark: { highest: '200', exits: [{ reason: 'trailing-stop', time: 2 }] }, exit: 'trailing-stop' });
  });

  it('a stop-loss above the trailing stop is the one named', () => {
    const hit = markCandle({ highest: '101', exits: [] }, position, candle(3, 79), { ...RISK, stopLoss: 0.05 });
    assert.equal(hit.exit, 'stop-loss');
  });

  it('flat, the highest is cleared; the exits are reported once, in the move back to Live', () => {
    const marks = { 'BTC/USDT': markCandle({ highest: '200', exits: [{ reason: 'trailing-stop', time: Date.UTC(2024, 0, 2) }] }, null, candle(4, 1), RISK).mark };
    assert.deepEqual(marks['BTC/USDT'].highest, null);
    assert.equal(flatReason(marks), 'flat after BTC/USDT trailing-stop on the 2024-01-02T00:00:00.000Z candle');
    assert.deepEqual(withoutExits(marks), {});
    assert.equal(flatReason({}), 'flat');
    assert.deepEqual(compactMarks({ 'ETH/USDT': { highest: null, exits: [] } }), {});
  });
});
