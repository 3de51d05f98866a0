import type { EventEnvelope } from '@ai-service/contracts/events';
import { createPool, migrateSchema, runtimeRoleFor } from '@ai-service/db';
import { createJobs, type Jobs } from '@ai-service/jobs';
import { testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import type { EventDelivery } from '@ai-service/outbox';
import { createTestDatabase, repoRoot, requireTestDatabaseUrl, waitFor } from '@ai-service/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { Registry } from 'prom-client';
import { tradeExecutedHandler } from './trade-executed.ts';

const database = await createTestDatabase(requireTestDatabaseUrl());
await migrateSchema({ url: database.url, schema: 'financial', migrationsFolder: join(repoRoot, 'apps/financial-svc/drizzle') });
// The handler works as the worker's runtime role (row-level security applies); assertions read as the owner.
const pool = createPool({ url: database.url, max: 4, role: runtimeRoleFor('financial') });
const owner = new pg.Pool({ connectionString: database.url, max: 2 });
const db = drizzle(pool);
const stores = testDatastores(database.url);
after(async () => {
  for (const store of stores) await store.cleanup();
  await pool.end();
  await owner.end();
  await database.drop();
});

/** A TradeExecuted as trading's outbox relay delivers it to the financial queue. */
function tradeExecuted(tenantId: string, payload: Partial<EventEnvelope<'TradeExecuted'>['payload']> = {}): EventDelivery {
  const tradeId = randomUUID();
  const orderId = randomUUID();
  const event: EventEnvelope<'TradeExecuted'> = {
    id: tradeId,
    type: 'TradeExecuted',
    version: 1,
    occurredAt: '2026-01-05T10:00:01.000Z',
    tenantId,
    traceId: null,
    aggregate: { type: 'order', id: orderId },
    payload: {
      tradeId,
      orderId,
      sessionId: randomUUID(),
      exchange: 'binance',
      symbol: 'BTC/USDT',
      side: 'buy',
      quantity: '0.5',
      price: '42000',
      fee: { amount: '21', asset: 'USDT' },
      executedAt: '2026-01-05T10:00:00.000Z',
      ...payload,
    },
  };
  return { event, after: null };
}

const rowsOf = async (tenantId: string) =>
  (
    await owner.query<{ name: string; type: string; currency: string; institution: string; amount: string; description: string; external_id: string; source: string; booking_date: string }>(
      `select a.name, a.type, a.currency, a.institution, t.amount::text, t.description, t.external_id, t.source, t.booking_date::text
         from financial.transactions t join financial.accounts a on a.id = t.account_id
        where t.tenant_id = $1 order by t.amount`,
      [tenantId],
    )
  ).rows;

for (const store of stores) {
  test(`TradeExecuted on ${store.kind}: booked once in the tenant's brokerage account of the exchange, however often it is delivered`, async () => {
    const jobs: Jobs = createJobs({
      datastore: store.datastore,
      ...(store.prefix ? { prefix: store.prefix } : {}),
      queues: { financial: ['TradeExecuted'] },
      logger: createLogger({ service: 'worker-financial-test', level: 'silent' }),
      registry: new Registry(),
    });
    jobs.handle<EventDelivery>('financial', 'TradeExecuted', tradeExecutedHandler({ db, clock: () => new Date() }));
    jobs.work('financial', { concurrency: 4 });
    try {
      const tenantId = randomUUID();
      const buy = tradeExecuted(tenantId);
      const sell = tradeExecuted(tenantId, { side: 'sell', quantity: '0.2', price: '43000.123', fee: { amount: '8.6000246', asset: 'USDT' } });
      // The buy three times (a relay that published it again after a crash), two of them at once.
      await Promise.all([
        jobs.enqueue('financial', 'TradeExecuted', buy, { jobId: 'buy-1' }),
        jobs.enqueue('financial', 'TradeExecuted', buy, { jobId: 'buy-2' }),
        jobs.enqueue('financial', 'TradeExecuted', sell, { jobId: 'sell-1' }),
      ]);
      await waitFor(async () => ((await jobs.stats())[0]?.counts.completed === 3 ? true : undefined), { what: 'three deliveries handled' });
      await jobs.enqueue('financial', 'TradeExecuted', buy, { jobId: 'buy-3' });
      await waitFor(async () => ((await jobs.stats())[0]?.counts.completed === 4 ? true : undefined), { what: 'the late redelivery handled' });

      const rows = await rowsOf(tenantId);
      assert.deepEqual(
        rows.map((row) => ({ ...row })),
        [
          {
            name: 'binance',
            type: 'brokerage',
            currency: 'USD',
            institution: 'binance',
            amount: '-21021.0000',
            description: 'BUY 0.5 BTC/USDT @ 42000 on binance (fee 21 USDT)',
            external_id: buy.event.id,
            source: 'trading',
            booking_date: '2026-01-05',
          },
          {
            name: 'binance',
            type: 'brokerage',
            currency: 'USD',
            institution: 'binance',
            // 0.2 × 43000.123 − 8.6000246 = 8591.4245754, rounded to cents
            amount: '8591.4200',
            description: 'SELL 0.2 BTC/USDT @ 43000.123 on binance (fee 8.6000246 USDT)',
            external_id: sell.event.id,
            source: 'trading',
            booking_date: '2026-01-05',
          },
        ],
      );
      const accounts = await owner.query('select id from financial.accounts where tenant_id = $1', [tenantId]);
      assert.equal(accounts.rowCount, 1, 'one brokerage account for the exchange, created by the first trade');
      assert.equal((await jobs.stats())[0]?.counts.dead, 0);
    } finally {
      await jobs.close();
    }
  });
}
