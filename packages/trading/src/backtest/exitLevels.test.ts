import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RiskSettings } from '../strategies/strategy.ts';
import { exitLevels, levelExitAt } from './exitLevels.ts';

const OFF: RiskSettings = { stopLoss: null, takeProfit: null, trailingStop: null };

describe('exit levels (shared by the backtester and the sessions)', () => {
  it('the trailing stop is a fraction below the highest price, and the effective stop only when above the stop-loss', () => {
    const risk = { ...OFF, stopLoss: 0.05, trailingStop: 0.1 };
    assert.deepEqual(exitLevels(100, 100, risk), { stop: 95, stopReason: 'stop-loss', target: Number.POSITIVE_INFINITY });
    const trailing = exitLevels(100, 120, risk);
    assert.equal(trailing.stopReason, 'trailing-stop');
    assert.ok(Math.abs(trailing.stop - 108) < 1e-9);
  });

  it('a price tests the stop before the target, and disabled levels are never reached', () => {
    assert.equal(levelExitAt(90, { stop: 95, stopReason: 'stop-loss', target: 90 }), 'stop-loss');
    assert.equal(levelExitAt(111, exitLevels(100, 100, { ...OFF, takeProfit: 0.1 })), 'take-profit');
    assert.equal(levelExitAt(Number.MIN_VALUE, exitLevels(100, 1e9, OFF)), null);
  });
});
