import { startTradingTestDatabase } from '../test-database.ts';
import { waitFor } from '@ai-service/testing';
import { candleSeries, rankBacktests, runBacktest, type Candle } from '@ai-service/trading';
import { randomWalkCandles } from '@ai-service/trading/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import type { TenantContext } from '../context.ts';
import { inProcessRunner, type BacktestRunner } from '../engine/runner.ts';
import { isTradingDomainError } from '../errors.ts';
import type { BacktestJobData } from '../queue.ts';
import { candlesCsv } from '../testing.ts';
import { getBacktest } from './get-backtest.ts';
import { importCandles } from './import-candles.ts';
import { listBacktests } from './list-backtests.ts';
import type { RequestBacktestInput } from './plan-backtest.ts';
import { requestBacktest } from './request-backtest.ts';
import { runBacktestJob, type BacktestJobContext, type BacktestJobResult, type BacktestTelemetry } from './run-backtest-job.ts';

/**
 * The backtest use cases on a real database. Instead of the outbox relay and the queue, the test
 * reads the committed BacktestRunRequested events of its tenant and calls the job handler itself:
 * each run, a sweep's ranking, a walk-forward's second stage, failures, progress and retries, step
 * by step and without timing.
 */

const trading = await startTradingTestDatabase();
after(trading.close);
const { db, admin } = trading;

type RunRequestedEvent = { id: string; aggregateId: string; payload: { backtestId: string; parentId: string | null } };

/** The tenant's committed BacktestRunRequested events, in outbox order. */
async function runEvents(tenantId: string): Promise<RunRequestedEvent[]> {
  const { rows } = await admin.query<RunRequestedEvent>(
    `select id, aggregate_id as "aggregateId", payload from trading.outbox where tenant_id = $1 and type = 'BacktestRunRequested' order by position`,
    [tenantId],
  );
  return rows;
}

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const candles = randomWalkCandles({ candles: 600, seed: 11, stepMs: HOUR, start: START, volatility: 0.02 });
const iso = (time: number) => new Date(time).toISOString();

type Harness = {
  ctx: TenantContext;
  finished: string[];
  jobContext: (runner?: BacktestRunner) => BacktestJobContext;
  /** The runs requested by committed events and not yet handled, in outbox order. */
  pending: () => Promise<BacktestJobData[]>;
  /** Handles one delivery, as worker-trading would (by default with the harness's job context). */
  handle: (job: BacktestJobData, ctx?: BacktestJobContext) => Promise<BacktestJobResult>;
  /** Handles every pending run, and those that handling them requests, until none is left. */
  drain: (runner?: BacktestRunner) => Promise<void>;
};

