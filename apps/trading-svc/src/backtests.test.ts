import { datastoreEnv, testDatastores } from '@ai-service/jobs/testing';
import { freePort, startServiceProcess, waitFor } from '@ai-service/testing';
import { candleSeries, rankBacktests, runBacktest, type BacktestResult, type Candle } from '@ai-service/trading';
import { candlesCsv } from '@ai-service/trading-domain/testing';
import { randomWalkCandles } from '@ai-service/trading/testing';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { assertProblem, testUser, tradingTestWorld, uploadCandles, type Schemas, type TestTrading, type TestUser, type TestWorld } from './test-harness.ts';

/**
 * Backtests through trading-svc's API, run by a real worker-trading process on the queue datastore
 * (Postgres, and Redis when TEST_REDIS_URL is set), compared with runBacktest on the same candles.
 */

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const CANDLES = 500;
const candles = randomWalkCandles({ candles: CANDLES, seed: 21, stepMs: HOUR, start: START, volatility: 0.02 });
const iso = (time: number) => new Date(time).toISOString();

const world: TestWorld = await tradingTestWorld();
const stores = testDatastores(world.database.url);
after(async () => {
  for (const store of stores) await store.cleanup();
  await world?.close();
});

const backtestRequest = (overrides: Partial<Schemas['BacktestRequest']> = {}): Schemas['BacktestRequest'] => ({
  strategy: 'sma-crossover',
  parameters: { fast: 5, slow: 20 },
  exchange: 'binance',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  from: iso(START),
  to: iso(START + CANDLES * HOUR),
  initialCapital: '10000.00',
  fee: 0.001,
  slippage: 0.0005,
  ...overrides,
});

function direct(parameters: Record<string, unknown>, from = START, to = START + CANDLES * HOUR, series: Candle[] = candles): BacktestResult {
  return runBacktest({
    series: candleSeries(series.filter((candle) => candle.time >= from && candle.time < to)),
    strategy: 'sma-crossover',
    parameters,
    initialCapital: 10_000,
    fee: 0.001,
    slippage: 0.0005,
    timeframe: '1h',
  });
}

/** runBacktest's result as the API writes it (times as ISO 8601). */
const asApi = (result: BacktestResult): Schemas['BacktestResult'] => ({
  candles: result.candles,
  metrics: result.metrics,
  trades: result.trades.map((trade) => ({ ...trade, entryTime: iso(trade.entryTime), exitTime: iso(trade.exitTime) })),
  equityCurve: result.equityCurve.map((point) => ({ time: iso(point.time), equity: point.equity })),
});

async function finished(trading: TestTrading, user: TestUser, id: string): Promise<Schemas['Backtest']> {
  return waitFor(
    async () => {
      const { data } = await trading.client.GET('/v1/trading/backtests/{backtestId}', { params: { path: { backtestId: id } }, ...user.auth });
      return data && (data.status === 'completed' || data.status === 'failed') ? data : undefined;
    },
    { timeoutMs: 60_000, what: `backtest ${id} finished` },
  );
}

async function userWithCandles(trading: TestTrading): Promise<TestUser> {
  const user = await testUser(world.issuer);
  const upload = await uploadCandles(trading.url, user, candlesCsv(candles));
  assert.equal(upload.status, 201, JSON.stringify(upload.body));
  return user;
}

