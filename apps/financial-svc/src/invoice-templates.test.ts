import { createClient, createInvoiceTemplate, deleteInvoiceTemplate, generateDueInvoices, updateInvoiceTemplate, type TemplateJob, type TemplateScheduler } from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { callAs } from './test-api.ts';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

/** Every run below is judged on this day. */
const TODAY = '2026-05-10';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness({ clock: () => new Date(`${TODAY}T09:00:00Z`) });
});
after(async () => {
  await harness.close();
});

const api = (tenantId: string, method: string, path: string, body?: unknown) => callAs(harness, tenantId, method, path, body);

async function tenantWithClient(): Promise<{ tenantId: string; clientId: string }> {
  const tenantId = randomUUID();
  const client = await createClient({ ctx: harness.ctxFor(tenantId), input: { name: 'Retainer Client', currency: 'EUR', paymentTermsDays: 14 } });
  return { tenantId, clientId: client.id };
}

const template = (clientId: string, overrides: Record<string, unknown> = {}) => ({
  name: 'Monthly retainer',
  clientId,
  lines: [{ description: 'Retainer', quantity: '1', unitPrice: '1000.00', taxRate: '21' }],
  interval: { unit: 'month' },
  startDate: '2026-03-10',
  ...overrides,
});

type InvoiceRow = { id: string; status: string; number: string | null; issue_date: string; due_date: string; total: string; period: number };

const generatedInvoices = (templateId: string) =>
  harness.queryAsOwner<InvoiceRow>(
    `select i.id, i.status, i.number, i.issue_date::text, i.due_date::text, trim_scale(i.total)::text as total, r.period
       from financial.invoice_template_runs r join financial.invoices i on i.id = r.invoice_id where r.template_id = $1 order by r.period`,
    [templateId],
  );

test('the job makes one invoice per due period, dated on its run date, however often it runs (even twice at once)', async () => {
  const { tenantId, clientId } = await tenantWithClient();
  const created = await api(tenantId, 'POST', '/v1/financial/invoice-templates', template(clientId));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body['nextRunDate'], '2026-03-10');
  const templateId = created.body['id'] as string;

  const ctx = harness.ctxFor(tenantId, null);
  const [first, second] = await Promise.all([generateDueInvoices({ ctx, input: { templateId } }), generateDueInvoices({ ctx, input: { templateId } })]);
  assert.equal(first.invoiceIds.length + second.invoiceIds.length, 3, 'March, April and May are due on 2026-05-10');
  const again = await generateDueInvoices({ ctx, input: { templateId } });
  assert.deepEqual(again.invoiceIds, []);

  const invoices = await generatedInvoices(templateId);
  assert.deepEqual(
    invoices.map((invoice) => [invoice.period, invoice.status, invoice.issue_date, invoice.due_date, invoice.total]),
    [
      [0, 'draft', '2026-03-10', '2026-03-24', '1210'],
      [1, 'draft', '2026-04-10', '2026-04-24', '1210'],
      [2, 'draft', '2026-05-10', '2026-05-24', '1210'],
    ],
  );
  const read = await api(tenantId, 'GET', `/v1/financial/invoice-templates/${templateId}`);
  assert.equal(read.body['nextRunDate'], '2026-06-10');
  assert.equal(read.body['runs'], 3);
});

test('auto-issue numbers each invoice in the gapless series; the end date stops the schedule; running ahead dates the invoice today', async () => {
  const { tenantId, clientId } = await tenantWithClient();
  const created = await api(tenantId, 'POST', '/v1/financial/invoice-templates', template(clientId, { autoIssue: true, interval: { unit: 'day', count: 30 }, startDate: '2026-04-01', endDate: '2026-06-15' }));
  assert.equal(created.status, 201);
  const templateId = created.body['id'] as string;
  await generateDueInvoices({ ctx: harness.ctxFor(tenantId, null), input: { templateId } });
  const due = await generatedInvoices(templateId);
  assert.deepEqual(due.map((invoice) => [invoice.status, invoice.number, invoice.issue_date]), [
    ['issued', 'INV-2026-0001', '2026-04-01'],
    ['issued', 'INV-2026-0002', '2026-05-01'],
  ]);
  const issuedEvents = await harness.queryAsOwner(`select 1 from financial.outbox where tenant_id = $1 and type = 'InvoiceIssued'`, [tenantId]);
  assert.equal(issuedEvents.length, 2);

  // The next run (2026-05-31) made now, ahead of its date: dated today; the one after (2026-06-30) is past the end.
  const ahead = await api(tenantId, 'POST', `/v1/financial/invoice-templates/${templateId}/run`);
  assert.equal(ahead.status, 201, JSON.stringify(ahead.body));
  assert.deepEqual([ahead.body['status'], ahead.body['number'], ahead.body['issueDate']], ['issued', 'INV-2026-0003', TODAY]);
  const over = await api(tenantId, 'GET', `/v1/financial/invoice-templates/${templateId}`);
  assert.equal(over.body['nextRunDate'], null);
  assert.equal((await api(tenantId, 'POST', `/v1/financial/invoice-templates/${templateId}/run`)).status, 409);
  assert.equal((await generatedInvoices(templateId)).length, 3);
});

