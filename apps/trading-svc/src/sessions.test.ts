import { createPool, withTenant } from '@ai-service/db';
import { createJobs, queueCatalogue } from '@ai-service/jobs';
import { datastoreEnv, testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import { freePort, startServiceProcess, waitFor, type RunningProcess } from '@ai-service/testing';
import type { Candle } from '@ai-service/trading';
import { tickSchedulerId } from '@ai-service/trading-domain';
import { candlesCsv } from '@ai-service/trading-domain/testing';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { assertProblem, testUser, tradingTestWorld, uploadCandles, type Schemas, type TestTrading, type TestUser, type TestWorld } from './test-harness.ts';

/**
 * Strategy sessions end to end: deploy, status and stop through trading-svc's API, the state machine
 * run by a real worker-trading process on the queues, paper orders through the order saga, on
 * candles replayed from the store. One queue datastore (Redis when TEST_REDIS_URL is set, else
 * Postgres): the queue layer itself is covered on both by packages/jobs.
 */

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const WARMUP = 30;
const iso = (time: number) => new Date(time).toISOString();

/** Falling for the warm-up, then waves of `wave` candles up and down: an SMA 3/6 crossover enters on each rise and exits on each fall. */
function waveCandles(count: number, wave: number): Candle[] {
  const candles: Candle[] = [];
  let price = 100;
  for (let index = 0; index < count; index++) {
    const rising = index >= WARMUP && Math.floor((index - WARMUP) / wave) % 2 === 0;
    const next = price * (rising ? 1.01 : 0.99);
    candles.push({ time: START + index * HOUR, open: price, high: Math.max(price, next) * 1.001, low: Math.min(price, next) * 0.999, close: next, volume: 10 });
    price = next;
  }
  return candles;
}

const world: TestWorld = await tradingTestWorld();
const store = testDatastores(world.database.url).at(-1)!;
const env = datastoreEnv(store);
const pool = createPool({ url: world.database.url, max: 2 });
const db = drizzle(pool);
let trading: TestTrading;

before(async () => {
  trading = await world.start(env);
});
after(async () => {
  await pool.end();
  await store.cleanup();
  await world.close();
});

async function startWorker(): Promise<RunningProcess & { url: string }> {
  const port = await freePort();
  return startServiceProcess('worker-trading', port, {
    DATABASE_URL: world.database.url,
    WORKER_TRADING_PORT: String(port),
    SESSION_REPLAY_TICK_MS: '150',
    // A killed worker's active job is handed over soon after its restart.
    JOBS_LOCK_DURATION_MS: '2000',
    ...env,
  });
}

async function userWithCandles(candles: Candle[], perms?: string[]): Promise<TestUser> {
  const user = await testUser(world.issuer, perms);
  const upload = await uploadCandles(trading.url, user, candlesCsv(candles));
  assert.equal(upload.status, 201, JSON.stringify(upload.body));
  return user;
}

const deployRequest = (replayCandles: number, overrides: Partial<Schemas['SessionDeployRequest']> = {}): Schemas['SessionDeployRequest'] => ({
  strategy: 'sma-crossover',
  parameters: { fast: 3, slow: 6 },
  exchange: 'binance',
  symbols: ['BTC/USDT'],
  timeframe: '1h',
  mode: 'paper',
  capital: '10000',
  replay: { from: iso(START + WARMUP * HOUR), to: iso(START + (WARMUP + replayCandles) * HOUR) },
  ...overrides,
});

async function status(user: TestUser, sessionId: string): Promise<Schemas['SessionStatus']> {
  const result = await trading.client.GET('/v1/trading/status/{sessionId}', { params: { path: { sessionId } }, ...user.auth });
  assert.equal(result.response.status, 200, JSON.stringify(result.error));
  return result.data!;
}

const statusWhen = (user: TestUser, sessionId: string, what: string, done: (session: Schemas['SessionStatus']) => boolean, timeoutMs = 60_000) =>
  waitFor(
    async () => {
      const session = await status(user, sessionId);
      return done(session) ? session : undefined;
    },
    { timeoutMs, what },
  );

type OrderCounts = { orders: number; filled: number; failed: number; paperOrders: number; distinctClientIds: number };

/** The session's orders in the saga and at the paper exchange (its account is the session id). */
async function orderCounts(tenantId: string, sessionId: string): Promise<OrderCounts> {
  return withTenant(db, tenantId, async (tx) => {
    const saga = await tx.execute<{ orders: number; filled: number; failed: number }>(sql`
      select count(*)::int as orders, count(*) filter (where saga_state = 'filled')::int as filled, count(*) filter (where saga_state = 'failed')::int as failed
        from trading.orders where session_id = ${sessionId}`);
    const paper = await tx.execute<{ paper_orders: number; distinct_client_ids: number }>(
      sql`select count(*)::int as paper_orders, count(distinct client_order_id)::int as distinct_client_ids from trading.paper_orders where account = ${sessionId}`,
    );
    return { ...saga.rows[0]!, paperOrders: paper.rows[0]!.paper_orders, distinctClientIds: paper.rows[0]!.distinct_client_ids };
  });
}

async function stateEvents(tenantId: string, sessionId: string): Promise<Array<{ from: string; to: string; reason: string | null }>> {
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.execute<{ payload: { from: string; to: string; reason: string | null } }>(
      sql`select payload from trading.outbox where type = 'StrategyStateChanged' and aggregate_id = ${sessionId} order by position`,
    );
    return result.rows.map(({ payload }) => ({ from: payload.from, to: payload.to, reason: payload.reason }));
  });
}

