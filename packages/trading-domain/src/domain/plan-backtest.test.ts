import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTradingDomainError, type TradingDomainErrorCode } from '../errors.ts';
import { MAX_RUNS, planBacktest, type RequestBacktestInput } from './plan-backtest.ts';

const request: RequestBacktestInput = {
  strategy: 'sma-crossover',
  parameters: { fast: 5, slow: 20 },
  exchange: 'binance',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  from: '2024-01-01T00:00:00Z',
  to: '2024-03-01T00:00:00Z',
  initialCapital: '10000',
  fee: 0.001,
  slippage: 0.0005,
};

function refused(input: Partial<RequestBacktestInput>, code: TradingDomainErrorCode, field: string): void {
  assert.throws(
    () => planBacktest({ ...request, ...input }),
    (error) => isTradingDomainError(error, code) && error.errors[0]?.field === field,
    `${code} naming ${field}`,
  );
}

test('a plain request is one run over the range, its parameters completed with the defaults', () => {
  const plan = planBacktest(request);
  assert.equal(plan.kind, 'single');
  assert.deepEqual(plan.runs, [{ role: null, windowIndex: null, parameters: { fast: 5, slow: 20, positionSize: 1 }, range: { from: Date.parse(request.from), to: Date.parse(request.to) } }]);
});

test('strategy parameters the strategy refuses name the field where the caller wrote it', () => {
  refused({ parameters: { fast: 30, slow: 20 } }, 'invalid_parameters', 'parameters.fast');
  refused({ parameters: { fast: 5, slow: 20, stopLoss: 2 } }, 'invalid_parameters', 'parameters.stopLoss');
  refused({ parameters: { fast: 5, slow: 20, speed: 1 } }, 'invalid_parameters', 'parameters.speed');
  refused({ parameters: { slow: 20 }, sweep: { fast: [5, 25] } }, 'invalid_parameters', 'sweep.fast');
});

test('a sweep is one run per grid point, every point validated before anything is queued', () => {
  const plan = planBacktest({ ...request, parameters: {}, sweep: { fast: [5, 10], slow: [20, 30, 40] } });
  assert.equal(plan.kind, 'sweep');
  assert.equal(plan.runs.length, 6);
  assert.deepEqual(
    plan.runs.map((run) => [run.parameters['fast'], run.parameters['slow']]),
    [[5, 20], [5, 30], [5, 40], [10, 20], [10, 30], [10, 40]],
  );
  assert.ok(plan.runs.every((run) => run.role === 'grid-point'));
  refused({ sweep: { fast: [5, { nested: true }] } }, 'invalid_input', 'sweep.fast');
});

test('a walk-forward queues each window in-sample run now; the out-of-sample runs count toward the limit', () => {
  const plan = planBacktest({ ...request, sweep: { fast: [5, 10] }, walkForward: { windows: 3, inSampleRatio: 0.75 } });
  assert.equal(plan.kind, 'walk-forward');
  assert.equal(plan.windows?.length, 3);
  assert.equal(plan.runs.length, 6);
  const windows = plan.windows!;
  for (const run of plan.runs) {
    const planned = windows[run.windowIndex!]!;
    assert.equal(run.role, 'in-sample');
    assert.deepEqual(run.range, planned.inSample);
  }
  const given = planBacktest({ ...request, walkForward: { windows: 2, inSampleRatio: 0.5 } });
  assert.deepEqual(given.runs.map((run) => run.parameters), [{ fast: 5, slow: 20, positionSize: 1 }, { fast: 5, slow: 20, positionSize: 1 }], 'without a sweep, the given parameters in every window');

  const values = Array.from({ length: 100 }, (_, index) => index + 1);
  refused({ parameters: {}, sweep: { fast: values, slow: [200, 300, 400, 500, 600, 700, 800, 900, 1000, 2000, 3000] } }, 'too_many_runs', 'sweep');
  assert.ok(MAX_RUNS < 1_100);
  refused({ sweep: { fast: values.slice(0, 10) }, walkForward: { windows: 100, inSampleRatio: 0.5 } }, 'too_many_runs', 'sweep');
});

test('ranges: from before to, and long enough for the windows asked for', () => {
  refused({ to: request.from }, 'invalid_input', 'to');
  refused({ from: 'yesterday' }, 'invalid_input', 'from');
  refused({ initialCapital: '0' }, 'invalid_input', 'initialCapital');
  refused({ walkForward: { windows: 3, inSampleRatio: 1 } }, 'invalid_input', 'walkForward.inSampleRatio');
  refused({ from: '2024-01-01T00:00:00.000Z', to: '2024-01-01T00:00:00.004Z', walkForward: { windows: 4, inSampleRatio: 0.5 } }, 'invalid_input', 'walkForward.windows');
  refused({ strategy: 'martingale' }, 'invalid_input', 'strategy');
  refused({ symbol: 'btcusdt' }, 'invalid_input', 'symbol');
});