test('a template keeps its job scheduler in line: scheduled when created, dropped when its schedule ends or it is deleted', async () => {
  const { tenantId, clientId } = await tenantWithClient();
  const calls: Array<['schedule', TemplateJob] | ['unschedule', string]> = [];
  const templateScheduler: TemplateScheduler = {
    scheduleTemplate: async (job) => void calls.push(['schedule', job]),
    unscheduleTemplate: async (id) => void calls.push(['unschedule', id]),
  };
  const ctx = { ...harness.ctxFor(tenantId), templateScheduler };
  const created = await createInvoiceTemplate({ ctx, input: { ...template(clientId), interval: { unit: 'month' } } });
  await updateInvoiceTemplate({ ctx, input: { templateId: created.id, endDate: '2026-03-10' } });
  await generateDueInvoices({ ctx, input: { templateId: created.id } });
  const ended = await updateInvoiceTemplate({ ctx, input: { templateId: created.id, name: 'Ended retainer' } });
  assert.equal(ended.nextRunDate, null);
  await deleteInvoiceTemplate({ ctx, input: { templateId: created.id } });
  assert.deepEqual(calls, [
    ['schedule', { tenantId, templateId: created.id }],
    ['schedule', { tenantId, templateId: created.id }],
    ['unschedule', created.id],
    ['unschedule', created.id],
  ]);
  assert.equal((await harness.queryAsOwner(`select 1 from financial.invoices where tenant_id = $1`, [tenantId])).length, 1, 'its invoice stays');
});

test('templates: list, update (the schedule only until the first run), delete; bad input names the field', async () => {
  const { tenantId, clientId } = await tenantWithClient();
  const created = await api(tenantId, 'POST', '/v1/financial/invoice-templates', template(clientId, { startDate: '2026-06-01' }));
  const templateId = created.body['id'] as string;
  const moved = await api(tenantId, 'PATCH', `/v1/financial/invoice-templates/${templateId}`, { interval: { unit: 'quarter' }, startDate: '2026-07-01' });
  assert.equal(moved.status, 200);
  assert.equal(moved.body['nextRunDate'], '2026-07-01');
  assert.equal((await api(tenantId, 'POST', `/v1/financial/invoice-templates/${templateId}/run`)).status, 201);
  const refused = await api(tenantId, 'PATCH', `/v1/financial/invoice-templates/${templateId}`, { interval: { unit: 'month' } });
  assert.equal(refused.status, 409);
  const renamed = await api(tenantId, 'PATCH', `/v1/financial/invoice-templates/${templateId}`, { name: 'Quarterly retainer', autoIssue: true });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body['nextRunDate'], '2026-10-01');
  const listed = await api(tenantId, 'GET', `/v1/financial/invoice-templates?clientId=${clientId}`);
  assert.deepEqual(listed.body.items!.map((item) => item['name']), ['Quarterly retainer']);

  const field = async (body: unknown) => {
    const response = await api(tenantId, 'POST', '/v1/financial/invoice-templates', body);
    assert.ok(response.status === 400 || response.status === 422, JSON.stringify(response.body));
    return JSON.stringify(response.body['errors']);
  };
  assert.match(await field(template(clientId, { interval: { unit: 'week' } })), /interval/);
  assert.match(await field(template(clientId, { interval: { unit: 'month', count: '2' } })), /interval/);
  assert.match(await field(template(clientId, { lines: [{ quantity: 1, unitPrice: '5', taxRate: '0', description: 'x' }] })), /lines/);
  assert.match(await field(template(clientId, { lines: [{ quantity: '1', description: 'no price' }] })), /lines\.0\./);
  assert.match(await field(template(clientId, { endDate: '2026-01-01' })), /endDate/);
  assert.match(await field(template(randomUUID())), /clientId/);
  assert.match(await field(template(clientId, { startDate: 'tomorrow' })), /startDate/);

  assert.equal((await api(tenantId, 'DELETE', `/v1/financial/invoice-templates/${templateId}`)).status, 204);
  assert.equal((await api(tenantId, 'GET', `/v1/financial/invoice-templates/${templateId}`)).status, 404);
});

test("another tenant's templates are invisible and untouchable, and the job does not run them", async () => {
  const { tenantId, clientId } = await tenantWithClient();
  const stranger = randomUUID();
  const created = await api(tenantId, 'POST', '/v1/financial/invoice-templates', template(clientId));
  const templateId = created.body['id'] as string;
  assert.deepEqual((await api(stranger, 'GET', '/v1/financial/invoice-templates')).body.items, []);
  assert.equal((await api(stranger, 'GET', `/v1/financial/invoice-templates/${templateId}`)).status, 404);
  assert.equal((await api(stranger, 'PATCH', `/v1/financial/invoice-templates/${templateId}`, { name: 'mine' })).status, 404);
  assert.equal((await api(stranger, 'POST', `/v1/financial/invoice-templates/${templateId}/run`)).status, 404);
  assert.equal((await api(stranger, 'DELETE', `/v1/financial/invoice-templates/${templateId}`)).status, 404);
  assert.equal((await api(stranger, 'POST', '/v1/financial/invoice-templates', template(clientId))).status, 422, "another tenant's client is unknown");
  assert.deepEqual((await generateDueInvoices({ ctx: harness.ctxFor(stranger, null), input: { templateId } })).invoiceIds, []);
  assert.equal((await generatedInvoices(templateId)).length, 0);
});