test('deploy → Analyzing → Preparing → Live, paper orders filled by the saga on replayed candles, Live ⇄ Monitoring, stop → Stopped; a second stop is 409', async () => {
  const worker = await startWorker();
  try {
    const user = await userWithCandles(waveCandles(WARMUP + 40, 6));
    const deployed = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(40), ...user.auth });
    assert.equal(deployed.response.status, 202, JSON.stringify(deployed.error));
    const sessionId = deployed.data!.id;
    assert.equal(deployed.response.headers.get('location'), `/v1/trading/status/${sessionId}`);
    assert.equal(deployed.data!.state, 'Idle');
    assert.equal(deployed.data!.quoteAsset, 'USDT');
    assert.equal(deployed.data!.priceSource, 'replay');
    assert.deepEqual(deployed.data!.parameters, { fast: 3, slow: 6, positionSize: 1 }, 'defaults filled');

    // A full wave: in a position (Monitoring) and flat again (Live) after it.
    const traded = await statusWhen(user, sessionId, 'a position opened and closed', (session) =>
      session.transitions.some((transition) => transition.from === 'Monitoring' && transition.to === 'Live'),
    );
    assert.deepEqual(
      traded.transitions.slice(0, 5).map((transition) => [transition.from, transition.to]),
      [
        [null, 'Idle'],
        ['Idle', 'Analyzing'],
        ['Analyzing', 'Preparing'],
        ['Preparing', 'Live'],
        ['Live', 'Monitoring'],
      ],
    );
    assert.equal(traded.transitions[2]!.reason, `warmed up on ${WARMUP} candles`);
    assert.ok(traded.lastTickAt && traded.lastCandleTime && traded.ticks > 0);
    const counts = await orderCounts(user.tenantId, sessionId);
    assert.ok(counts.filled >= 2, `a buy and a sell filled: ${JSON.stringify(counts)}`);
    assert.equal(counts.distinctClientIds, counts.paperOrders, 'one paper order per client order id');
    assert.ok(Number(traded.pnl.fees) > 0, 'fees are counted in the PnL');
    const whileLive = (await (await fetch(`${worker.url}/metrics`)).text()).split('\n');
    assert.ok(whileLive.includes('strategies_live{mode="paper",service="worker-trading"} 1'), 'the session counts as live');

    const stopped = await trading.client.POST('/v1/trading/stop/{sessionId}', { params: { path: { sessionId } }, ...user.auth });
    assert.equal(stopped.response.status, 202, JSON.stringify(stopped.error));
    assert.ok(stopped.data!.stopRequestedAt);
    const final = await statusWhen(user, sessionId, 'Stopped', (session) => session.state === 'Stopped');
    assert.equal(final.transitions.at(-1)!.reason, 'stopped on request');
    const ticks = final.ticks;
    // Its account (its exchange, paper) holds this one session: the same positions and PnL, per quote asset.
    const accounts = await trading.client.GET('/v1/trading/accounts', user.auth);
    assert.equal(accounts.response.status, 200, JSON.stringify(accounts.error));
    const [account] = accounts.data!.items;
    assert.deepEqual({ exchange: account?.exchange, mode: account?.mode, sessions: account?.sessions }, { exchange: final.exchange, mode: 'paper', sessions: 1 });
    assert.deepEqual(account?.pnl, [{ asset: final.quoteAsset, ...final.pnl }]);
    assert.deepEqual(account?.positions.map((position) => [position.symbol, position.quantity, position.pnl]), final.positions.map((position) => [position.symbol, position.quantity, position.pnl]));

    const again = await trading.client.POST('/v1/trading/stop/{sessionId}', { params: { path: { sessionId } }, ...user.auth });
    assertProblem(again, 409, 'INVALID_TRANSITION');

    // Every transition is a StrategyStateChanged event in the outbox, with its reason.
    const events = await stateEvents(user.tenantId, sessionId);
    assert.deepEqual(
      events,
      final.transitions.slice(1).map((transition) => ({ from: transition.from, to: transition.to, reason: transition.reason })),
    );

    const listed = await trading.client.GET('/v1/trading/sessions', { params: { query: { state: 'Stopped' } }, ...user.auth });
    assert.deepEqual(listed.data?.items.map((item) => item.id), [sessionId]);
    const live = await trading.client.GET('/v1/trading/sessions', { params: { query: { state: 'Live' } }, ...user.auth });
    assert.deepEqual(live.data?.items, []);

    // An unrecoverable error (an exchange CCXT does not know) moves a session to Error with the reason.
    const liveUser = await testUser(world.issuer, ['trading:read', 'trading:trade', 'trading:live'], user.tenantId);
    const doomed = await trading.client.POST('/v1/trading/deploy', {
      body: deployRequest(0, { exchange: 'nosuchexchange', mode: 'live', confirmLive: true, replay: undefined }),
      ...liveUser.auth,
    });
    assert.equal(doomed.response.status, 202, JSON.stringify(doomed.error));
    const failed = await statusWhen(user, doomed.data!.id, 'Error', (session) => session.state === 'Error');
    assert.match(failed.stateReason ?? '', /nosuchexchange/);
    assert.deepEqual(failed.transitions.at(-1), { ...failed.transitions.at(-1)!, from: 'Analyzing', to: 'Error', reason: failed.stateReason });
    assert.deepEqual((await stateEvents(user.tenantId, doomed.data!.id)).at(-1), { from: 'Analyzing', to: 'Error', reason: failed.stateReason });

    const metrics = (await (await fetch(`${worker.url}/metrics`)).text()).split('\n');
    assert.ok(metrics.includes('strategies_live{mode="paper",service="worker-trading"} 0'), 'the stopped session no longer counts');
    assert.ok(metrics.includes('pnl_estimated{service="worker-trading"} 0'), 'nor does its PnL');
    // Stopped: no more ticks (its scheduler is gone).
    assert.equal((await status(user, sessionId)).ticks, ticks);
  } finally {
    const exit = await worker.stop();
    assert.equal(exit.code, 0, worker.output());
  }
});

