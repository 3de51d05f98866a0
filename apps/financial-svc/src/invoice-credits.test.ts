import { ingestTransactions, type IngestRow } from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { invoicingTenant, problemOf, type TenantApi } from './test-api.ts';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

/** The receivables report ages invoices on this day; invoices are issued on it. */
const TODAY = '2026-05-10';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness({ clock: () => new Date(`${TODAY}T09:00:00Z`) });
});
after(async () => {
  await harness.close();
});

type Invoice = { id: string; number: string; status: string; total: string; amountCredited: string; amountPaid: string; amountDue: string };

const setUp = () => invoicingTenant(harness);

type Tenant = Awaited<ReturnType<typeof setUp>>;

/** Issues an invoice of one line: quantity × unitPrice at the tax rate. */
async function issueInvoice(tenant: Tenant, unitPrice: string, taxRate: string): Promise<Invoice> {
  const draft = await tenant.api.json<Invoice>(tenant.api.post('/v1/financial/invoices', { clientId: tenant.clientId, lines: [{ description: 'Consulting', quantity: '1', unitPrice, taxRate }] }));
  return tenant.api.json<Invoice>(tenant.api.post(`/v1/financial/invoices/${draft.id}/issue`, undefined));
}

/** A draft credit note of the invoice with one line of -1 × unitPrice at the tax rate (all of it when no price is given). */
async function creditNote(tenant: Tenant, invoiceId: string, line?: { unitPrice: string; taxRate: string }): Promise<string> {
  const note = await tenant.api.json<{ id: string }>(tenant.api.post(`/v1/financial/invoices/${invoiceId}/credit-note`, undefined));
  if (line) {
    const response = await fetch(`${harness.url}/v1/financial/invoices/${note.id}`, {
      method: 'PATCH',
      headers: { ...(await harness.as(tenant.tenantId)).headers, 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ description: 'Correction', quantity: '-1', ...line }] }),
    });
    assert.equal(response.status, 200, await response.text());
  }
  return note.id;
}

const getInvoice = (api: TenantApi, id: string) => api.json<Invoice>(api.get(`/v1/financial/invoices/${id}`));
const amounts = (invoice: Invoice) => [invoice.status, invoice.total, invoice.amountCredited, invoice.amountPaid, invoice.amountDue];

const paidEvents = (invoiceId: string) =>
  harness.queryAsOwner<{ payload: { amount: { amount: string }; transactionId: string | null } }>(
    `select payload from financial.outbox where type = 'InvoicePaid' and aggregate_id = $1 order by position`,
    [invoiceId],
  );

const payments = (tenantId: string) => harness.queryAsOwner<{ invoice_id: string }>(`select invoice_id from financial.invoice_payments where tenant_id = $1`, [tenantId]);

const receivables = (api: TenantApi) => api.json<{ invoices: { invoiceId: string; amountDue: string }[]; totals: { total: string } }>(api.get('/v1/financial/reports/receivables'));

test('an invoice of 119.00 with a credit note of 19.00 is paid in full by a bank transfer of 100.00, with one InvoicePaid', async () => {
  const tenant = await setUp();
  const invoice = await issueInvoice(tenant, '100', '19');
  assert.equal(invoice.total, '119.00');
  // -15.97 net at 19 %: tax -3.0343 → -3.03 (half away from zero), total -19.00.
  const note = await creditNote(tenant, invoice.id, { unitPrice: '15.97', taxRate: '19' });
  const issued = await tenant.api.json<Invoice>(tenant.api.post(`/v1/financial/invoices/${note}/issue`, undefined));
  assert.deepEqual([issued.number, issued.total], ['CN-2026-0001', '-19.00']);
  assert.deepEqual(amounts(await getInvoice(tenant.api, invoice.id)), ['issued', '119.00', '19.00', '0.00', '100.00']);

  const report = await receivables(tenant.api);
  assert.deepEqual(report.invoices.map((row) => [row.invoiceId, row.amountDue]), [[invoice.id, '100.00']], 'receivables show what is owed after the credit');
  assert.equal(report.totals.total, '100.00');

  const transfer = await tenant.api.json<{ id: string }>(
    tenant.api.post('/v1/financial/transactions', { accountId: tenant.accountId, bookingDate: TODAY, amount: '100.00', description: `Payment ${invoice.number}` }),
  );
  assert.deepEqual(amounts(await getInvoice(tenant.api, invoice.id)), ['paid', '119.00', '19.00', '100.00', '0.00']);
  const events = await paidEvents(invoice.id);
  assert.deepEqual(events.map((event) => [event.payload.amount.amount, event.payload.transactionId]), [['100.00', transfer.id]]);
  assert.deepEqual((await receivables(tenant.api)).invoices, []);
  const listed = await tenant.api.json<{ items: Invoice[] }>(tenant.api.get('/v1/financial/invoices?kind=invoice'));
  assert.deepEqual(listed.items.map(amounts), [['paid', '119.00', '19.00', '100.00', '0.00']], 'the list shows total, credited, paid and due too');
});

