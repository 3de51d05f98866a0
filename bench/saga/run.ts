import { loadConfig, testingConfigSchema } from '@ai-service/config';
import { createPool, migrateSchema, runtimeRoleFor, withTenant } from '@ai-service/db';
import { createJobs } from '@ai-service/jobs';
import { testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import { eventHandler, startOutboxRelay, type EventDelivery } from '@ai-service/outbox';
import { startEmbeddedPostgres } from '@ai-service/pg-embedded';
import { createTestDatabase, repoRoot, waitFor } from '@ai-service/testing';
import {
  advanceArbitrageExecution,
  checkOrderTimeout,
  createPaperExchange,
  fundPaperAccount,
  fundSession,
  ORDER_REQUESTED_JOB,
  ORDER_TIMEOUT_JOB,
  orderTimeoutJobId,
  requestOrder,
  runOrderSaga,
  type ExchangeConnector,
  type OrderRef,
  type PriceFeed,
  type SagaTelemetry,
} from '@ai-service/trading-domain';
import { inbox, outbox } from '@ai-service/trading-domain/schema';
import { drizzle } from 'drizzle-orm/node-postgres';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { queueFloor } from './queue-floor.ts';

// `npm run bench:saga -- [--orders 100 --sessions 10 --concurrency 16]`: for each datastore (Postgres
// always, Redis when TEST_REDIS_URL is set), `orders` paper market orders requested at once across
// `sessions` paper sessions, end to end: requestOrder's commit → trading's outbox relay → `trading`
// queue → saga (reserve, place on the paper exchange, settle) → filled, with each outcome's
// OrderFilled/OrderFailed consumed by the same queue as in worker-trading. Latency per order is its
// saga's finish time minus its request time (both stamped by this process's clock on the order row).
// Then, per datastore, the queue's own floor: the same number of no-op jobs added at once to BullMQ
// alone (queue-floor.ts).
// Postgres: TEST_DATABASE_URL, or an embedded server started here.
const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '100' },
    sessions: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
  },
});
const orders = Number(values.orders);
const sessions = Number(values.sessions);
const concurrency = Number(values.concurrency);
const GOAL_P95_MS = 100;
/** Orders run one at a time before the burst: the latency of the path itself, with nothing queued ahead. */
const BASELINE_ORDERS = 10;

const config = loadConfig(testingConfigSchema, process.env, 'bench:saga');
const embeddedDir = config.TEST_DATABASE_URL ? undefined : await mkdtemp(join(tmpdir(), 'bench-saga-'));
const embedded = embeddedDir ? await startEmbeddedPostgres({ dataDir: embeddedDir, port: 54369, database: 'postgres' }) : undefined;
const serverUrl = config.TEST_DATABASE_URL ?? embedded?.url ?? '';
const database = await createTestDatabase(serverUrl);
await migrateSchema({ url: database.url, schema: 'trading', migrationsFolder: join(repoRoot, 'apps/trading-svc/drizzle') });
const pool = createPool({ url: database.url, max: concurrency + 8, role: runtimeRoleFor('trading') });
// Round trips of the requests, the saga and the paper exchange (they share this pool; the relay and
// the queue have their own connections, counted in the database's transactions below).
let statements = 0;
pool.on('connect', (client) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    statements += 1;
    return query(...args);
  }) as typeof client.query;
});
const owner = createPool({ url: database.url, max: 2 });
const db = drizzle(pool);
const logger = createLogger({ service: 'bench-saga', level: 'silent' });
const feed: PriceFeed = { lastPrice: async () => ({ price: '50000', timestamp: Date.now() }) };

/** Commits in the bench's database so far (pg_stat_database; a backend reports at most once a second). */
async function committed(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const { rows } = await owner.query<{ commits: string }>('select xact_commit as commits from pg_stat_database where datname = current_database()');
  return Number(rows[0]!.commits);
}

/**
 * Where each order's time went, from the stamps the saga leaves: the order's request (created_at),
 * its outbox row (appended_at: the request transaction's start; published_at: the relay's mark,
 * just after it enqueued), the FundsReserved and OrderFilled audit rows (written inside the reserve
 * and settle transactions) and finished_at.
 */
