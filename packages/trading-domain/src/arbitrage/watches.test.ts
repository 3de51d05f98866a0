import { startTradingTestDatabase } from '../test-database.ts';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import type { WatchJobData, WatchScheduler } from '../arbitrage-jobs.ts';
import { publicConnectors } from '../exchange/public-connectors.ts';
import { binanceFixtureServer } from '../testing.ts';
import { createArbitrageWatch } from './create-arbitrage-watch.ts';
import type { ArbitrageOpportunity } from './find-opportunities.ts';
import { opportunitiesToRecord } from './open-opportunities.ts';
import { runWatchScan } from './run-watch-scan.ts';
import { updateArbitrageWatch } from './update-arbitrage-watch.ts';
import { deleteArbitrageWatch } from './delete-arbitrage-watch.ts';

/** Scheduled scans of arbitrage watches (the scanArbitrage job's domain), against recorded Binance and Binance.US books. */

const trading = await startTradingTestDatabase();
after(trading.close);
const { db, admin } = trading;

const opportunity = (buyExchange: string, sellExchange: string, netSpread: string): ArbitrageOpportunity => ({
  symbol: 'BTC/USDT',
  buyExchange,
  sellExchange,
  buyPrice: '100',
  sellPrice: '101',
  buyFee: '0.001',
  sellFee: '0.001',
  netSpread,
  maxQuantity: '1',
  netProfit: '1',
});

test('a persisting opportunity is recorded once: again only when it reappears or its net spread moved materially', () => {
  const first = opportunitiesToRecord({}, [opportunity('a', 'b', '0.004')]);
  assert.deepEqual(first.record.map((each) => each.netSpread), ['0.004'], 'new: recorded');
  assert.deepEqual(first.open, { 'a>b': '0.004' });

  const same = opportunitiesToRecord(first.open, [opportunity('a', 'b', '0.0045')]);
  assert.deepEqual(same.record, [], 'moved by 12.5 %: the same opportunity');
  assert.deepEqual(same.open, { 'a>b': '0.004' }, 'compared with the spread last recorded, so a slow drift adds up');
  const drifted = opportunitiesToRecord(same.open, [opportunity('a', 'b', '0.005')]);
  assert.deepEqual(drifted.record.map((each) => each.netSpread), ['0.005'], 'moved by 25 % of the recorded spread: recorded again');
  assert.deepEqual(opportunitiesToRecord(drifted.open, [opportunity('a', 'b', '0.0035')]).record.length, 1, 'a material fall counts too');

  // Near zero a quarter is tiny: a change under one basis point is noise.
  assert.deepEqual(opportunitiesToRecord({ 'a>b': '0.0001' }, [opportunity('a', 'b', '0.00019')]).record, []);
  assert.equal(opportunitiesToRecord({ 'a>b': '0.0001' }, [opportunity('a', 'b', '0.0002')]).record.length, 1);

  const gone = opportunitiesToRecord(first.open, [opportunity('b', 'a', '0.004')]);
  assert.deepEqual(gone.open, { 'b>a': '0.004' }, 'a pair no longer found is closed; the other direction is its own pair');
  assert.equal(gone.record.length, 1);
  assert.equal(opportunitiesToRecord(gone.open, [opportunity('a', 'b', '0.004')]).record.length, 1, 'a pair that reappears is recorded again');
});

/** The scheduler as trading-svc and the worker drive it: which watches have one, at what interval. */
function recordingScheduler(): WatchScheduler & { schedules: Map<string, number> } {
  const schedules = new Map<string, number>();
  return {
    schedules,
    schedule: async (watch: WatchJobData, everyMs: number) => void schedules.set(watch.watchId, everyMs),
    unschedule: async (watchId: string) => void schedules.delete(watchId),
  };
}

function contexts(binance = binanceFixtureServer()) {
  let now = new Date('2024-03-01T01:00:00Z');
  const watchScheduler = recordingScheduler();
  const tenantId = randomUUID();
  const base = { db, clock: () => now, traceId: undefined, connectorFor: publicConnectors({ db, fetchImplementation: binance.fetch }), watchScheduler };
  return { binance, watchScheduler, tenantId, user: { ...base, tenantId, actorId: randomUUID() }, worker: base, advance: (ms: number) => void (now = new Date(now.getTime() + ms)) };
}

const counts = async (tenantId: string) => {
  const { rows } = await admin.query(
    `select (select count(*)::int from trading.arbitrage_opportunities where tenant_id = $1) as opportunities,
            (select count(*)::int from trading.outbox where tenant_id = $1 and type = 'ArbitrageOpportunityFound') as events,
            (select count(*)::int from trading.event_log where tenant_id = $1 and type = 'ArbitrageOpportunityFound' and actor is null) as audits`,
    [tenantId],
  );
  return rows[0] as { opportunities: number; events: number; audits: number };
};

const watchRow = async (id: string) =>
  (await admin.query('select last_scan_at, last_error, open_opportunities from trading.arbitrage_watches where id = $1', [id])).rows[0] as { last_scan_at: Date | null; last_error: string | null; open_opportunities: Record<string, string> };

