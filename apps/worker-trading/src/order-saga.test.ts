import { createPool, migrateSchema, runtimeRoleFor, withTenant } from '@ai-service/db';
import { createJobs, type Jobs } from '@ai-service/jobs';
import { testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import { startOutboxRelay, type EventDelivery } from '@ai-service/outbox';
import { createTestDatabase, repoRoot, requireTestDatabaseUrl, waitFor } from '@ai-service/testing';
import { createPaperExchange, fundPaperAccount, fundSession, listSessionOrders, requestOrder, sessionBalances, type ExchangeConnector, type PriceFeed } from '@ai-service/trading-domain';
import { outbox } from '@ai-service/trading-domain/schema';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Registry } from 'prom-client';
import { registerOrderSagaHandlers, sagaScheduler } from './order-saga-handlers.ts';
import { sagaMetrics } from './saga-metrics.ts';

const database = await createTestDatabase(requireTestDatabaseUrl());
await migrateSchema({ url: database.url, schema: 'trading', migrationsFolder: join(repoRoot, 'apps/trading-svc/drizzle') });
const pool = createPool({ url: database.url, max: 8, role: runtimeRoleFor('trading') });
// Assertions read as the owner (every tenant's rows).
const owner = createPool({ url: database.url, max: 2 });
const db = drizzle(pool);
const stores = testDatastores(database.url);
after(async () => {
  for (const store of stores) await store.cleanup();
  await pool.end();
  await owner.end();
  await database.drop();
});

const logger = createLogger({ service: 'worker-trading-test', level: 'silent' });
/** BTC/USDT at 50000: the price replayed candles would give the paper exchange. */
const feed: PriceFeed = { lastPrice: async () => ({ price: '50000', timestamp: Date.now() }) };

/**
 * The saga as worker-trading runs it, with trading's outbox relay: an order requested in a
 * transaction reaches the `trading` queue as OrderRequested, and its TradeExecuted the `financial` one.
 */
function sagaWorker(store: (typeof stores)[number], timing: { orderTimeoutMs: number; reservationTtlMs: number; sweepIntervalMs: number } = { orderTimeoutMs: 500, reservationTtlMs: 600_000, sweepIntervalMs: 60_000 }) {
  const registry = new Registry();
  const venues = new Map<string, ExchangeConnector>();
  const jobs: Jobs = createJobs({
    datastore: store.datastore,
    ...(store.prefix ? { prefix: store.prefix } : {}),
    queues: { trading: ['OrderRequested', 'orderTimeout', 'sweepReservations'], financial: ['TradeExecuted'] },
    logger,
    registry,
  });
  registerOrderSagaHandlers(jobs, {
    db,
    clock: () => new Date(),
    connectors: async ({ tenantId, sessionId }) => venues.get(`${tenantId}/${sessionId}`)!,
    settings: { orderTimeoutMs: timing.orderTimeoutMs, reservationTtlMs: timing.reservationTtlMs, slippageMargin: '0.01' },
    scheduler: sagaScheduler(jobs, { sweepIntervalMs: timing.sweepIntervalMs }),
    telemetry: sagaMetrics(registry),
  });
  jobs.work('trading', { concurrency: 8 });
  const relay = startOutboxRelay({ url: database.url, outbox, jobs, logger, registry, batchSize: 100, pollMs: 50 });

  const session = async () => {
    const tenantId = randomUUID();
    const sessionId = randomUUID();
    venues.set(`${tenantId}/${sessionId}`, createPaperExchange({ db, tenantId, account: sessionId, feed, symbols: ['BTC/USDT'] }));
    await withTenant(db, tenantId, (tx) => fundSession(tx, { tenantId, sessionId, asset: 'USDT', amount: '10000' }));
    await fundPaperAccount({ db, tenantId, account: sessionId, asset: 'USDT', amount: '10000' });
    const ctx = { db, clock: () => new Date(), traceId: undefined };
    const order = (input: { type: 'market' | 'limit'; limitPrice: string | null }) =>
      requestOrder({ ctx, input: { tenantId, sessionId, exchange: 'paper', mode: 'paper', symbol: 'BTC/USDT', side: 'buy', quantity: '0.1', ...input } });
    const orderState = async (orderId: string) => (await listSessionOrders({ ctx, input: { tenantId, sessionId } })).find((view) => view.orderId === orderId)!;
    const finished = (orderId: string) =>
      waitFor(async () => {
        const view = await orderState(orderId);
        return view.state === 'filled' || view.state === 'failed' ? view : undefined;
      }, { what: `order ${orderId} finished` });
    const balances = async () => Object.fromEntries((await sessionBalances({ ctx, input: { tenantId, sessionId } })).map((row) => [row.asset, row]));
    return { tenantId, sessionId, order, finished, balances, venue: venues.get(`${tenantId}/${sessionId}`)! };
  };
  const close = async () => {
    await relay.stop();
    await jobs.close();
  };
  return { jobs, registry, session, close };
}

const count = async (sql: string, values: unknown[]) => Number((await owner.query<{ n: string }>(sql, values)).rows[0]!.n);

