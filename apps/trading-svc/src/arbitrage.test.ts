import { binanceFixtureServer } from '@ai-service/trading-domain/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertProblem, testUser, tradingTestWorld, type TestTrading, type TestWorld } from './test-harness.ts';

/** The arbitrage scanner through the API, against recorded Binance and Binance.US order books. */

let world: TestWorld;
let binance: ReturnType<typeof binanceFixtureServer>;
let trading: TestTrading;
before(async () => {
  world = await tradingTestWorld();
  binance = binanceFixtureServer();
  trading = await world.start({}, { exchangeFetch: binance.fetch });
});
after(async () => {
  await world?.close();
  assert.deepEqual(binance?.unexpected, [], 'every request the exchange client made has a recorded answer');
});

const scan = { symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '0.0005' };

test('a scan returns and records the spread net of fees; the list shows it to its tenant only', async () => {
  const user = await testUser(world.issuer);
  const found = await trading.client.POST('/v1/trading/arbitrage/scan', { body: scan, ...user.auth });
  assert.equal(found.response.status, 200, JSON.stringify(found.error));
  assert.deepEqual(
    found.data?.items.map((item) => [item.buyExchange, item.sellExchange, item.buyPrice, item.sellPrice, item.netSpread, item.maxQuantity]),
    [['binance', 'binanceus', '61523.4', '61700', '0.000867582', '0.04']],
  );
  const listed = await trading.client.GET('/v1/trading/arbitrage/opportunities', { params: { query: { symbol: 'BTC/USDT' } }, ...user.auth });
  assert.deepEqual(listed.data, { items: found.data?.items, nextCursor: null });

  const other = await testUser(world.issuer);
  assert.deepEqual((await trading.client.GET('/v1/trading/arbitrage/opportunities', other.auth)).data?.items, []);
  const above = await trading.client.POST('/v1/trading/arbitrage/scan', { body: { ...scan, threshold: '0.001' }, ...other.auth });
  assert.deepEqual(above.data?.items, [], 'nothing at a threshold above the net spread');
});

test('scanning needs trading:trade, listing trading:read', async () => {
  const reader = await testUser(world.issuer, ['trading:read']);
  assertProblem(await trading.client.POST('/v1/trading/arbitrage/scan', { body: scan, ...reader.auth }), 403);
  assert.equal((await trading.client.GET('/v1/trading/arbitrage/opportunities', reader.auth)).response.status, 200);
  const nobody = await testUser(world.issuer, []);
  assertProblem(await trading.client.GET('/v1/trading/arbitrage/opportunities', nobody.auth), 403);
});

test('bad scans are 4xx naming the field', async () => {
  const user = await testUser(world.issuer);
  const post = (body: Record<string, unknown>) => trading.client.POST('/v1/trading/arbitrage/scan', { body: body as never, ...user.auth });
  assert.match(JSON.stringify(assertProblem(await post({ ...scan, threshold: 0.001 }), 400)), /threshold/);
  assert.match(JSON.stringify(assertProblem(await post({ ...scan, exchanges: ['binance'] }), 400)), /exchanges/);
  const unknown = assertProblem(await post({ ...scan, exchanges: ['binance', 'nowhere'] }), 422, 'UNSUPPORTED_MARKET');
  assert.deepEqual((unknown['errors'] as Array<{ field: string }>).map((error) => error.field), ['exchanges']);
  assertProblem(await trading.client.GET('/v1/trading/arbitrage/opportunities', { params: { query: { cursor: 'nonsense' } }, ...user.auth }), 400, 'INVALID_CURSOR');
});
