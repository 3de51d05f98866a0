import { candlesCsv } from '@ai-service/trading-domain/testing';
import { randomWalkCandles } from '@ai-service/trading/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertProblem, testUser, tradingTestWorld, uploadCandles, type TestTrading, type TestWorld } from './test-harness.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2024, 2, 1);
const iso = (time: number) => new Date(time).toISOString();

let world: TestWorld;
let trading: TestTrading;
before(async () => {
  world = await tradingTestWorld();
  trading = await world.start();
});
after(async () => world?.close());

/** 10 hourly candles with hours 4 and 5 missing, and hour 7 written twice (line 8 repeats line 7's timestamp). */
function csvWithGapAndDuplicate(): string {
  const candles = randomWalkCandles({ candles: 12, seed: 3, stepMs: HOUR, start: START }).filter((_, index) => index !== 4 && index !== 5);
  const lines = candlesCsv(candles).trimEnd().split('\n');
  lines.splice(7, 0, lines[6]!.replace(/,[^,]*$/, ',999'));
  return lines.join('\n') + '\n';
}

test('a CSV import stores the candles and reports the duplicate rows and the gaps; importing it again stores nothing new', async () => {
  const user = await testUser(world.issuer);
  const first = await uploadCandles(trading.url, user, csvWithGapAndDuplicate());
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.deepEqual(first.body, {
    exchange: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1h',
    source: 'csv',
    rows: 11,
    inserted: 10,
    duplicates: { inFile: 1, alreadyStored: 0, lines: [{ line: 8, time: iso(START + 7 * HOUR) }] },
    gaps: { count: 1, missingCandles: 2, items: [{ from: iso(START + 4 * HOUR), to: iso(START + 6 * HOUR), missing: 2 }] },
    range: { from: iso(START), to: iso(START + 11 * HOUR) },
  });

  const again = await uploadCandles(trading.url, user, csvWithGapAndDuplicate());
  assert.equal(again.status, 201);
  assert.equal(again.body['inserted'], 0);
  assert.deepEqual(again.body['duplicates'], { inFile: 1, alreadyStored: 10, lines: [{ line: 8, time: iso(START + 7 * HOUR) }] });

  const stored = await trading.client.GET('/v1/trading/candles', { params: { query: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' } }, ...user.auth });
  assert.equal(stored.data?.items.length, 10);
  const duplicated = stored.data!.items.find((candle) => candle.time === iso(START + 7 * HOUR));
  assert.notEqual(duplicated?.volume, 999, 'the first of two rows with one timestamp is kept');
});

test('a malformed file is refused with 422 naming the first bad line, and nothing of it is stored', async () => {
  const user = await testUser(world.issuer);
  const lines = candlesCsv(randomWalkCandles({ candles: 8, seed: 4, stepMs: HOUR, start: START })).trimEnd().split('\n');
  lines[4] = lines[4]!.replace(/^(\d+),[^,]+/, '$1,abc');
  lines[6] = 'not-a-date,1,2,0.5,1.5,10';
  const response = await uploadCandles(trading.url, user, lines.join('\n'));
  assert.equal(response.status, 422);
  assert.match(response.type, /^application\/problem\+json/);
  assert.equal(response.body['code'], 'INVALID_CANDLES');
  assert.match(String(response.body['detail']), /^Line 5: open: "abc" is not a finite number\. The file was not imported \(2 bad rows\)\.$/);
  assert.deepEqual((response.body['errors'] as Array<{ field: string }>).map((error) => error.field), ['file', 'file']);

  const markets = await trading.client.GET('/v1/trading/markets', user.auth);
  assert.deepEqual(markets.data, { items: [] }, 'not one candle of the file was stored');
});

test('the upload names a missing file or a bad series field; a file over the size limit is a 413', async () => {
  const user = await testUser(world.issuer);
  const csv = candlesCsv(randomWalkCandles({ candles: 3, seed: 5, stepMs: HOUR, start: START }));
  const missing = await uploadCandles(trading.url, user, undefined);
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body['errors'], [{ field: 'file', message: 'is required' }]);
  const badFields = await uploadCandles(trading.url, user, csv, { exchange: 'Binance!', symbol: 'BTC-USDT', timeframe: '2h' });
  assert.equal(badFields.status, 400);
  assert.deepEqual((badFields.body['errors'] as Array<{ field: string }>).map((error) => error.field), ['exchange', 'symbol', 'timeframe']);
  const empty = await uploadCandles(trading.url, user, 'timestamp,open,high,low,close,volume\n');
  assert.equal(empty.status, 422);

  const small = await world.start({ CANDLE_IMPORT_MAX_BYTES: '100' });
  const tooLarge = await uploadCandles(small.url, user, csv);
  assert.equal(tooLarge.status, 413);
  assert.match(tooLarge.type, /^application\/problem\+json/);
});

test('candles are listed oldest first by pages within [from, to); the markets list shows each series with its range, count and gaps', async () => {
  const user = await testUser(world.issuer);
  assert.equal((await uploadCandles(trading.url, user, csvWithGapAndDuplicate())).status, 201);
  const daily = randomWalkCandles({ candles: 5, seed: 6, stepMs: 24 * HOUR, start: START });
  assert.equal((await uploadCandles(trading.url, user, candlesCsv(daily), { exchange: 'kraken', symbol: 'ETH/EUR', timeframe: '1d' })).status, 201);

  const query = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' as const, from: iso(START + 2 * HOUR), to: iso(START + 10 * HOUR), limit: 3 };
  const times: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await trading.client.GET('/v1/trading/candles', { params: { query: { ...query, ...(cursor ? { cursor } : {}) } }, ...user.auth });
    assert.equal(page.response.status, 200);
    times.push(...page.data!.items.map((candle) => candle.time));
    cursor = page.data!.nextCursor ?? undefined;
  } while (cursor);
  assert.deepEqual(times, [2, 3, 6, 7, 8, 9].map((hour) => iso(START + hour * HOUR)));
  assertProblem(await trading.client.GET('/v1/trading/candles', { params: { query: { ...query, cursor: 'bm9wZQ' } }, ...user.auth }), 400, 'INVALID_CURSOR');

  const markets = await trading.client.GET('/v1/trading/markets', user.auth);
  assert.deepEqual(markets.data, {
    items: [
      {
        exchange: 'binance',
        symbol: 'BTC/USDT',
        timeframe: '1h',
        candles: 10,
        from: iso(START),
        to: iso(START + 11 * HOUR),
        gaps: { count: 1, missingCandles: 2, items: [{ from: iso(START + 4 * HOUR), to: iso(START + 6 * HOUR), missing: 2 }] },
      },
      { exchange: 'kraken', symbol: 'ETH/EUR', timeframe: '1d', candles: 5, from: iso(START), to: iso(START + 4 * 24 * HOUR), gaps: { count: 0, missingCandles: 0, items: [] } },
    ],
  });
  const onlyKraken = await trading.client.GET('/v1/trading/markets', { params: { query: { exchange: 'kraken' } }, ...user.auth });
  assert.deepEqual(onlyKraken.data?.items.map((market) => market.symbol), ['ETH/EUR']);
});

test("candles are the tenant's own: another tenant sees none of them; reading needs trading:read and importing trading:trade", async () => {
  const owner = await testUser(world.issuer);
  assert.equal((await uploadCandles(trading.url, owner, csvWithGapAndDuplicate())).status, 201);
  const stranger = await testUser(world.issuer);
  const query = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' as const };
  assert.deepEqual((await trading.client.GET('/v1/trading/candles', { params: { query }, ...stranger.auth })).data, { items: [], nextCursor: null });
  assert.deepEqual((await trading.client.GET('/v1/trading/markets', stranger.auth)).data, { items: [] });

  const viewer = await testUser(world.issuer, ['trading:read'], owner.tenantId);
  assert.equal((await trading.client.GET('/v1/trading/candles', { params: { query }, ...viewer.auth })).data?.items.length, 10);
  const upload = await uploadCandles(trading.url, viewer, csvWithGapAndDuplicate());
  assert.equal(upload.status, 403);
  const financeOnly = await testUser(world.issuer, ['financial:read'], owner.tenantId);
  assertProblem(await trading.client.GET('/v1/trading/markets', financeOnly.auth), 403, 'FORBIDDEN');
  assertProblem(await trading.client.GET('/v1/trading/markets'), 401, 'UNAUTHENTICATED');
});