for (const store of stores) {
  test(`on ${store.kind}: a backtest, a sweep and a walk-forward run on worker-trading and give runBacktest's results`, async () => {
    const env = datastoreEnv(store);
    const trading = await world.start(env);
    const port = await freePort();
    const worker = await startServiceProcess('worker-trading', port, { DATABASE_URL: world.database.url, WORKER_TRADING_PORT: String(port), ...env }).catch(async (error: unknown) => {
      await trading.stop();
      throw error;
    });
    try {
      const user = await userWithCandles(trading);

      const posted = await trading.client.POST('/v1/trading/backtest', { body: backtestRequest(), ...user.auth });
      assert.equal(posted.response.status, 202, JSON.stringify(posted.error));
      assert.equal(posted.response.headers.get('location'), `/v1/trading/backtests/${posted.data!.id}`);
      assert.equal(posted.data!.status, 'queued');
      assert.deepEqual(posted.data!.progress, { processedCandles: 0, totalCandles: CANDLES, percent: 0 });
      const single = await finished(trading, user, posted.data!.id);
      assert.equal(single.status, 'completed', single.error ?? '');
      assert.deepEqual(single.result, asApi(direct({ fast: 5, slow: 20 })));
      assert.ok(single.result!.trades.length > 5, 'a result worth comparing');
      assert.deepEqual(single.progress, { processedCandles: CANDLES, totalCandles: CANDLES, percent: 100 });

      const sweep = await trading.client.POST('/v1/trading/backtest', { body: backtestRequest({ parameters: {}, sweep: { fast: [3, 5], slow: [20, 40] } }), ...user.auth });
      assert.equal(sweep.response.status, 202, JSON.stringify(sweep.error));
      const swept = await finished(trading, user, sweep.data!.id);
      assert.equal(swept.status, 'completed');
      assert.deepEqual(swept.ranking!.map((entry) => entry.rank), [1, 2, 3, 4], 'one ranked result per grid point');
      const expected = rankBacktests([[3, 20], [3, 40], [5, 20], [5, 40]].map(([fast, slow]) => ({ parameters: { fast, slow, positionSize: 1 }, metrics: direct({ fast, slow }).metrics })));
      assert.deepEqual(swept.ranking!.map((entry) => ({ parameters: entry.parameters, metrics: entry.metrics })), expected);
      const best = await trading.client.GET('/v1/trading/backtests/{backtestId}', { params: { path: { backtestId: swept.ranking![0]!.backtestId } }, ...user.auth });
      assert.equal(best.data?.parentId, swept.id);
      assert.deepEqual(best.data?.result, asApi(direct(expected[0]!.parameters)));

      const walk = await trading.client.POST('/v1/trading/backtest', {
        body: backtestRequest({ parameters: { slow: 30 }, sweep: { fast: [3, 8] }, walkForward: { windows: 2, inSampleRatio: 0.7 } }),
        ...user.auth,
      });
      assert.equal(walk.response.status, 202, JSON.stringify(walk.error));
      const walked = await finished(trading, user, walk.data!.id);
      assert.equal(walked.status, 'completed', walked.error ?? '');
      assert.equal(walked.windows!.length, 2);
      for (const window of walked.windows!) {
        const chosen = window.chosenParameters!;
        assert.deepEqual(window.outOfSampleMetrics, direct(chosen, Date.parse(window.outOfSample.from), Date.parse(window.outOfSample.to)).metrics);
        assert.ok(window.inSampleMetrics && window.outOfSampleBacktestId);
      }
      assert.equal(walked.aggregate?.windows, 2);

      const listed = await trading.client.GET('/v1/trading/backtests', user.auth);
      assert.deepEqual(listed.data?.items.map((item) => item.id), [walked.id, swept.id, single.id], 'requests newest first, not their runs');
      assert.ok(listed.data!.items.every((item) => item.result === null && item.ranking === null), 'the list carries no results');

      const metrics = await (await fetch(`${worker.url}/metrics`)).text();
      // 1 run, 4 grid points, 2 × 2 in-sample and 2 out-of-sample runs.
      assert.match(metrics, /backtests_total\{status="completed",service="worker-trading"\} 11/);
      assert.match(metrics, /backtest_candles_per_second\{service="worker-trading"\} \d/);
    } finally {
      const exit = await worker.stop();
      await trading.stop();
      assert.equal(exit.code, 0, worker.output());
    }
  });
}

