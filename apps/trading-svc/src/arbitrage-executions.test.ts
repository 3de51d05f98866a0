import { createPool, runtimeRoleFor } from '@ai-service/db';
import { datastoreEnv, testDatastores } from '@ai-service/jobs/testing';
import { freePort, startServiceProcess, waitFor, type RunningProcess } from '@ai-service/testing';
import { arbitrageWorld, type LegSetup } from '@ai-service/trading-domain/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { assertProblem, testUser, tradingTestWorld, type Schemas, type TestTrading, type TestUser, type TestWorld } from './test-harness.ts';

/**
 * Two-leg arbitrage executions through the API, driven by a real worker-trading process: the
 * order saga fills paper orders (replay sessions, filled at their last close), the relay delivers
 * OrderFilled / OrderFailed to the worker's consumer, which requests the next leg. The state
 * machine's every branch is tested below the service (packages/trading-domain/src/arbitrage/executions/).
 */

const world: TestWorld = await tradingTestWorld();
const store = testDatastores(world.database.url).at(-1)!;
const env = datastoreEnv(store);
let trading: TestTrading;
let pool: ReturnType<typeof createPool>;
let worker: (RunningProcess & { url: string }) | undefined;

before(async () => {
  trading = await world.start(env);
  // After trading-svc migrated: the runtime role exists.
  pool = createPool({ url: world.database.url, max: 4, role: runtimeRoleFor('trading') });
});
after(async () => {
  await worker?.stop();
  await pool.end();
  await world.close();
  await store.cleanup();
});

const CHEAP: LegSetup = { exchange: 'binance', price: '50000', funds: { USDT: '10000' }, replay: true };
const DEAR: LegSetup = { exchange: 'kraken', price: '50500', funds: { BTC: '1' }, replay: true };

/** A user of a new tenant and that tenant's paper sessions on binance (cheap) and kraken (dear). */
async function userWithSessions(legs: { cheap?: Partial<LegSetup>; dear?: Partial<LegSetup> } = {}, perms?: string[]) {
  const user = await testUser(world.issuer, perms);
  const { sessions } = await arbitrageWorld(drizzle(pool), { cheap: { ...CHEAP, ...legs.cheap }, dear: { ...DEAR, ...legs.dear } }, { tenantId: user.tenantId });
  return { user, sessions };
}

const body = (sessions: { cheap: string; dear: string }, overrides: Record<string, unknown> = {}) => ({
  symbol: 'BTC/USDT',
  buyExchange: 'binance',
  sellExchange: 'kraken',
  quantity: '0.1',
  buySessionId: sessions.cheap,
  sellSessionId: sessions.dear,
  ...overrides,
});

const execute = (user: TestUser, request: Record<string, unknown>) => trading.client.POST('/v1/trading/arbitrage/executions', { body: request as Schemas['ArbitrageExecutionRequest'], ...user.auth });
const read = (user: TestUser, executionId: string) => trading.client.GET('/v1/trading/arbitrage/executions/{executionId}', { params: { path: { executionId } }, ...user.auth });

const FINAL = new Set(['completed', 'failed', 'unwound', 'unwind_failed']);
const finished = (user: TestUser, executionId: string) =>
  waitFor(
    async () => {
      const { data } = await read(user, executionId);
      return data && FINAL.has(data.state) ? data : undefined;
    },
    { what: `execution ${executionId} finished` },
  );