async function tenantWithCandles(): Promise<Harness> {
  const ctx: TenantContext = { db, clock: () => new Date(), traceId: undefined, tenantId: randomUUID(), actorId: randomUUID() };
  await importCandles({ ctx, input: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', csv: candlesCsv(candles) } });
  const handled = new Set<string>();
  const finished: string[] = [];
  const telemetry: BacktestTelemetry = { finished: (status) => finished.push(status) };
  const jobContext = (runner: BacktestRunner = inProcessRunner): BacktestJobContext => ({ ...ctx, runner, telemetry, progressIntervalMs: 1_000 });
  const pending = async () =>
    (await runEvents(ctx.tenantId)).filter((event) => !handled.has(event.id)).map((event) => ({ tenantId: ctx.tenantId, backtestId: event.payload.backtestId }));
  const handle = (job: BacktestJobData, jobCtx = jobContext()) => {
    handled.add(job.backtestId);
    return runBacktestJob({ ctx: jobCtx, input: job });
  };
  return {
    ctx,
    finished,
    jobContext,
    pending,
    handle,
    drain: async (runner) => {
      for (let jobs = await pending(); jobs.length > 0; jobs = await pending()) {
        for (const job of jobs) await handle(job, jobContext(runner));
      }
    },
  };
}

const request = (overrides: Partial<RequestBacktestInput> = {}): RequestBacktestInput => ({
  strategy: 'sma-crossover',
  parameters: { fast: 5, slow: 20 },
  exchange: 'binance',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  from: iso(START),
  to: iso(START + 600 * HOUR),
  initialCapital: '10000',
  fee: 0.001,
  slippage: 0.0005,
  ...overrides,
});

const direct = (parameters: Record<string, unknown>, from = START, to = START + 600 * HOUR, series: Candle[] = candles) =>
  runBacktest({
    series: candleSeries(series.filter((candle) => candle.time >= from && candle.time < to)),
    strategy: 'sma-crossover',
    parameters,
    initialCapital: 10_000,
    fee: 0.001,
    slippage: 0.0005,
    timeframe: '1h',
  });

test('a run goes queued → running → completed with the result runBacktest gives for the same candles; running it again changes nothing', async () => {
  const { ctx, finished, jobContext, pending, drain } = await tenantWithCandles();
  const requested = await requestBacktest({ ctx, input: request() });
  assert.equal(requested.status, 'queued');
  assert.deepEqual(await pending(), [{ tenantId: ctx.tenantId, backtestId: requested.id }]);
  assert.deepEqual(requested.progress, { processedCandles: 0, totalCandles: 600, percent: 0 });

  await drain();
  const done = await getBacktest({ ctx, input: { backtestId: requested.id } });
  assert.equal(done.status, 'completed');
  assert.deepEqual(done.result, direct({ fast: 5, slow: 20 }));
  assert.ok(done.result!.trades.length > 5, 'a result worth comparing');
  assert.deepEqual(done.progress, { processedCandles: 600, totalCandles: 600, percent: 100 });
  assert.deepEqual(finished, ['completed']);

  assert.deepEqual(await runBacktestJob({ ctx: jobContext(), input: { tenantId: ctx.tenantId, backtestId: requested.id } }), { status: 'skipped' });
  assert.deepEqual(await getBacktest({ ctx, input: { backtestId: requested.id } }), done);
});

test('progress is written while the simulation runs', async () => {
  const { ctx, jobContext, pending, handle } = await tenantWithCandles();
  let now = Date.now();
  const { id } = await requestBacktest({ ctx: { ...ctx, clock: () => new Date(now) }, input: request() });
  const observed: number[] = [];
  const slowRunner: BacktestRunner = async (runRequest, onProgress) => {
    now += 5_000;
    onProgress(250);
    observed.push(await waitFor(async () => (await getBacktest({ ctx, input: { backtestId: id } })).progress.processedCandles || undefined, { what: 'progress row' }));
    observed.push((await getBacktest({ ctx, input: { backtestId: id } })).status === 'running' ? 1 : 0);
    return inProcessRunner(runRequest, () => undefined);
  };
  const [job] = await pending();
  await handle(job!, { ...jobContext(slowRunner), clock: () => new Date(now) });
  assert.deepEqual(observed, [250, 1], 'progress 250/600 stored while the run was running');
  assert.equal((await getBacktest({ ctx, input: { backtestId: id } })).progress.percent, 100);
});

test('a sweep ranks its runs once the last one finishes; a failed run is listed after the ranked ones with its reason', async () => {
  const { ctx, finished, pending, handle, drain } = await tenantWithCandles();
  const sweep = await requestBacktest({ ctx, input: request({ parameters: {}, sweep: { fast: [3, 5, 8], slow: [20, 40] }, rankBy: 'totalReturn' }) });
  assert.equal(sweep.kind, 'sweep');
  assert.equal((await pending()).length, 6);
  assert.equal(sweep.progress.totalCandles, 6 * 600);

  const failing: BacktestRunner = async (runRequest, onProgress) => {
    if (runRequest.parameters['fast'] === 8 && runRequest.parameters['slow'] === 40) throw new Error('simulated engine failure');
    return inProcessRunner(runRequest, onProgress);
  };
  const [firstJob] = await pending();
  await handle(firstJob!, { ...ctx, runner: failing, telemetry: { finished: () => undefined }, progressIntervalMs: 1_000 });
  const midway = await getBacktest({ ctx, input: { backtestId: sweep.id } });
  assert.equal(midway.status, 'running');
  assert.equal(midway.ranking, null);
  assert.deepEqual(midway.progress, { processedCandles: 600, totalCandles: 3_600, percent: 16.67 });

  await drain(failing);
  const done = await getBacktest({ ctx, input: { backtestId: sweep.id } });
  assert.equal(done.status, 'completed');
  const ranking = done.ranking!;
  assert.equal(ranking.length, 6, 'one entry per grid point');
  assert.deepEqual(ranking.map((entry) => entry.rank), [1, 2, 3, 4, 5, null]);
  assert.deepEqual(ranking[5], { rank: null, backtestId: ranking[5]!.backtestId, parameters: { fast: 8, slow: 40, positionSize: 1 }, status: 'failed', metrics: null, error: 'simulated engine failure' });
  const expected = rankBacktests(
    [[3, 20], [3, 40], [5, 20], [5, 40], [8, 20]].map(([fast, slow]) => ({ parameters: { fast, slow, positionSize: 1 }, metrics: direct({ fast, slow }).metrics })),
    'totalReturn',
  );
  assert.deepEqual(ranking.slice(0, 5).map((entry) => ({ parameters: entry.parameters, metrics: entry.metrics })), expected);
  assert.deepEqual(finished.sort(), ['completed', 'completed', 'completed', 'completed', 'failed']);
  const failedRun = await getBacktest({ ctx, input: { backtestId: ranking[5]!.backtestId } });
  assert.equal(failedRun.status, 'failed');
  assert.equal(failedRun.error, 'simulated engine failure');
});

test('a sweep whose runs all fail fails, saying why', async () => {
  const { ctx, drain } = await tenantWithCandles();
  const sweep = await requestBacktest({ ctx, input: request({ sweep: { fast: [3, 5] } }) });
  await drain(async () => {
    throw new Error('no luck');
  });
  const done = await getBacktest({ ctx, input: { backtestId: sweep.id } });
  assert.equal(done.status, 'failed');
  assert.equal(done.error, 'Every run failed; the first: no luck');
});

test('a walk-forward picks the best in-sample parameters of each window, runs them out-of-sample, and chains the results', async () => {
  const { ctx, pending, drain } = await tenantWithCandles();
  const walk = await requestBacktest({ ctx, input: request({ parameters: { slow: 30 }, sweep: { fast: [3, 5, 10] }, walkForward: { windows: 3, inSampleRatio: 0.6 } }) });
  assert.equal(walk.kind, 'walk-forward');
  assert.equal((await pending()).length, 9, 'three in-sample runs per window, requested at once');
  assert.equal(walk.windows?.length, 3);
  await drain();

  const done = await getBacktest({ ctx, input: { backtestId: walk.id } });
  assert.equal(done.status, 'completed');
  const windows = done.windows!;
  assert.equal(windows.length, 3);
  const outOfSampleResults = [];
  for (const window of windows) {
    const candidates = [3, 5, 10].map((fast) => ({ parameters: { fast, slow: 30, positionSize: 1 }, metrics: direct({ fast, slow: 30 }, window.inSample.from, window.inSample.to).metrics }));
    const [best] = rankBacktests(candidates);
    assert.equal(window.candidates, 3);
    assert.deepEqual(window.chosenParameters, best!.parameters, `window ${window.index}: the best in-sample parameters by Sharpe`);
    assert.deepEqual(window.inSampleMetrics, best!.metrics);
    const outOfSample = direct(best!.parameters, window.outOfSample.from, window.outOfSample.to);
    assert.deepEqual(window.outOfSampleMetrics, outOfSample.metrics, `window ${window.index}: out-of-sample run of the chosen parameters`);
    const run = await getBacktest({ ctx, input: { backtestId: window.outOfSampleBacktestId! } });
    assert.equal(run.role, 'out-of-sample');
    assert.deepEqual(run.result, outOfSample);
    outOfSampleResults.push(outOfSample);
  }
  const growth = outOfSampleResults.reduce((total, result) => total * (1 + result.metrics.totalReturn), 1);
  assert.equal(done.aggregate?.windows, 3);
  assert.ok(Math.abs(done.aggregate!.totalReturn - (growth - 1)) < 1e-12);
  assert.equal(done.aggregate!.trades, outOfSampleResults.reduce((total, result) => total + result.metrics.trades, 0));
  assert.equal(done.progress.percent, 100);
});

test('the out-of-sample run and its event are committed in the settling transaction: when the event cannot be written, nothing of the settlement commits and the retry settles it', async () => {
  const { ctx, pending, handle } = await tenantWithCandles();
  const walk = await requestBacktest({ ctx, input: request({ walkForward: { windows: 1, inSampleRatio: 0.5 } }) });
  const [inSample] = await pending();
  const outOfSampleRuns = async () =>
    (await admin.query<{ id: string; status: string }>(`select id, status from trading.backtests where parent_id = $1 and role = 'out-of-sample'`, [walk.id])).rows;

  // The outbox refuses this tenant's events: the in-sample result and the out-of-sample row roll back with it.
  await admin.query(`create function trading.refuse_outbox() returns trigger language plpgsql as $$ begin raise exception 'outbox unavailable'; end $$`);
  await admin.query(`create trigger refuse_outbox before insert on trading.outbox for each row when (new.tenant_id = '${ctx.tenantId}') execute function trading.refuse_outbox()`);
  try {
    await assert.rejects(handle(inSample!), (error) => error instanceof Error && /outbox unavailable/.test(String(error.cause)));
  } finally {
    await admin.query('drop trigger refuse_outbox on trading.outbox; drop function trading.refuse_outbox()');
  }
  assert.deepEqual(await outOfSampleRuns(), []);
  assert.equal((await getBacktest({ ctx, input: { backtestId: inSample!.backtestId } })).status, 'running', 'the run is simulated again by the retry');
  assert.deepEqual(await pending(), []);

  assert.equal((await handle(inSample!)).status, 'completed', 'the retry of the job');
  const [outOfSample, ...others] = await outOfSampleRuns();
  assert.equal(others.length, 0);
  assert.equal(outOfSample?.status, 'queued');
  assert.deepEqual((await runEvents(ctx.tenantId)).slice(1), [{ id: outOfSample.id, aggregateId: outOfSample.id, payload: { backtestId: outOfSample.id, parentId: walk.id } }]);
  assert.deepEqual(await pending(), [{ tenantId: ctx.tenantId, backtestId: outOfSample.id }]);
  await handle((await pending())[0]!);
  assert.equal((await getBacktest({ ctx, input: { backtestId: walk.id } })).status, 'completed');
});

test('the request commits one BacktestRunRequested per run together with the rows, and none when it is refused', async () => {
  const { ctx } = await tenantWithCandles();
  await assert.rejects(
    requestBacktest({ ctx, input: request({ from: '2023-01-01T00:00:00Z', to: '2023-06-01T00:00:00Z' }) }),
    (error) => isTradingDomainError(error, 'no_candles') && error.errors[0]?.field === 'from',
  );
  await assert.rejects(requestBacktest({ ctx, input: request({ symbol: 'ETH/USDT' }) }), (error) => isTradingDomainError(error, 'no_candles'));
  assert.deepEqual(await runEvents(ctx.tenantId), []);
  assert.deepEqual((await listBacktests({ ctx, input: { limit: 10 } })).items, []);

  const sweep = await requestBacktest({ ctx, input: request({ parameters: { slow: 20 }, sweep: { fast: [3, 5] } }) });
  const runs = (await admin.query<{ id: string; status: string }>('select id, status from trading.backtests where parent_id = $1 order by id', [sweep.id])).rows;
  assert.deepEqual(runs.map((run) => run.status), ['queued', 'queued']);
  const events = await runEvents(ctx.tenantId);
  assert.deepEqual(
    events.sort((a, b) => a.id.localeCompare(b.id)),
    runs.map((run) => ({ id: run.id, aggregateId: run.id, payload: { backtestId: run.id, parentId: sweep.id } })),
    'one event per run, its id and aggregate the run itself, none for the parent',
  );
});

test("another tenant's backtest is not found", async () => {
  const owner = await tenantWithCandles();
  const other = await tenantWithCandles();
  const { id } = await requestBacktest({ ctx: owner.ctx, input: request() });
  await assert.rejects(getBacktest({ ctx: other.ctx, input: { backtestId: id } }), (error) => isTradingDomainError(error, 'not_found'));
  assert.deepEqual(await runBacktestJob({ ctx: other.jobContext(), input: { tenantId: other.ctx.tenantId, backtestId: id } }), { status: 'skipped' });
});
