import { createJobs, queueCatalogue, type Jobs } from '@ai-service/jobs';
import { datastoreEnv, testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import { SCAN_ARBITRAGE_JOB, watchSchedulerId } from '@ai-service/trading-domain';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { assertProblem, testUser, tradingTestWorld, type TestTrading, type TestUser, type TestWorld } from './test-harness.ts';

/**
 * Arbitrage watches through the API: CRUD, validation, tenancy, permissions, and each watch's job
 * scheduler on the `trading` queue (read back from the queue datastore). The scans themselves are
 * worker-trading's (apps/worker-trading/src/arbitrage-watches.test.ts).
 */

const world: TestWorld = await tradingTestWorld();
const store = testDatastores(world.database.url).at(-1)!;
let trading: TestTrading;
let producer: Jobs;
before(async () => {
  trading = await world.start(datastoreEnv(store));
  producer = createJobs({
    datastore: store.datastore,
    ...(store.prefix ? { prefix: store.prefix } : {}),
    queues: { trading: queueCatalogue.trading },
    logger: createLogger({ service: 'watches-test', level: 'silent' }),
    registry: new Registry(),
    reportDepth: false,
  });
});
after(async () => {
  await producer?.close();
  await world.close();
  await store.cleanup();
});

const scheduler = (watchId: string) => producer.bullQueues().find((queue) => queue.name === 'trading')!.getJobScheduler(watchSchedulerId(watchId));

const request = { symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '0.0005' };

const create = (user: TestUser, body: Record<string, unknown> = request) => trading.client.POST('/v1/trading/arbitrage/watches', { body: body as never, ...user.auth });
const path = (watchId: string) => ({ params: { path: { watchId } } });

test('a watch is created with its defaults and scheduled; changed, re-timed, disabled (unscheduled), re-enabled and deleted (unscheduled)', async () => {
  const user = await testUser(world.issuer);
  const created = await create(user);
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  const watch = created.data!;
  assert.deepEqual({ ...watch, id: undefined, createdAt: undefined, updatedAt: undefined }, {
    id: undefined,
    symbol: 'BTC/USDT',
    exchanges: ['binance', 'binanceus'],
    threshold: '0.0005',
    intervalSeconds: 60,
    enabled: true,
    lastScanAt: null,
    lastError: null,
    autoExecute: null,
    createdAt: undefined,
    updatedAt: undefined,
  });
  const scheduled = await scheduler(watch.id);
  assert.equal(scheduled?.name, SCAN_ARBITRAGE_JOB);
  assert.equal(Number(scheduled?.every), 60_000);
  assert.deepEqual(scheduled?.template?.data, { tenantId: user.tenantId, watchId: watch.id });

  const retimed = await trading.client.PATCH('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), body: { intervalSeconds: 15, threshold: '0.001000' }, ...user.auth });
  assert.equal(retimed.response.status, 200, JSON.stringify(retimed.error));
  assert.deepEqual([retimed.data?.intervalSeconds, retimed.data?.threshold], [15, '0.001']);
  assert.equal(Number((await scheduler(watch.id))?.every), 15_000, 'the scheduler follows the interval');

  const disabled = await trading.client.PATCH('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), body: { enabled: false }, ...user.auth });
  assert.equal(disabled.data?.enabled, false);
  assert.equal(await scheduler(watch.id), undefined, 'disabling removes the scheduler');
  const enabled = await trading.client.PATCH('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), body: { enabled: true }, ...user.auth });
  assert.equal(enabled.data?.enabled, true);
  assert.equal(Number((await scheduler(watch.id))?.every), 15_000, 'enabling creates it again');

  const read = await trading.client.GET('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), ...user.auth });
  assert.deepEqual(read.data, enabled.data);
  assert.deepEqual((await trading.client.GET('/v1/trading/arbitrage/watches', user.auth)).data, { items: [enabled.data] });

  const deleted = await trading.client.DELETE('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), ...user.auth });
  assert.equal(deleted.response.status, 204);
  assert.equal(await scheduler(watch.id), undefined, 'deleting removes the scheduler');
  assertProblem(await trading.client.GET('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), ...user.auth }), 404);
  assertProblem(await trading.client.DELETE('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), ...user.auth }), 404);

  const off = await create(user, { ...request, enabled: false, intervalSeconds: 10 });
  assert.equal(off.response.status, 201, JSON.stringify(off.error));
  assert.equal(await scheduler(off.data!.id), undefined, 'a watch created disabled has no scheduler');
});

test('bad watches are 4xx naming the field, and nothing is recorded', async () => {
  const user = await testUser(world.issuer);
  const fieldOf = (problem: Record<string, unknown>) => JSON.stringify(problem);
  assert.match(fieldOf(assertProblem(await create(user, { ...request, exchanges: ['binance'] }), 400)), /exchanges/);
  assert.match(fieldOf(assertProblem(await create(user, { ...request, exchanges: ['binance', 'binance'] }), 400)), /exchanges/);
  assert.match(fieldOf(assertProblem(await create(user, { ...request, threshold: 0.001 }), 400)), /threshold/);
  assert.match(fieldOf(assertProblem(await create(user, { ...request, threshold: '-0.1' }), 400)), /threshold/);
  assert.match(fieldOf(assertProblem(await create(user, { ...request, intervalSeconds: 9 }), 400)), /intervalSeconds/);
  assert.match(fieldOf(assertProblem(await create(user, { ...request, intervalSeconds: 12.5 }), 400)), /intervalSeconds/);
  assert.match(fieldOf(assertProblem(await create(user, { ...request, intervalSeconds: '60' }), 400)), /intervalSeconds/);
  assert.match(fieldOf(assertProblem(await create(user, { ...request, symbol: 'btcusdt' }), 400)), /symbol/);
  assert.match(fieldOf(assertProblem(await create(user, { ...request, extra: true }), 400)), /extra/);
  const unknown = assertProblem(await create(user, { ...request, exchanges: ['binance', 'nowhere'] }), 422, 'UNSUPPORTED_MARKET');
  assert.deepEqual((unknown['errors'] as Array<{ field: string }>).map((error) => error.field), ['exchanges']);
  assert.deepEqual((await trading.client.GET('/v1/trading/arbitrage/watches', user.auth)).data?.items, []);

  const watch = (await create(user)).data!;
  const patch = (body: Record<string, unknown>) => trading.client.PATCH('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), body: body as never, ...user.auth });
  assert.match(fieldOf(assertProblem(await patch({ intervalSeconds: 5 }), 400)), /intervalSeconds/);
  assert.match(fieldOf(assertProblem(await patch({ enabled: 'no' }), 400)), /enabled/);
  assertProblem(await patch({}), 400);
  const patchUnknown = assertProblem(await patch({ exchanges: ['binance', 'nowhere'] }), 422, 'UNSUPPORTED_MARKET');
  assert.deepEqual((patchUnknown['errors'] as Array<{ field: string }>).map((error) => error.field), ['exchanges']);
  assertProblem(await trading.client.GET('/v1/trading/arbitrage/watches/{watchId}', { ...path('not-a-uuid'), ...user.auth }), 400);
  assert.deepEqual((await trading.client.GET('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), ...user.auth })).data, watch, 'refused changes changed nothing');
});

test('watches are the tenant’s own; reading needs trading:read, changing trading:trade', async () => {
  const owner = await testUser(world.issuer);
  const watch = (await create(owner)).data!;

  const stranger = await testUser(world.issuer);
  assertProblem(await trading.client.GET('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), ...stranger.auth }), 404);
  assertProblem(await trading.client.PATCH('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), body: { enabled: false }, ...stranger.auth }), 404);
  assertProblem(await trading.client.DELETE('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), ...stranger.auth }), 404);
  assert.deepEqual((await trading.client.GET('/v1/trading/arbitrage/watches', stranger.auth)).data?.items, []);
  assert.ok(await scheduler(watch.id), 'the stranger changed nothing');

  const reader = await testUser(world.issuer, ['trading:read'], owner.tenantId);
  assert.deepEqual((await trading.client.GET('/v1/trading/arbitrage/watches', reader.auth)).data?.items.map((item) => item.id), [watch.id]);
  assert.equal((await trading.client.GET('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), ...reader.auth })).data?.id, watch.id);
  assertProblem(await create(reader), 403);
  assertProblem(await trading.client.PATCH('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), body: { enabled: false }, ...reader.auth }), 403);
  assertProblem(await trading.client.DELETE('/v1/trading/arbitrage/watches/{watchId}', { ...path(watch.id), ...reader.auth }), 403);
  const nobody = await testUser(world.issuer, [], owner.tenantId);
  assertProblem(await trading.client.GET('/v1/trading/arbitrage/watches', nobody.auth), 403);
  assertProblem(await trading.client.GET('/v1/trading/arbitrage/watches', {}), 401);
  assertProblem(await trading.client.GET('/v1/trading/arbitrage/watches/{watchId}', { ...path(randomUUID()), ...owner.auth }), 404);
});
