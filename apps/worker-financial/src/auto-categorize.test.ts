import type { EventEnvelope } from '@ai-service/contracts/events';
import {
  createAccount,
  createAiCoreSuggester,
  createCategory,
  createTransaction,
  ingestTransactions,
  type FinancialContext,
} from '@ai-service/financial-domain';
import type { JobContext } from '@ai-service/jobs';
import type { EventDelivery } from '@ai-service/outbox';
import { createPool, runtimeRoleFor } from '@ai-service/db';
import { createLogger } from '@ai-service/observability';
import { createTestDatabase, freePort, requireTestDatabaseUrl, startServiceProcess } from '@ai-service/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { Registry } from 'prom-client';
import { autoCategorizeHandler, statementImportedHandler, transactionSyncedHandler, type AutoCategorizeDeps } from './auto-categorize.ts';

const database = await createTestDatabase(requireTestDatabaseUrl());
// The domain works as the service's runtime role (row-level security applies); assertions read as the owner.
const pool = createPool({ url: database.url, max: 4, role: runtimeRoleFor('financial') });
const owner = new pg.Pool({ connectionString: database.url, max: 2 });
const db = drizzle(pool);
const clock = () => new Date();
after(async () => {
  await pool.end();
  await owner.end();
  await database.drop();
});

before(async () => {
  // financial-svc owns the financial schema and migrates it at boot.
  const port = await freePort();
  const owner = await startServiceProcess('financial-svc', port, { DATABASE_URL: database.url, FINANCIAL_SVC_PORT: String(port) });
  await owner.stop();
});

const context = (name: string): JobContext => ({
  queue: 'financial',
  name,
  jobId: randomUUID(),
  attempt: 1,
  deferrals: 0,
  logger: createLogger({ service: 'worker-financial-test', level: 'silent' }),
  defer: async () => {
    throw new Error('not deferred in these tests');
  },
  stateOf: async () => ({ state: 'missing' }),
});

/** A tenant whose user filed three Bar Pepe bookings under "Eating out": counterparty memory for the next one. */
async function tenant() {
  const tenantId = randomUUID();
  const ctx: FinancialContext = { db, tenantId, actorId: randomUUID(), traceId: undefined, clock };
  const account = await createAccount({ ctx, input: { name: 'Checking', type: 'checking', currency: 'EUR' } });
  const eatingOut = await createCategory({ ctx, input: { name: 'Eating out', kind: 'expense' } });
  for (const bookingDate of ['2025-02-01', '2025-02-08', '2025-02-15']) {
    await createTransaction({ ctx, input: { accountId: account.id, bookingDate, amount: '-12', counterpartyName: 'Bar Pepe', categoryId: eatingOut.id } });
  }
  const row = { externalId: null, valueDate: null, currency: null, notes: null, status: 'booked' as const, bookingDate: '2025-03-01' };
  const ingest = async (rows: { counterparty: string; description: string; amount: string }[], source: 'import' | 'gocardless' = 'import', importId: string = randomUUID()) => {
    const ingestRows = rows.map((extra, index) => ({ ...row, line: index + 2, ...extra }));
    const input = source === 'import' ? { accountId: account.id, source, importId, rows: ingestRows } : { accountId: account.id, source, rows: ingestRows };
    return (await ingestTransactions({ ctx, input })).createdIds;
  };
  const categoryOf = async (id: string) =>
    (await owner.query<{ category_id: string | null; category_provenance: string | null }>('select category_id, category_provenance from financial.transactions where id = $1', [id])).rows[0];
  return { tenantId, accountId: account.id, eatingOut, ingest, categoryOf };
}

/** The outbox row of a transaction's TransactionSynced, as the relay delivers it. */
async function syncedDelivery(transactionId: string, type: 'TransactionSynced' | 'StatementImported' = 'TransactionSynced'): Promise<EventDelivery> {
  const [row] = (
    await owner.query<{ id: string; type: string; version: number; occurred_at: Date; tenant_id: string; trace_id: string | null; aggregate_type: string; aggregate_id: string; payload: unknown }>(
      `select * from financial.outbox where type = $2 and aggregate_id = $1`,
      [transactionId, type],
    )
  ).rows;
  const event = {
    id: row!.id,
    type: row!.type,
    version: row!.version,
    occurredAt: row!.occurred_at.toISOString(),
    tenantId: row!.tenant_id,
    traceId: row!.trace_id,
    aggregate: { type: row!.aggregate_type, id: row!.aggregate_id },
    payload: row!.payload,
  } as EventEnvelope;
  return { event, after: null };
}

const deps = async (registry = new Registry()): Promise<AutoCategorizeDeps> => ({
  db,
  clock,
  registry,
  // ai-core configured but down: nothing listens on the port.
  ai: createAiCoreSuggester({ baseUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2_000 }),
});

