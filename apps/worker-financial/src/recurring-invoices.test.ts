import { serviceConfigSchemas } from '@ai-service/config';
import { createClient, createInvoiceTemplate, GENERATE_RECURRING_INVOICES, jobsTemplateScheduler, type TemplateContext } from '@ai-service/financial-domain';
import type { Jobs } from '@ai-service/jobs';
import { buildService, type BuiltService } from '@ai-service/service-runtime';
import { createTestDatabase, freePort, requireTestDatabaseUrl, startServiceProcess, waitFor } from '@ai-service/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { defineWorker } from './service.ts';
import { financialProducer } from './test-producer.ts';

const clock = () => new Date('2026-05-10T05:00:00Z');

const database = await createTestDatabase(requireTestDatabaseUrl());
const owner = new pg.Pool({ connectionString: database.url, max: 2 });
let worker: BuiltService;
let producer: Jobs;
before(async () => {
  // The financial schema belongs to financial-svc, which migrates it at boot.
  const port = await freePort();
  const financial = await startServiceProcess('financial-svc', port, { DATABASE_URL: database.url, FINANCIAL_SVC_PORT: String(port) });
  await financial.stop();
  const config = serviceConfigSchemas['worker-financial'].parse({ DATABASE_URL: database.url, WORKER_FINANCIAL_PORT: String(await freePort()), LOG_LEVEL: 'silent' });
  worker = await buildService(defineWorker(config, { clock }));
  await worker.listen();
  producer = financialProducer(database.url, 'recurring-test');
});
after(async () => {
  await producer?.close();
  await worker?.close();
  await owner.end();
  await database.drop();
});

const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[]) => (await owner.query<T>(text, values)).rows;

test('generateRecurringInvoices: a template gets its daily scheduler; its job makes each due invoice once, however often it runs', async () => {
  const tenantId = randomUUID();
  const ctx: TemplateContext = { db: drizzle(owner), tenantId, actorId: randomUUID(), traceId: undefined, clock, templateScheduler: jobsTemplateScheduler(producer) };
  const client = await createClient({ ctx, input: { name: 'Client', currency: 'EUR' } });
  const template = await createInvoiceTemplate({
    ctx,
    input: { name: 'Monthly', clientId: client.id, lines: [{ description: 'Hosting', quantity: '1', unitPrice: '20.00', taxRate: '0' }], interval: { unit: 'month' }, startDate: '2026-04-10', autoIssue: true },
  });
  const financialQueue = producer.bullQueues().find((queue) => queue.name === 'financial')!;
  const scheduler = await financialQueue.getJobScheduler(`invoice-template:${template.id}`);
  assert.equal(scheduler?.name, GENERATE_RECURRING_INVOICES);
  assert.equal(scheduler?.pattern, '0 5 * * *');

  // Two ticks (a retried or duplicated job): April and May are due, each once.
  for (const tick of [1, 2]) await producer.enqueue('financial', GENERATE_RECURRING_INVOICES, { tenantId, templateId: template.id }, { jobId: `tick-${tick}` });
  await waitFor(async () => ((await producer.stats())[0]?.counts.completed === 2 ? true : undefined), { what: 'both ticks completed' });
  const invoices = await query<{ number: string; issue_date: string }>(
    `select number, issue_date::text from financial.invoices where tenant_id = $1 order by issue_date`,
    [tenantId],
  );
  assert.deepEqual(invoices, [
    { number: 'INV-2026-0001', issue_date: '2026-04-10' },
    { number: 'INV-2026-0002', issue_date: '2026-05-10' },
  ]);
  const [stored] = await query<{ next_run_date: string }>(`select next_run_date::text from financial.invoice_templates where id = $1`, [template.id]);
  assert.equal(stored?.next_run_date, '2026-06-10');
  assert.ok(await financialQueue.getJobScheduler(`invoice-template:${template.id}`), 'runs ahead: it keeps its scheduler');

  // A one-off (start = end): its tick makes the invoice, and the schedule being over drops its scheduler.
  const once = await createInvoiceTemplate({
    ctx,
    input: { name: 'Once', clientId: client.id, lines: [{ description: 'Setup', quantity: '1', unitPrice: '50.00', taxRate: '0' }], interval: { unit: 'year' }, startDate: '2026-05-01', endDate: '2026-05-01' },
  });
  await producer.enqueue('financial', GENERATE_RECURRING_INVOICES, { tenantId, templateId: once.id }, { jobId: 'tick-once' });
  await waitFor(async () => ((await financialQueue.getJobScheduler(`invoice-template:${once.id}`)) ? undefined : true), { what: "the one-off's scheduler removed" });
  const [made] = await query<{ count: string }>(`select count(*) from financial.invoice_template_runs where template_id = $1`, [once.id]);
  assert.equal(made?.count, '1');
});