test('end to end: both legs fill (completed, net of both fees); a sell its session cannot fund is unwound; a client id repeats nothing', async () => {
  const port = await freePort();
  worker = await startServiceProcess('worker-trading', port, { DATABASE_URL: world.database.url, WORKER_TRADING_PORT: String(port), ...env });

  const { user, sessions } = await userWithSessions();
  const accepted = await execute(user, body(sessions, { clientId: 'e2e-1' }));
  assert.equal(accepted.response.status, 202, JSON.stringify(accepted.error));
  assert.equal(accepted.response.headers.get('location'), `/v1/trading/arbitrage/executions/${accepted.data!.id}`);
  assert.equal(accepted.data?.state, 'first_leg_placed');
  const done = await finished(user, accepted.data!.id);
  assert.equal(done.state, 'completed', done.stateReason ?? '');
  assert.equal(done.realizedPnl, '39.95');
  assert.equal(done.realizedSpread, '0.00799');
  assert.deepEqual([done.legs.buy?.state, done.legs.buy?.averagePrice, done.legs.sell?.state, done.legs.sell?.averagePrice, done.legs.unwind], ['filled', '50000', 'filled', '50500', null]);
  assert.deepEqual(done.transitions.map((move) => move.to), ['first_leg_placed', 'second_leg_placed', 'completed']);

  const repeated = await execute(user, body(sessions, { clientId: 'e2e-1' }));
  assert.equal(repeated.response.status, 202);
  assert.equal(repeated.data?.id, done.id, 'the same client id returns the first execution');
  assert.equal(repeated.data?.state, 'completed');

  const short = await userWithSessions({ dear: { funds: { BTC: '0.05' } } });
  const unwinding = await execute(short.user, body(short.sessions));
  assert.equal(unwinding.response.status, 202, JSON.stringify(unwinding.error));
  const unwound = await finished(short.user, unwinding.data!.id);
  assert.equal(unwound.state, 'unwound', unwound.stateReason ?? '');
  assert.equal(unwound.realizedPnl, '-10');
  assert.deepEqual([unwound.legs.sell?.state, unwound.legs.sell?.failureReason, unwound.legs.unwind?.state, unwound.legs.unwind?.sessionId], ['failed', 'rejected', 'filled', short.sessions.cheap]);

  const page = await trading.client.GET('/v1/trading/arbitrage/executions', { params: { query: { limit: 5 } }, ...user.auth });
  assert.deepEqual(page.data?.items.map((item) => item.id), [done.id], 'each tenant lists its own');
});

test('refused as problem+json naming the field: malformed requests, sessions of another tenant, live money without trading:live or confirmLive', async () => {
  const { user, sessions } = await userWithSessions();
  const fieldOf = (problem: Record<string, unknown>) => JSON.stringify(problem['errors'] ?? problem);
  assert.match(fieldOf(assertProblem(await execute(user, body(sessions, { quantity: 'lots' })), 400)), /quantity/);
  assert.match(fieldOf(assertProblem(await execute(user, body(sessions, { quantity: '0' })), 400, 'INVALID_INPUT')), /quantity/);
  assert.match(fieldOf(assertProblem(await execute(user, body(sessions, { buySessionId: 'nope' })), 400)), /buySessionId/);
  assert.match(fieldOf(assertProblem(await execute(user, body(sessions, { symbol: undefined })), 400, 'INVALID_INPUT')), /symbol/);
  assert.match(fieldOf(assertProblem(await execute(user, body(sessions, { sellExchange: 'binance' })), 400, 'INVALID_INPUT')), /sellExchange/);
  assert.match(fieldOf(assertProblem(await execute(user, body(sessions, { buyExchange: 'kraken', sellExchange: 'binance' })), 400, 'INVALID_INPUT')), /buySessionId/);
  assert.match(fieldOf(assertProblem(await execute(user, body(sessions, { surprise: 1 })), 400)), /surprise/);
  assert.match(fieldOf(assertProblem(await execute(user, body(sessions, { opportunityId: randomUUID(), symbol: undefined })), 404, 'NOT_FOUND')), /opportunityId/);

  const other = await userWithSessions();
  assert.match(fieldOf(assertProblem(await execute(user, body(sessions, { sellSessionId: other.sessions.dear })), 404, 'NOT_FOUND')), /sellSessionId/);

  const live = await userWithSessions({ cheap: { mode: 'live' }, dear: { mode: 'live' } });
  assertProblem(await execute(live.user, body(live.sessions, { confirmLive: true })), 403, 'FORBIDDEN');
  const liveUser = await testUser(world.issuer, ['trading:read', 'trading:trade', 'trading:live'], live.user.tenantId);
  assert.match(fieldOf(assertProblem(await execute(liveUser, body(live.sessions)), 400, 'INVALID_INPUT')), /confirmLive/);

  const reader = await testUser(world.issuer, ['trading:read'], user.tenantId);
  assertProblem(await execute(reader, body(sessions)), 403);
  const empty = await trading.client.GET('/v1/trading/arbitrage/executions', { params: { query: {} }, ...user.auth });
  assert.deepEqual(empty.data, { items: [], nextCursor: null }, 'nothing refused was recorded');
});