test('a watch scan records the Binance → Binance.US spread with its ArbitrageOpportunityFound; the same books again record nothing new', async () => {
  const { tenantId, user, worker, watchScheduler, advance, binance } = contexts();
  const watch = await createArbitrageWatch({ ctx: user, input: { symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '0.0005' } });
  assert.deepEqual([...watchScheduler.schedules], [[watch.id, 60_000]], 'created enabled: scheduled every 60 s');
  const input = { tenantId, watchId: watch.id };

  const first = await runWatchScan({ ctx: worker, input });
  assert.equal(first.status, 'scanned');
  assert.deepEqual(first.status === 'scanned' && first.recorded.map((each) => [each.buyExchange, each.sellExchange, each.netSpread, each.threshold]), [['binance', 'binanceus', '0.000867582', '0.0005']]);
  assert.deepEqual(await counts(tenantId), { opportunities: 1, events: 1, audits: 1 });
  const { rows: events } = await admin.query(`select payload from trading.outbox where tenant_id = $1`, [tenantId]);
  assert.equal(events[0].payload.foundAt, '2024-03-01T01:00:00.000Z');
  assert.deepEqual(await watchRow(watch.id), { last_scan_at: new Date('2024-03-01T01:00:00Z'), last_error: null, open_opportunities: { 'binance>binanceus': '0.000867582' } });

  advance(60_000);
  const second = await runWatchScan({ ctx: worker, input });
  assert.deepEqual(second.status === 'scanned' && [second.found, second.recorded.length], [1, 0], 'found again, not recorded again');
  assert.deepEqual(await counts(tenantId), { opportunities: 1, events: 1, audits: 1 });
  assert.deepEqual((await watchRow(watch.id)).last_scan_at, new Date('2024-03-01T01:01:00Z'));

  // Switched off and on again: it forgets what it saw, and records the opportunity as new.
  await updateArbitrageWatch({ ctx: user, input: { watchId: watch.id, enabled: false } });
  await updateArbitrageWatch({ ctx: user, input: { watchId: watch.id, enabled: true } });
  const third = await runWatchScan({ ctx: worker, input });
  assert.equal(third.status === 'scanned' && third.recorded.length, 1);
  assert.deepEqual(await counts(tenantId), { opportunities: 2, events: 2, audits: 2 });
  assert.deepEqual(binance.unexpected, []);
});

test('an unreachable exchange is kept as lastError and the scan does not fail; the next good scan clears it', async () => {
  const { tenantId, user, worker, binance } = contexts();
  const watch = await createArbitrageWatch({ ctx: user, input: { symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '0.0005', intervalSeconds: 10 } });
  const input = { tenantId, watchId: watch.id };
  binance.failNext('unavailable');
  const failed = await runWatchScan({ ctx: worker, input });
  assert.equal(failed.status, 'failed');
  const stored = await watchRow(watch.id);
  assert.ok(stored.last_scan_at);
  assert.match(stored.last_error ?? '', /^binance(us)? \w+: unreachable right now/);
  assert.deepEqual(await counts(tenantId), { opportunities: 0, events: 0, audits: 0 });

  assert.equal((await runWatchScan({ ctx: worker, input })).status, 'scanned');
  assert.equal((await watchRow(watch.id)).last_error, null);
  assert.deepEqual(await counts(tenantId), { opportunities: 1, events: 1, audits: 1 });
});

test('a disabled or deleted watch makes its job a no-op that removes the scheduler left behind', async () => {
  const { tenantId, user, worker, watchScheduler, binance } = contexts();
  const watch = await createArbitrageWatch({ ctx: user, input: { symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '0' } });
  await updateArbitrageWatch({ ctx: user, input: { watchId: watch.id, enabled: false } });
  assert.equal(watchScheduler.schedules.has(watch.id), false, 'disabling removed it');
  // A scheduler whose removal was lost (trading-svc stopped between the commit and the removal).
  await watchScheduler.schedule({ tenantId, watchId: watch.id }, 60_000);
  assert.deepEqual(await runWatchScan({ ctx: worker, input: { tenantId, watchId: watch.id } }), { status: 'inactive' });
  assert.equal(watchScheduler.schedules.has(watch.id), false);
  assert.equal((await watchRow(watch.id)).last_scan_at, null);

  await deleteArbitrageWatch({ ctx: user, input: { watchId: watch.id } });
  await watchScheduler.schedule({ tenantId, watchId: watch.id }, 60_000);
  assert.deepEqual(await runWatchScan({ ctx: worker, input: { tenantId, watchId: watch.id } }), { status: 'inactive' });
  assert.equal(watchScheduler.schedules.has(watch.id), false);
  // Another tenant's job for this watch id sees nothing either.
  assert.deepEqual(await runWatchScan({ ctx: worker, input: { tenantId: randomUUID(), watchId: watch.id } }), { status: 'inactive' });
  assert.deepEqual(await counts(tenantId), { opportunities: 0, events: 0, audits: 0 });
  assert.deepEqual(binance.requests, [], 'no exchange was asked');
});