async function printSteps(ids: string[]): Promise<void> {
  const { rows } = await owner.query<Record<string, number>>(
    `select extract(epoch from x.appended_at - o.created_at) * 1000 as "request tx start",
            extract(epoch from x.published_at - x.appended_at) * 1000 as "→ relayed",
            extract(epoch from r.occurred_at - x.published_at) * 1000 as "→ reserved",
            extract(epoch from f.occurred_at - r.occurred_at) * 1000 as "→ filled (placed, settled)"
       from trading.orders o
       join trading.outbox x on x.id = o.id
       join trading.event_log r on r.aggregate_type = 'order' and r.aggregate_id = o.id::text and r.type = 'FundsReserved'
       join trading.event_log f on f.aggregate_type = 'order' and f.aggregate_id = o.id::text and f.type = 'OrderFilled'
      where o.id = any($1::uuid[])`,
    [ids],
  );
  const steps = Object.keys(rows[0] ?? {});
  console.log(`  steps (p50 / p95): ${steps.map((step) => {
    const sorted = rows.map((row) => Number(row[step])).sort((a, b) => a - b);
    return `${step} ${percentile(sorted, 50).toFixed(0)} / ${percentile(sorted, 95).toFixed(0)} ms`;
  }).join(', ')}`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);

async function runOn(store: ReturnType<typeof testDatastores>[number]): Promise<void> {
  const registry = new Registry();
  const venues = new Map<string, ExchangeConnector>();
  const jobs = createJobs({
    datastore: store.datastore,
    ...(store.prefix ? { prefix: store.prefix } : {}),
    // No sweeper here: no reservation outlives this run.
    queues: { trading: [ORDER_REQUESTED_JOB, ORDER_TIMEOUT_JOB, 'OrderFilled', 'OrderFailed'], financial: ['TradeExecuted'] },
    logger,
    registry,
  });
  let compensations = 0;
  const telemetry: SagaTelemetry = { started: () => undefined, completed: () => undefined, compensated: () => void (compensations += 1), orderSent: () => undefined };
  // The saga's jobs as worker-trading's order-saga-handlers.ts registers them (an app, so not imported here).
  const saga = {
    db,
    clock: () => new Date(),
    traceId: undefined,
    connectors: async ({ sessionId }: { sessionId: string }) => venues.get(sessionId)!,
    settings: { orderTimeoutMs: 30_000, reservationTtlMs: 300_000, slippageMargin: '0.01' },
    scheduler: {
      orderTimeout: async (order: OrderRef, at: Date) => void (await jobs.enqueue('trading', ORDER_TIMEOUT_JOB, order, { jobId: orderTimeoutJobId(order.orderId), delayMs: Math.max(1, at.getTime() - Date.now()), removeOnComplete: true })),
      sweeper: async () => undefined,
    },
    telemetry,
  };
  jobs.handle<EventDelivery>('trading', ORDER_REQUESTED_JOB, (delivery) => runOrderSaga({ ctx: saga, input: { tenantId: delivery.event.tenantId, orderId: (delivery.event.payload as { orderId: string }).orderId } }));
  jobs.handle<OrderRef>('trading', ORDER_TIMEOUT_JOB, (data) => checkOrderTimeout({ ctx: saga, input: data }));
  // Each order's outcome, as worker-trading's arbitrage-execution-handlers.ts consumes it (through trading's inbox; no execution here, so no effect).
  for (const type of ['OrderFilled', 'OrderFailed'] as const) {
    const consume = eventHandler<typeof type>({ db, inbox }, async (event, tx) => {
      const compensated = 'compensated' in event.payload ? event.payload.compensated : undefined;
      await advanceArbitrageExecution({ ctx: { db, clock: () => new Date(), traceId: undefined, tx }, input: { tenantId: event.tenantId, orderId: event.payload.orderId, compensated } });
    });
    jobs.handle<EventDelivery>('trading', type, (delivery, context) => consume({ ...delivery, after: null }, context));
  }
  jobs.work('trading', { concurrency });
  const relay = startOutboxRelay({ url: database.url, outbox, jobs, logger, registry, batchSize: 500, pollMs: 1_000 });
  try {
    const tenantId = randomUUID();
    const sessionIds = Array.from({ length: sessions }, () => randomUUID());
    for (const sessionId of sessionIds) {
      venues.set(sessionId, createPaperExchange({ db, tenantId, account: sessionId, feed, symbols: ['BTC/USDT'] }));
      await withTenant(db, tenantId, (tx) => fundSession(tx, { tenantId, sessionId, asset: 'USDT', amount: '1000000' }));
      await fundPaperAccount({ db, tenantId, account: sessionId, asset: 'USDT', amount: '1000000' });
    }
    const ctx = { db, clock: () => new Date(), traceId: undefined };
    const burst = async (count: number) => {
      const requested = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          requestOrder({
            ctx,
            input: { tenantId, sessionId: sessionIds[index % sessions]!, exchange: 'paper', mode: 'paper', symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.01', limitPrice: null },
          }),
        ),
      );
      const ids = requested.map((order) => order.orderId);
      await waitFor(
        async () => {
          const { rows } = await owner.query<{ done: string }>(`select count(*) as done from trading.orders where id = any($1::uuid[]) and saga_state in ('filled', 'failed')`, [ids]);
          return Number(rows[0]!.done) === count ? true : undefined;
        },
        { timeoutMs: 50_000, intervalMs: 20, what: `${count} sagas finished` },
      );
      return ids;
    };
    /** Each order's time from its request until its saga finished, sorted, and how many failed. */
    const outcomes = async (ids: string[]) => {
      const { rows } = await owner.query<{ state: string; latency_ms: number }>(
        `select saga_state as state, extract(epoch from finished_at - created_at) * 1000 as latency_ms from trading.orders where id = any($1::uuid[])`,
        [ids],
      );
      return { latencies: rows.map((row) => Number(row.latency_ms)).sort((a, b) => a - b), failed: rows.filter((row) => row.state === 'failed').length };
    };
    // Warm-up, not measured: the pools' connections, the queue's worker and the JIT, as in a running worker.
    await burst(sessions);
    // The baseline, in the same run: orders one at a time, each through the same path with nothing else in flight.
    const alone: string[] = [];
    for (let index = 0; index < BASELINE_ORDERS; index++) alone.push(...(await burst(1)));
    const aloneP50 = percentile((await outcomes(alone)).latencies, 50);
    const before = { statements, transactions: await committed() };
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const ids = await burst(orders);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const after = { statements, transactions: await committed() };
    const { latencies, failed } = await outcomes(ids);
    const p95 = percentile(latencies, 95);
    console.log(`${store.kind}`);
    console.log(`  ${orders} orders in ${(wallMs / 1000).toFixed(2)} s (${((orders * 1000) / wallMs).toFixed(0)} orders/s): filled ${orders - failed}, failed ${failed}, compensations ${compensations}`);
    console.log(`  latency request → filled: p50 ${ms(percentile(latencies, 50))}   p95 ${ms(p95)}   max ${ms(latencies.at(-1) ?? Number.NaN)}`);
    console.log(`  baseline, one order at a time (${BASELINE_ORDERS}): p50 ${ms(aloneP50)}; burst p95 / alone p50: ${(p95 / aloneP50).toFixed(1)}×`);
    console.log(`  goal p95 < ${GOAL_P95_MS} ms: ${p95 < GOAL_P95_MS ? 'met' : 'NOT met'}`);
    console.log(`  this process's CPU per order until the last fill (requests, relay, queue and saga share its thread): ${((cpu.user + cpu.system) / 1000 / orders).toFixed(2)} ms`);
    console.log(`  per order: ${((after.statements - before.statements) / orders).toFixed(1)} statements on the saga's pool, ${((after.transactions - before.transactions) / orders).toFixed(1)} committed transactions in the database (queue included)`);
    await printSteps(ids);
    const floor = await queueFloor(store.datastore, store.prefix, orders, concurrency);
    const floorP95 = percentile(floor, 95);
    console.log(
      `  queue floor, same datastore (BullMQ alone: ${orders} no-op jobs added at once, ${concurrency} slots), add → started: p50 ${ms(percentile(floor, 50))}   p95 ${ms(floorP95)}` +
        (floorP95 >= GOAL_P95_MS ? ': the queue alone misses the goal' : ''),
    );
    console.log('');
  } finally {
    await relay.stop();
    await jobs.close();
  }
}

try {
  console.log(`${orders} concurrent paper market orders over ${sessions} sessions, ${concurrency} worker slots.`);
  console.log(`Load average at start: ${loadavg()[0]?.toFixed(1)} (${new Date().toISOString()}).\n`);
  for (const store of testDatastores(database.url)) {
    try {
      await runOn(store);
    } finally {
      await store.cleanup();
    }
  }
} finally {
  await pool.end();
  await owner.end();
  await database.drop();
  await embedded?.stop();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
}