test('a worker killed (SIGKILL) while Live: after a restart the session is reconciled and ticks on, without a duplicated order', async () => {
  let worker = await startWorker();
  try {
    const user = await userWithCandles(waveCandles(WARMUP + 200, 4));
    const deployed = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(200), ...user.auth });
    assert.equal(deployed.response.status, 202, JSON.stringify(deployed.error));
    const sessionId = deployed.data!.id;
    await waitFor(async () => ((await orderCounts(user.tenantId, sessionId)).orders >= 2 ? true : undefined), { timeoutMs: 60_000, what: 'two orders requested' });

    await worker.stop('SIGKILL');
    const before = await status(user, sessionId);
    assert.ok(before.state === 'Live' || before.state === 'Monitoring', before.state);
    // The session's state lives in Postgres: even with its tick schedule lost (a queue datastore
    // restarted without persistence), the restarted worker resumes it from the row.
    const producer = createJobs({ datastore: store.datastore, ...(store.prefix ? { prefix: store.prefix } : {}), queues: { trading: queueCatalogue.trading }, logger: createLogger({ service: 'sessions-test', level: 'silent' }), registry: new Registry(), reportDepth: false });
    try {
      assert.equal(await producer.unschedule('trading', tickSchedulerId(sessionId)), true, 'the killed worker had scheduled the ticks');
    } finally {
      await producer.close();
    }

    worker = await startWorker();
    const resumed = await statusWhen(user, sessionId, 'ticks after the restart', (session) => session.ticks >= before.ticks + 10);
    assert.ok(resumed.state === 'Live' || resumed.state === 'Monitoring', resumed.state);
    assert.ok(!resumed.transitions.some((transition) => transition.to === 'Error'), JSON.stringify(resumed.transitions));
    assert.match(worker.output(), /"resumed":1/, 'the boot sweep reconciled and rescheduled the session');

    const stopped = await trading.client.POST('/v1/trading/stop/{sessionId}', { params: { path: { sessionId } }, ...user.auth });
    assert.equal(stopped.response.status, 202);
    await statusWhen(user, sessionId, 'Stopped', (session) => session.state === 'Stopped');
    const counts = await waitFor(
      async () => {
        const current = await orderCounts(user.tenantId, sessionId);
        return current.orders > 0 && current.orders === current.filled + current.failed ? current : undefined;
      },
      { what: 'every order settled' },
    );
    assert.equal(counts.paperOrders, counts.filled, `each filled order placed once: ${JSON.stringify(counts)}`);
    assert.equal(counts.distinctClientIds, counts.paperOrders, `no client order id placed twice: ${JSON.stringify(counts)}`);
    const perCandle = await withTenant(db, user.tenantId, (tx) =>
      tx.execute<{ n: number }>(sql`select count(*)::int as n from trading.orders where session_id = ${sessionId} group by id having count(*) > 1`),
    );
    assert.equal(perCandle.rows.length, 0);
  } finally {
    const exit = await worker.stop();
    assert.equal(exit.code, 0, worker.output());
  }
});

