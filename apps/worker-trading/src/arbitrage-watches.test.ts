import { serviceConfigSchemas } from '@ai-service/config';
import { createPool, migrateSchema, runtimeRoleFor } from '@ai-service/db';
import { createJobs, queueCatalogue, type Jobs } from '@ai-service/jobs';
import { datastoreEnv, testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import { buildService, type BuiltService } from '@ai-service/service-runtime';
import { createTestDatabase, freePort, repoRoot, requireTestDatabaseUrl, waitFor } from '@ai-service/testing';
import { createArbitrageWatch, publicConnectors, watchSchedulerId, type WatchContext } from '@ai-service/trading-domain';
import { binanceFixtureServer } from '@ai-service/trading-domain/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { watchScheduler } from './arbitrage-handlers.ts';
import { defineWorker } from './service.ts';

/**
 * Arbitrage watches as worker-trading runs them: its boot sweep schedules every enabled watch, and
 * the scanArbitrage job scans with the recorded Binance and Binance.US books (Kraken is unreachable).
 */

const database = await createTestDatabase(requireTestDatabaseUrl());
await migrateSchema({ url: database.url, schema: 'trading', migrationsFolder: join(repoRoot, 'apps/trading-svc/drizzle') });
const pool = createPool({ url: database.url, max: 4, role: runtimeRoleFor('trading') });
const db = drizzle(pool);
// Assertions read as the owner (every tenant's rows).
const owner = createPool({ url: database.url, max: 2 });
const store = testDatastores(database.url).at(-1)!;
const binance = binanceFixtureServer();
/** Binance's hosts answer from the recordings; Kraken's cannot be reached at all. */
const exchangeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : input);
  if (url.hostname.includes('kraken')) throw new TypeError('fetch failed');
  return binance.fetch(input, init);
}) as typeof fetch;

let producer: Jobs;
let worker: BuiltService | undefined;
after(async () => {
  await worker?.close();
  await producer?.close();
  await store.cleanup();
  await pool.end();
  await owner.end();
  await database.drop();
});

const tenantId = randomUUID();
const watches: Record<'scanning' | 'unreachable' | 'disabled', string> = { scanning: '', unreachable: '', disabled: '' };

before(async () => {
  producer = createJobs({
    datastore: store.datastore,
    ...(store.prefix ? { prefix: store.prefix } : {}),
    queues: { trading: queueCatalogue.trading },
    logger: createLogger({ service: 'watches-test', level: 'silent' }),
    registry: new Registry(),
    reportDepth: false,
  });
  // Watches recorded while no worker ran, their schedulers then lost (a queue datastore restarted empty).
  const ctx: WatchContext = { db, clock: () => new Date(), traceId: undefined, tenantId, actorId: randomUUID(), connectorFor: publicConnectors({ db }), watchScheduler: watchScheduler(producer) };
  const input = { symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '0.0005', intervalSeconds: 3600 };
  watches.scanning = (await createArbitrageWatch({ ctx, input })).id;
  watches.unreachable = (await createArbitrageWatch({ ctx, input: { ...input, exchanges: ['binance', 'kraken'] } })).id;
  watches.disabled = (await createArbitrageWatch({ ctx, input: { ...input, enabled: false } })).id;
  await producer.bullQueues().find((queue) => queue.name === 'trading')!.obliterate({ force: true });

  const config = serviceConfigSchemas['worker-trading'].parse({ DATABASE_URL: database.url, WORKER_TRADING_PORT: String(await freePort()), LOG_LEVEL: 'silent', ...datastoreEnv(store) });
  worker = await buildService(defineWorker(config, { exchangeFetch }));
  await worker.listen();
});

const tradingQueue = () => producer.bullQueues().find((queue) => queue.name === 'trading')!;

const watchRow = async (id: string) =>
  (await owner.query('select last_scan_at, last_error from trading.arbitrage_watches where id = $1', [id])).rows[0] as { last_scan_at: Date | null; last_error: string | null };

const counts = async () => {
  const { rows } = await owner.query(
    `select (select count(*)::int from trading.arbitrage_opportunities where tenant_id = $1) as opportunities,
            (select count(*)::int from trading.outbox where tenant_id = $1 and type = 'ArbitrageOpportunityFound') as events`,
    [tenantId],
  );
  return rows[0] as { opportunities: number; events: number };
};

async function runJob(jobId: string, watchId: string): Promise<unknown> {
  await producer.enqueue('trading', 'scanArbitrage', { tenantId, watchId }, { jobId });
  return waitFor(
    async () => {
      const job = await tradingQueue().getJob(jobId);
      return job && (await job.isCompleted()) ? job.returnvalue : undefined;
    },
    { what: `job ${jobId} completed` },
  );
}

test('at boot every enabled watch gets its scheduler back, and its first scan records the opportunity once with its event', async () => {
  const scheduled = await waitFor(async () => tradingQueue().getJobScheduler(watchSchedulerId(watches.scanning)), { what: 'the scheduler re-created' });
  assert.equal(Number(scheduled.every), 3_600_000);
  assert.ok(await tradingQueue().getJobScheduler(watchSchedulerId(watches.unreachable)));
  assert.equal(await tradingQueue().getJobScheduler(watchSchedulerId(watches.disabled)), undefined, 'a disabled watch is not scheduled');
  // A scheduler's first job runs at once: the watch scans without waiting an interval.
  await waitFor(async () => ((await watchRow(watches.scanning)).last_scan_at ? true : undefined), { what: 'the first scheduled scan' });
  assert.deepEqual(await counts(), { opportunities: 1, events: 1 });
  const { rows } = await owner.query(`select buy_exchange, sell_exchange, net_spread::text from trading.arbitrage_opportunities where tenant_id = $1`, [tenantId]);
  assert.deepEqual(rows, [{ buy_exchange: 'binance', sell_exchange: 'binanceus', net_spread: '0.000867582' }]);
});

test('a second scan of the same books records nothing new', async () => {
  await waitFor(async () => ((await watchRow(watches.scanning)).last_scan_at ? true : undefined), { what: 'the first scan' });
  const outcome = (await runJob('again', watches.scanning)) as { status: string; found: number; recorded: unknown[] };
  assert.deepEqual([outcome.status, outcome.found, outcome.recorded], ['scanned', 1, []]);
  assert.deepEqual(await counts(), { opportunities: 1, events: 1 });
});

test('an unreachable exchange sets lastError and the job still completes; a disabled or deleted watch’s job does nothing', async () => {
  const outcome = (await runJob('unreachable', watches.unreachable)) as { status: string; error: string };
  assert.equal(outcome.status, 'failed');
  const row = await watchRow(watches.unreachable);
  assert.ok(row.last_scan_at);
  assert.match(row.last_error ?? '', /^kraken \w+: unreachable right now/);

  assert.deepEqual(await runJob('disabled', watches.disabled), { status: 'inactive' });
  assert.equal((await watchRow(watches.disabled)).last_scan_at, null);
  assert.deepEqual(await runJob('deleted', randomUUID()), { status: 'inactive' });
  assert.deepEqual((await producer.stats())[0]?.counts.dead, 0, 'no scan failed for good');
  assert.deepEqual(await counts(), { opportunities: 1, events: 1 });
});