test('crediting more than the invoice still owes is refused naming lines, and the number is not used; a credit that completes a part payment pays the invoice', async () => {
  const tenant = await setUp();
  const invoice = await issueInvoice(tenant, '119', '0');
  await tenant.api.json(tenant.api.post('/v1/financial/transactions', { accountId: tenant.accountId, bookingDate: TODAY, amount: '50.00', description: invoice.number }));
  assert.deepEqual(amounts(await getInvoice(tenant.api, invoice.id)), ['issued', '119.00', '0.00', '50.00', '69.00']);

  const whole = await creditNote(tenant, invoice.id);
  const refused = await problemOf(await tenant.api.post(`/v1/financial/invoices/${whole}/issue`, undefined), 422);
  assert.deepEqual(refused.errors?.map((error) => error.field), ['lines']);
  assert.match(refused.detail ?? '', /69\.00/);
  assert.equal((await getInvoice(tenant.api, whole)).status, 'draft');

  const rest = await creditNote(tenant, invoice.id, { unitPrice: '69', taxRate: '0' });
  const issued = await tenant.api.json<Invoice>(tenant.api.post(`/v1/financial/invoices/${rest}/issue`, undefined));
  assert.equal(issued.number, 'CN-2026-0001', 'the refused issue gave its number back');
  assert.deepEqual(amounts(await getInvoice(tenant.api, invoice.id)), ['paid', '119.00', '69.00', '50.00', '0.00']);
  assert.deepEqual((await paidEvents(invoice.id)).map((event) => [event.payload.amount.amount, event.payload.transactionId]), [['50.00', null]]);
  const again = await problemOf(await tenant.api.post(`/v1/financial/invoices/${whole}/issue`, undefined), 422);
  assert.deepEqual(again.errors?.map((error) => error.field), ['lines'], 'a paid invoice owes nothing to credit');
});

test('voiding a credit note gives its amount back: a paid invoice is owed again; an invoice with credit notes is not voided', async () => {
  const tenant = await setUp();
  const invoice = await issueInvoice(tenant, '80', '0');
  const note = await creditNote(tenant, invoice.id, { unitPrice: '30', taxRate: '0' });
  await tenant.api.json(tenant.api.post(`/v1/financial/invoices/${note}/issue`, undefined));
  await problemOf(await tenant.api.post(`/v1/financial/invoices/${invoice.id}/void`, undefined), 409);
  await tenant.api.json(tenant.api.post('/v1/financial/transactions', { accountId: tenant.accountId, bookingDate: TODAY, amount: '50.00', description: invoice.number }));
  assert.deepEqual(amounts(await getInvoice(tenant.api, invoice.id)), ['paid', '80.00', '30.00', '50.00', '0.00']);

  const voided = await tenant.api.json<Invoice>(tenant.api.post(`/v1/financial/invoices/${note}/void`, undefined));
  assert.equal(voided.status, 'void');
  assert.deepEqual(amounts(await getInvoice(tenant.api, invoice.id)), ['issued', '80.00', '0.00', '50.00', '30.00']);
  assert.deepEqual((await receivables(tenant.api)).invoices.map((row) => row.amountDue), ['30.00']);
  const audits = await harness.queryAsOwner<{ type: string }>(
    `select type from financial.event_log where tenant_id = $1 and aggregate_id = $2 and type like 'InvoiceCredit%'`,
    [tenant.tenantId, invoice.id],
  );
  assert.deepEqual(audits.map((entry) => entry.type).sort(), ['InvoiceCreditWithdrawn', 'InvoiceCredited']);
});

