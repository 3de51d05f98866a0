import { runBacktest } from '@ai-service/trading';
import { randomWalkSeries } from '@ai-service/trading/testing';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { threadRunner } from './thread-runner.ts';

const request = (candles: number) => ({
  series: randomWalkSeries({ candles, seed: 7, stepMs: 3_600_000 }),
  strategy: 'sma-crossover' as const,
  parameters: { fast: 5, slow: 20 },
  initialCapital: 10_000,
  fee: 0.001,
  slippage: 0.0005,
  timeframe: '1h' as const,
});

test('a run on a thread gives exactly the result of runBacktest, reporting progress on the way', async () => {
  const progress: number[] = [];
  const outcome = await threadRunner()(request(200_000), (processed) => progress.push(processed));
  assert.deepEqual(outcome.result, runBacktest(request(200_000)));
  assert.ok(outcome.engineMs > 0);
  assert.ok(progress.length >= 3, 'the engine reports every 65,536 candles');
  assert.equal(progress.at(-1), 200_000);
});

test("a simulation that fails rejects with the engine's message", async () => {
  await assert.rejects(threadRunner()({ ...request(10), initialCapital: -1 }, () => undefined), /initialCapital must be a positive number/);
});