test('live money needs trading:live and confirmLive: true; a replay is for paper sessions', async () => {
  const candles = waveCandles(WARMUP + 10, 4);
  const trader = await userWithCandles(candles);
  const refused = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10, { mode: 'live', replay: undefined, confirmLive: true }), ...trader.auth });
  const forbidden = assertProblem(refused, 403, 'FORBIDDEN');
  assert.match(String(forbidden['detail']), /trading:live/);

  const liveUser = await testUser(world.issuer, ['trading:read', 'trading:trade', 'trading:live'], trader.tenantId);
  const unconfirmed = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10, { mode: 'live', replay: undefined }), ...liveUser.auth });
  const problem = assertProblem(unconfirmed, 400, 'INVALID_INPUT');
  assert.deepEqual((problem['errors'] as Array<{ field: string }>).map((error) => error.field), ['confirmLive']);
  const replayed = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10, { mode: 'live', confirmLive: true }), ...liveUser.auth });
  assert.equal((assertProblem(replayed, 400, 'INVALID_INPUT')['errors'] as Array<{ field: string }>)[0]!.field, 'replay');

  const typed = await fetch(`${trading.url}/v1/trading/deploy`, {
    method: 'POST',
    headers: { ...liveUser.auth.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ ...deployRequest(10), capital: 10000 }),
  });
  assert.equal(typed.status, 400);
  assert.match(JSON.stringify(await typed.json()), /capital/);

  const badParameters = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10, { parameters: { fast: 9, slow: 3 } }), ...trader.auth });
  assert.equal((assertProblem(badParameters, 422, 'INVALID_PARAMETERS')['errors'] as Array<{ field: string }>)[0]!.field, 'fast');
  const noCandles = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10, { symbols: ['ETH/USDT'] }), ...trader.auth });
  assertProblem(noCandles, 422, 'NO_CANDLES');
  const mixedQuotes = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10, { symbols: ['BTC/USDT', 'ETH/BTC'] }), ...trader.auth });
  assert.equal((assertProblem(mixedQuotes, 400, 'INVALID_INPUT')['errors'] as Array<{ field: string }>)[0]!.field, 'symbols');

  const listed = await trading.client.GET('/v1/trading/sessions', trader.auth);
  assert.deepEqual(listed.data?.items, [], 'nothing refused was recorded');
});