test('refusals: strategy parameters name the field (422), a range without candles is 422, a bad body is 400, reading another tenant’s backtest is 404', async () => {
  const trading = await world.start();
  const user = await userWithCandles(trading);
  const badParameters = await trading.client.POST('/v1/trading/backtest', { body: backtestRequest({ parameters: { fast: 50, slow: 20 } }), ...user.auth });
  const problem = assertProblem(badParameters, 422, 'INVALID_PARAMETERS');
  assert.deepEqual((problem['errors'] as Array<{ field: string }>).map((error) => error.field), ['parameters.fast']);
  const badSweep = assertProblem(await trading.client.POST('/v1/trading/backtest', { body: backtestRequest({ parameters: {}, sweep: { slow: [20, 'long'] } }), ...user.auth }), 422, 'INVALID_PARAMETERS');
  assert.equal((badSweep['errors'] as Array<{ field: string }>)[0]?.field, 'sweep.slow');

  const noCandles = assertProblem(await trading.client.POST('/v1/trading/backtest', { body: backtestRequest({ timeframe: '4h' }), ...user.auth }), 422, 'NO_CANDLES');
  assert.match(String(noCandles['detail']), /no stored candles of binance BTC\/USDT 4h/);
  assertProblem(await trading.client.POST('/v1/trading/backtest', { body: backtestRequest({ fee: 2 }), ...user.auth }), 400, 'VALIDATION');
  assertProblem(await trading.client.POST('/v1/trading/backtest', { body: backtestRequest({ to: iso(START) }), ...user.auth }), 400, 'INVALID_INPUT');
  assertProblem(
    await trading.client.POST('/v1/trading/backtest', { body: backtestRequest({ parameters: {}, sweep: { fast: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], slow: Array.from({ length: 101 }, (_, index) => index + 20) } }), ...user.auth }),
    422,
    'TOO_MANY_RUNS',
  );
  assert.deepEqual((await trading.client.GET('/v1/trading/backtests', user.auth)).data, { items: [], nextCursor: null }, 'no refused request was recorded');

  const accepted = await trading.client.POST('/v1/trading/backtest', { body: backtestRequest(), ...user.auth });
  assert.equal(accepted.response.status, 202);
  const id = accepted.data!.id;
  const stranger = await testUser(world.issuer);
  assertProblem(await trading.client.GET('/v1/trading/backtests/{backtestId}', { params: { path: { backtestId: id } }, ...stranger.auth }), 404, 'NOT_FOUND');
  assert.deepEqual((await trading.client.GET('/v1/trading/backtests', stranger.auth)).data, { items: [], nextCursor: null });
  const sameTenantViewer = await testUser(world.issuer, ['trading:read'], user.tenantId);
  assert.equal((await trading.client.GET('/v1/trading/backtests/{backtestId}', { params: { path: { backtestId: id } }, ...sameTenantViewer.auth })).data?.status, 'queued');
  assertProblem(await trading.client.POST('/v1/trading/backtest', { body: backtestRequest(), ...sameTenantViewer.auth }), 403, 'FORBIDDEN');
});

test('the backtest list pages newest first; the strategies are listed with their parameter schemas', async () => {
  const trading = await world.start();
  const user = await userWithCandles(trading);
  const ids: string[] = [];
  for (let index = 0; index < 3; index++) ids.unshift((await trading.client.POST('/v1/trading/backtest', { body: backtestRequest(), ...user.auth })).data!.id);
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await trading.client.GET('/v1/trading/backtests', { params: { query: { limit: 2, ...(cursor ? { cursor } : {}) } }, ...user.auth });
    seen.push(...page.data!.items.map((item) => item.id));
    cursor = page.data!.nextCursor ?? undefined;
  } while (cursor);
  assert.deepEqual(seen, ids);

  const strategies = await trading.client.GET('/v1/trading/strategies', user.auth);
  assert.deepEqual(strategies.data?.items.map((strategy) => strategy.name), ['sma-crossover', 'ema-crossover', 'rsi-mean-reversion', 'grid']);
  const sma = strategies.data!.items[0]!.parameters as { properties: Record<string, unknown> };
  assert.ok('fast' in sma.properties && 'slow' in sma.properties);
});