for (const store of stores) {
  test(`order saga on ${store.kind}: request → relay → queue → reserve → paper fill → settle, and a redelivered OrderRequested has no second effect`, async () => {
    const worker = sagaWorker(store);
    try {
      const session = await worker.session();
      const { orderId } = await session.order({ type: 'market', limitPrice: null });
      assert.equal((await session.finished(orderId)).state, 'filled');
      assert.deepEqual(await session.balances(), { BTC: { asset: 'BTC', free: '0.1', reserved: '0' }, USDT: { asset: 'USDT', free: '4995', reserved: '0' } });

      // The relay publishes OrderRequested again (as after a crash before it marked the row published).
      const [row] = (await owner.query('select * from trading.outbox where id = $1', [orderId])).rows as Array<Record<string, unknown>>;
      const event = { id: orderId, type: 'OrderRequested', version: row!['version'], occurredAt: new Date(row!['occurred_at'] as Date).toISOString(), tenantId: session.tenantId, traceId: null, aggregate: { type: 'order', id: orderId }, payload: row!['payload'] };
      await worker.jobs.enqueue('trading', 'OrderRequested', { event, after: null } as EventDelivery, { jobId: `again-${orderId}` });
      await waitFor(async () => ((await worker.jobs.stats()).find((stats) => stats.queue === 'trading')?.counts.completed ?? 0) >= 1 || undefined, { what: 'the redelivery handled' });
      await waitFor(async () => ((await worker.jobs.stats()).find((stats) => stats.queue === 'trading')?.counts.active === 0 ? true : undefined), { what: 'the trading queue idle' });
      assert.equal(await count('select count(*) as n from trading.reservations where order_id = $1', [orderId]), 1);
      assert.equal(await count('select count(*) as n from trading.trades where order_id = $1', [orderId]), 1);
      assert.equal(await count('select count(*) as n from trading.paper_orders where client_order_id = $1', [orderId]), 1);
      assert.deepEqual(await session.venue.fetchBalance().then((balance) => balance['BTC']?.total), '0.1');

      // TradeExecuted is on its way to worker-financial.
      const tradeId = (await owner.query<{ id: string }>('select id from trading.trades where order_id = $1', [orderId])).rows[0]!.id;
      await waitFor(async () => ((await owner.query('select 1 from trading.outbox where id = $1 and $2 = any(delivered_to)', [tradeId, 'financial'])).rowCount ? true : undefined), {
        what: 'TradeExecuted delivered to the financial queue',
      });

      const metrics = await worker.registry.metrics();
      assert.match(metrics, /saga_started_total 1\n/);
      assert.match(metrics, /saga_completed_total\{outcome="filled"\} 1\n/);
      assert.match(metrics, /orders_sent_total [12]\n/);
      assert.match(metrics, /saga_duration_seconds_count\{outcome="filled"\} 1\n/);
    } finally {
      await worker.close();
    }
  });

  test(`order saga on ${store.kind}: an order still open at its deadline is cancelled by its delayed timeout job and its reservation released`, async () => {
    const worker = sagaWorker(store);
    try {
      const session = await worker.session();
      const { orderId } = await session.order({ type: 'limit', limitPrice: '40000' });
      const failed = await session.finished(orderId);
      assert.deepEqual({ state: failed.state, reason: failed.failureReason }, { state: 'failed', reason: 'timeout' });
      assert.match(failed.failureDetail ?? '', /not filled by its deadline/);
      assert.deepEqual(await session.balances(), { USDT: { asset: 'USDT', free: '10000', reserved: '0' } });
      assert.equal((await session.venue.findOrder('BTC/USDT', orderId))?.status, 'canceled');
      const events = (await owner.query<{ type: string; payload: { compensated?: boolean } }>('select type, payload from trading.outbox where aggregate_id = $1 order by position', [orderId])).rows;
      assert.deepEqual(events.map((event) => event.type), ['OrderRequested', 'OrderFailed']);
      assert.equal(events[1]?.payload.compensated, true);
      assert.match(await worker.registry.metrics(), /saga_compensations_total 1\n/);
    } finally {
      await worker.close();
    }
  });

  test(`order saga on ${store.kind}: the tenant's scheduled sweeper releases a reservation held past its expiry and fails the order`, async () => {
    const worker = sagaWorker(store, { orderTimeoutMs: 600_000, reservationTtlMs: 300, sweepIntervalMs: 200 });
    try {
      const session = await worker.session();
      const { orderId } = await session.order({ type: 'limit', limitPrice: '40000' });
      const failed = await session.finished(orderId);
      assert.deepEqual({ state: failed.state, reason: failed.failureReason, detail: failed.failureDetail }, { state: 'failed', reason: 'timeout', detail: 'its funds reservation expired' });
      assert.deepEqual(await session.balances(), { USDT: { asset: 'USDT', free: '10000', reserved: '0' } });
      assert.equal((await session.venue.findOrder('BTC/USDT', orderId))?.status, 'canceled');
      assert.equal(await count('select count(*) as n from trading.reservations where order_id = $1 and status = $2', [orderId, 'released']), 1);
    } finally {
      await worker.close();
    }
  });
}