test('a live session on the exchange\'s sandbox needs neither trading:live nor confirmLive; sandbox is for live sessions', async () => {
  const trader = await userWithCandles(waveCandles(WARMUP + 10, 4));
  const paper = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10, { sandbox: true }), ...trader.auth });
  assert.deepEqual((assertProblem(paper, 400, 'INVALID_INPUT')['errors'] as Array<{ field: string }>).map((error) => error.field), ['sandbox']);
  const sandboxed = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10, { mode: 'live', replay: undefined, sandbox: true }), ...trader.auth });
  assert.equal(sandboxed.response.status, 202, JSON.stringify(sandboxed.error));
  assert.equal(sandboxed.data?.mode, 'live');
  assert.equal((await status(trader, sandboxed.data!.id)).sandbox, true);
  const paperSession = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10), ...trader.auth });
  assert.equal(paperSession.data?.sandbox, false);
  // One exchange, two accounts: its sandbox and paper trading.
  const accounts = await trading.client.GET('/v1/trading/accounts', trader.auth);
  assert.deepEqual(accounts.data?.items.map((account) => `${account.exchange} ${account.mode} ${account.sessions}`).sort(), [
    `${paperSession.data?.exchange} paper 1`,
    `${sandboxed.data?.exchange} sandbox 1`,
  ]);
});

test('sessions are the tenant’s own; deploying and stopping need trading:trade, reading trading:read', async () => {
  const owner = await userWithCandles(waveCandles(WARMUP + 10, 4));
  const deployed = await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10), ...owner.auth });
  assert.equal(deployed.response.status, 202, JSON.stringify(deployed.error));
  const sessionId = deployed.data!.id;
  const path = { params: { path: { sessionId } } };

  const stranger = await testUser(world.issuer);
  assertProblem(await trading.client.GET('/v1/trading/status/{sessionId}', { ...path, ...stranger.auth }), 404);
  assertProblem(await trading.client.POST('/v1/trading/stop/{sessionId}', { ...path, ...stranger.auth }), 404);
  assert.deepEqual((await trading.client.GET('/v1/trading/sessions', stranger.auth)).data?.items, []);
  assert.deepEqual((await trading.client.GET('/v1/trading/accounts', stranger.auth)).data?.items, []);

  const reader = await testUser(world.issuer, ['trading:read'], owner.tenantId);
  assert.equal((await trading.client.GET('/v1/trading/status/{sessionId}', { ...path, ...reader.auth })).data?.id, sessionId);
  assert.deepEqual((await trading.client.GET('/v1/trading/sessions', reader.auth)).data?.items.map((item) => item.id), [sessionId]);
  assertProblem(await trading.client.POST('/v1/trading/stop/{sessionId}', { ...path, ...reader.auth }), 403);
  assertProblem(await trading.client.POST('/v1/trading/deploy', { body: deployRequest(10), ...reader.auth }), 403);
  assertProblem(await trading.client.GET('/v1/trading/sessions', {}), 401);
  assertProblem(await trading.client.GET('/v1/trading/accounts', {}), 401);
  assert.deepEqual((await trading.client.GET('/v1/trading/accounts', reader.auth)).data?.items, [
    { exchange: deployed.data!.exchange, mode: 'paper', sessions: 1, positions: [], pnl: [] },
  ]);
  assertProblem(await trading.client.GET('/v1/trading/status/{sessionId}', { params: { path: { sessionId: randomUUID() } }, ...owner.auth }), 404);

  const paged = await trading.client.GET('/v1/trading/sessions', { params: { query: { limit: 1, state: 'Idle' } }, ...owner.auth });
  assert.deepEqual(paged.data, { items: [deployed.data], nextCursor: null });
});