test('an invoice credited in full owes nothing: it leaves receivables and a later transfer naming it is neither matched nor suggested', async () => {
  const tenant = await setUp();
  const invoice = await issueInvoice(tenant, '50', '0');
  const note = await creditNote(tenant, invoice.id);
  await tenant.api.json(tenant.api.post(`/v1/financial/invoices/${note}/issue`, undefined));
  assert.deepEqual(amounts(await getInvoice(tenant.api, invoice.id)), ['issued', '50.00', '50.00', '0.00', '0.00']);
  assert.deepEqual((await receivables(tenant.api)).invoices, []);

  const row: IngestRow = { externalId: 'bank-1', bookingDate: TODAY, valueDate: null, amount: '50.00', currency: 'EUR', description: `Invoice ${invoice.number}`, counterparty: 'Acme GmbH', notes: null, status: 'booked' };
  const synced = await ingestTransactions({ ctx: harness.ctxFor(tenant.tenantId, null), input: { accountId: tenant.accountId, source: 'gocardless', rows: [row] } });
  assert.deepEqual(synced.invoicesPaid, []);
  assert.deepEqual(await payments(tenant.tenantId), []);
  assert.deepEqual((await tenant.api.json<{ items: unknown[] }>(tenant.api.get('/v1/financial/payment-suggestions'))).items, []);
  await problemOf(await tenant.api.post(`/v1/financial/invoices/${invoice.id}/payments`, { transactionId: synced.createdIds[0] }), 409);
  await problemOf(await tenant.api.post(`/v1/financial/invoices/${invoice.id}/credit-note`, undefined), 409);
  assert.equal((await paidEvents(invoice.id)).length, 0);
});

test('two credit notes issued at once cannot together credit more than the invoice owes', async () => {
  const tenant = await setUp();
  const invoice = await issueInvoice(tenant, '100', '0');
  const notes = [await creditNote(tenant, invoice.id, { unitPrice: '60', taxRate: '0' }), await creditNote(tenant, invoice.id, { unitPrice: '60', taxRate: '0' })];
  const statuses = await Promise.all(notes.map(async (note) => (await tenant.api.post(`/v1/financial/invoices/${note}/issue`, undefined)).status));
  assert.deepEqual(statuses.sort(), [200, 422]);
  assert.deepEqual(amounts(await getInvoice(tenant.api, invoice.id)), ['issued', '100.00', '60.00', '0.00', '40.00']);
});

test('migration 0017 counts the credit notes an older version issued without lowering what their invoice owes, and changes nothing when run again', async () => {
  const tenant = await setUp();
  const credited = await issueInvoice(tenant, '100', '19');
  await tenant.api.json(tenant.api.post(`/v1/financial/invoices/${await creditNote(tenant, credited.id, { unitPrice: '15.97', taxRate: '19' })}/issue`, undefined));
  const untouched = await issueInvoice(tenant, '50', '0');
  // As a version before 0015 left them: the issued credit note counted nowhere.
  await harness.queryAsOwner(`update financial.invoices set amount_credited = 0 where id = $1`, [credited.id]);
  assert.deepEqual(amounts(await getInvoice(tenant.api, credited.id)), ['issued', '119.00', '0.00', '0.00', '119.00']);

  const migration = await readFile(new URL('../drizzle/0017_invoice_credits_backfill.sql', import.meta.url), 'utf8');
  for (const run of [1, 2]) {
    for (const statement of migration.split('--> statement-breakpoint')) await harness.queryAsOwner(statement);
    assert.deepEqual(amounts(await getInvoice(tenant.api, credited.id)), ['issued', '119.00', '19.00', '0.00', '100.00'], `run ${run}`);
    assert.deepEqual(amounts(await getInvoice(tenant.api, untouched.id)), ['issued', '50.00', '0.00', '0.00', '50.00'], `run ${run}`);
  }
  const [forced] = await harness.queryAsOwner<{ forced: boolean }>(`select relforcerowsecurity as forced from pg_class where oid = 'financial.invoices'::regclass`);
  assert.equal(forced?.forced, true, 'row-level security is forced again');
});
