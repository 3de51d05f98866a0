import { binanceFixtureServer } from '@ai-service/trading-domain/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertProblem, testUser, tradingTestWorld, type Schemas, type TestTrading, type TestWorld } from './test-harness.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2024, 2, 1);
const iso = (time: number) => new Date(time).toISOString();
const series = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' as Schemas['Timeframe'] };
/** The whole fixture: 00:00 to 11:00 with 05:00 missing. */
const DAY_FETCH: Schemas['CandleFetchRequest'] = { ...series, from: iso(START), to: iso(START + 12 * HOUR) };

let world: TestWorld;
let binance: ReturnType<typeof binanceFixtureServer>;
let trading: TestTrading;
before(async () => {
  world = await tradingTestWorld();
  binance = binanceFixtureServer({ pageLimit: 4 });
  trading = await world.start({}, { exchangeFetch: binance.fetch });
});
after(async () => {
  await world?.close();
  assert.deepEqual(binance?.unexpected, [], 'every request the exchange client made has a recorded answer');
});

const klinesRequests = () => binance.requests.filter((url) => new URL(url).pathname === '/api/v3/klines');

test('a fetch pages through the exchange, stores the candles and reports the gap; fetching again inserts nothing', async () => {
  const user = await testUser(world.issuer);
  const pagesBefore = klinesRequests().length;
  const first = await trading.client.POST('/v1/trading/candles/fetch', { body: DAY_FETCH, ...user.auth });
  assert.equal(first.response.status, 201, JSON.stringify(first.error));
  assert.deepEqual(first.data, {
    ...series,
    source: 'ccxt',
    rows: 11,
    inserted: 11,
    duplicates: { inFile: 0, alreadyStored: 0, lines: [] },
    gaps: { count: 1, missingCandles: 1, items: [{ from: iso(START + 5 * HOUR), to: iso(START + 6 * HOUR), missing: 1 }] },
    range: { from: iso(START), to: iso(START + 11 * HOUR) },
  });
  const pages = klinesRequests().slice(pagesBefore).map((url) => new URL(url).searchParams);
  assert.ok(pages.length >= 3, `11 candles at 4 per answer take at least 3 pages, got ${pages.length}`);
  assert.equal(pages[0]!.get('startTime'), String(START));
  assert.equal(pages[1]!.get('startTime'), String(START + 3 * HOUR + 1), 'the next page starts just after the last candle received');
  assert.ok(binance.requests.every((url) => new URL(url).pathname !== '/fapi/v1/exchangeInfo' && new URL(url).pathname !== '/dapi/v1/exchangeInfo'), 'only spot markets are loaded');

  const stored = await trading.client.GET('/v1/trading/candles', { params: { query: series }, ...user.auth });
  assert.equal(stored.data?.items.length, 11);
  assert.deepEqual(stored.data!.items[0], { time: iso(START), open: 61130, high: 61186.2, low: 60795.23, close: 60971.45, volume: 1023.14169 });

  const again = await trading.client.POST('/v1/trading/candles/fetch', { body: DAY_FETCH, ...user.auth });
  assert.equal(again.response.status, 201);
  assert.equal(again.data?.inserted, 0);
  assert.deepEqual(again.data?.duplicates, { inFile: 0, alreadyStored: 11, lines: [] });
});

test('only the candles opening in [from, to) are fetched and stored', async () => {
  const user = await testUser(world.issuer);
  const result = await trading.client.POST('/v1/trading/candles/fetch', { body: { ...series, from: iso(START + 2 * HOUR), to: iso(START + 4 * HOUR) }, ...user.auth });
  assert.equal(result.response.status, 201);
  assert.equal(result.data?.inserted, 2);
  assert.deepEqual(result.data?.range, { from: iso(START + 2 * HOUR), to: iso(START + 3 * HOUR) });
});

test('another tenant does not see the fetched candles', async () => {
  const owner = await testUser(world.issuer);
  const other = await testUser(world.issuer);
  assert.equal((await trading.client.POST('/v1/trading/candles/fetch', { body: DAY_FETCH, ...owner.auth })).response.status, 201);
  const theirs = await trading.client.GET('/v1/trading/candles', { params: { query: series }, ...other.auth });
  assert.deepEqual(theirs.data?.items, []);
  assert.deepEqual((await trading.client.GET('/v1/trading/markets', other.auth)).data, { items: [] });
});

test('an exchange CCXT does not know, an unknown symbol, a timeframe the exchange lacks and too long a range are 422 naming the field', async () => {
  const user = await testUser(world.issuer);
  const fields = async (body: typeof DAY_FETCH) => {
    const result = await trading.client.POST('/v1/trading/candles/fetch', { body, ...user.auth });
    return (assertProblem(result, 422)['errors'] as Array<{ field: string }>).map((error) => error.field);
  };
  assert.deepEqual(await fields({ ...DAY_FETCH, exchange: 'nosuchexchange' }), ['exchange']);
  assert.deepEqual(await fields({ ...DAY_FETCH, symbol: 'DOGE/XYZ' }), ['symbol']);
  assert.deepEqual(await fields({ ...DAY_FETCH, exchange: 'bitvavo', symbol: 'BTC/EUR', timeframe: '1w' }), ['timeframe'], 'Bitvavo has no weekly candles (checked before any request)');
  assert.deepEqual(await fields({ ...DAY_FETCH, timeframe: '1m', to: iso(START + 100_001 * 60_000) }), ['to']);
  assert.equal((await trading.client.GET('/v1/trading/markets', user.auth)).data?.items.length, 0, 'nothing stored');
});

test('an unreachable exchange is a 503 problem and nothing is stored', async () => {
  const unreachable = await world.start({}, {
    exchangeFetch: async () => {
      throw new TypeError('fetch failed');
    },
  });
  const user = await testUser(world.issuer);
  const result = await unreachable.client.POST('/v1/trading/candles/fetch', { body: DAY_FETCH, ...user.auth });
  const problem = assertProblem(result, 503, 'EXCHANGE_UNAVAILABLE');
  assert.match(String(problem['detail']), /^binance is unreachable/);
  assert.deepEqual((await trading.client.GET('/v1/trading/markets', user.auth)).data, { items: [] });
  await unreachable.stop();
});

test('fetching needs trading:trade', async () => {
  const reader = await testUser(world.issuer, ['trading:read']);
  assertProblem(await trading.client.POST('/v1/trading/candles/fetch', { body: DAY_FETCH, ...reader.auth }), 403);
  assert.deepEqual((await trading.client.GET('/v1/trading/markets', reader.auth)).data, { items: [] });
});