test('reading: another tenant\'s execution is 404, a bad cursor 400, pages newest first', async () => {
  const { user, sessions } = await userWithSessions();
  const ids: string[] = [];
  for (let index = 0; index < 3; index++) ids.push((await execute(user, body(sessions))).data!.id);
  const stranger = await testUser(world.issuer);
  assertProblem(await read(stranger, ids[0]!), 404, 'NOT_FOUND');
  assertProblem(await read(user, 'not-a-uuid'), 400);

  const first = await trading.client.GET('/v1/trading/arbitrage/executions', { params: { query: { limit: 2 } }, ...user.auth });
  const second = await trading.client.GET('/v1/trading/arbitrage/executions', { params: { query: { limit: 2, cursor: first.data!.nextCursor! } }, ...user.auth });
  const listed = [...first.data!.items, ...second.data!.items];
  assert.deepEqual(listed.map((item) => item.id).sort(), [...ids].sort());
  // Newest first; within one millisecond, by id descending.
  const key = (item: Schemas['ArbitrageExecution']) => `${item.createdAt}|${item.id}`;
  assert.deepEqual(listed.map(key), listed.map(key).sort().reverse());
  assert.equal(second.data?.nextCursor, null);
  assertProblem(await trading.client.GET('/v1/trading/arbitrage/executions', { params: { query: { cursor: 'bogus' } }, ...user.auth }), 400, 'INVALID_CURSOR');
});

test('a watch may auto-execute through named sessions: shown on the watch; refused naming the field when they do not qualify', async () => {
  const { user, sessions } = await userWithSessions();
  const watch = (autoExecute: unknown, who: TestUser = user) =>
    trading.client.POST('/v1/trading/arbitrage/watches', { body: { symbol: 'BTC/USDT', exchanges: ['binance', 'kraken'], threshold: '0.001', enabled: false, autoExecute } as never, ...who.auth });
  const named = { binance: sessions.cheap, kraken: sessions.dear };
  const created = await watch({ sessions: named, maxQuantity: '0.010' });
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  assert.deepEqual(created.data?.autoExecute, { sessions: named, maxQuantity: '0.01' });
  const off = await trading.client.PATCH('/v1/trading/arbitrage/watches/{watchId}', { params: { path: { watchId: created.data!.id } }, body: { autoExecute: null }, ...user.auth });
  assert.equal(off.data?.autoExecute, null);

  const fieldOf = (problem: Record<string, unknown>) => JSON.stringify(problem['errors'] ?? problem);
  assert.match(fieldOf(assertProblem(await watch({ sessions: named, maxQuantity: 'lots' }), 400)), /maxQuantity/);
  assert.match(fieldOf(assertProblem(await watch({ sessions: named, maxQuantity: '0' }), 400, 'INVALID_INPUT')), /autoExecute\.maxQuantity/);
  assert.match(fieldOf(assertProblem(await watch({ sessions: { binance: sessions.dear, kraken: sessions.cheap }, maxQuantity: '1' }), 400, 'INVALID_INPUT')), /autoExecute\.sessions\.binance/);
  const other = await userWithSessions();
  assert.match(fieldOf(assertProblem(await watch({ sessions: { ...named, kraken: other.sessions.dear }, maxQuantity: '1' }), 404, 'NOT_FOUND')), /autoExecute\.sessions\.kraken/);

  const live = await userWithSessions({ cheap: { mode: 'live' }, dear: { mode: 'live' } });
  const liveNamed = { binance: live.sessions.cheap, kraken: live.sessions.dear };
  assertProblem(await watch({ sessions: liveNamed, maxQuantity: '1', confirmLive: true }, live.user), 403, 'FORBIDDEN');
  const liveUser = await testUser(world.issuer, ['trading:read', 'trading:trade', 'trading:live'], live.user.tenantId);
  assert.match(fieldOf(assertProblem(await watch({ sessions: liveNamed, maxQuantity: '1' }, liveUser), 400, 'INVALID_INPUT')), /autoExecute\.confirmLive/);
  assert.equal((await watch({ sessions: liveNamed, maxQuantity: '1', confirmLive: true }, liveUser)).response.status, 201);
});