test('autoCategorize: history categorizes, ai-core down leaves the rest uncategorized, the job succeeds and observes categorization_latency_ms', async () => {
  const t = await tenant();
  const [tapas, unknown] = await t.ingest([
    { counterparty: 'BAR PEPE', description: 'Tapas', amount: '-9' },
    { counterparty: 'Unknown shop', description: 'Something', amount: '-3' },
  ]);
  const registry = new Registry();
  const summary = await autoCategorizeHandler(await deps(registry))({ tenantId: t.tenantId, transactionIds: [tapas!, unknown!] }, context('autoCategorize'));
  assert.deepEqual(summary, { changed: 1, uncategorized: 1 });
  assert.deepEqual(await t.categoryOf(tapas!), { category_id: t.eatingOut.id, category_provenance: 'history' });
  assert.deepEqual(await t.categoryOf(unknown!), { category_id: null, category_provenance: null });
  const metrics = await registry.getSingleMetricAsString('categorization_latency_ms');
  assert.match(metrics, /categorization_latency_ms_count\{layer="history"\} 1/);
  assert.match(metrics, /categorization_latency_ms_count\{layer="uncategorized"\} 1/);
});

test('the TransactionSynced subscription categorizes the synced transaction; a redelivery changes nothing more', async () => {
  const t = await tenant();
  const [tapas] = await t.ingest([{ counterparty: 'Bar Pepe', description: 'Dinner', amount: '-30' }], 'gocardless');
  const delivery = await syncedDelivery(tapas!);
  const handle = transactionSyncedHandler(await deps());
  assert.deepEqual(await handle(delivery, context('TransactionSynced')), { changed: 1, uncategorized: 0 });
  assert.deepEqual(await handle(delivery, context('TransactionSynced')), { changed: 0, uncategorized: 0 });
  assert.deepEqual(await t.categoryOf(tapas!), { category_id: t.eatingOut.id, category_provenance: 'history' });
  const events = await owner.query(`select 1 from financial.outbox where type = 'TransactionCategorized' and aggregate_id = $1`, [tapas]);
  assert.equal(events.rowCount, 1, 'TransactionCategorized once');
});

test("imported transactions are categorized by their import's StatementImported (no TransactionSynced each); autoCategorize { importId } does the same on demand", async () => {
  const t = await tenant();
  const importId = randomUUID();
  await owner.query(
    `insert into financial.imports (id, tenant_id, account_id, format, file, total_rows, status) values ($1, $2, $3, 'csv', '\\x', 3, 'completed')`,
    [importId, t.tenantId, t.accountId],
  );
  const [tapas, unknown, other] = await t.ingest(
    [
      { counterparty: 'BAR PEPE', description: 'Tapas', amount: '-9' },
      { counterparty: 'Unknown shop', description: 'Something', amount: '-3' },
      { counterparty: 'Bar Pepe', description: 'Lunch', amount: '-14' },
    ],
    'import',
    importId,
  );
  const registry = new Registry();
  const handlerDeps = await deps(registry);
  const synced = await owner.query(`select 1 from financial.outbox where type = 'TransactionSynced' and aggregate_id = any($1::text[])`, [[tapas, unknown, other]]);
  assert.equal(synced.rowCount, 0, 'an import tells its transactions in one event');
  const imported = await syncedDelivery(importId, 'StatementImported');
  assert.deepEqual(await statementImportedHandler(handlerDeps)(imported, context('StatementImported')), { changed: 2, uncategorized: 1 });
  for (const id of [tapas!, other!]) assert.deepEqual(await t.categoryOf(id), { category_id: t.eatingOut.id, category_provenance: 'history' });
  assert.deepEqual(await t.categoryOf(unknown!), { category_id: null, category_provenance: null });
  assert.match(await registry.getSingleMetricAsString('categorization_latency_ms'), /categorization_latency_ms_count\{layer="history"\} 2/);
  assert.deepEqual(await statementImportedHandler(handlerDeps)(imported, context('StatementImported')), { changed: 0, uncategorized: 1 }, 'delivered again: nothing more');
  const job = autoCategorizeHandler(handlerDeps);
  assert.deepEqual(await job({ tenantId: t.tenantId, importId }, context('autoCategorize')), { changed: 0, uncategorized: 1 }, 'on demand: only the still uncategorized one');
});

test('malformed jobs fail for good instead of being retried', async () => {
  const handlerDeps = await deps();
  await assert.rejects(autoCategorizeHandler(handlerDeps)({ tenantId: 'x', transactionIds: [] } as never, context('autoCategorize')), { code: 'permanent_failure' });
  await assert.rejects(autoCategorizeHandler(handlerDeps)({ tenantId: randomUUID(), importId: 'x' } as never, context('autoCategorize')), { code: 'permanent_failure' });
  await assert.rejects(transactionSyncedHandler(handlerDeps)({ event: { type: 'OrderFilled' }, after: null } as never, context('TransactionSynced')), { code: 'permanent_failure' });
  await assert.rejects(statementImportedHandler(handlerDeps)({ event: { type: 'TransactionSynced' }, after: null } as never, context('StatementImported')), { code: 'permanent_failure' });
});
