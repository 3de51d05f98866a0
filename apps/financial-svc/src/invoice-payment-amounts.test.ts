import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { invoicingTenant } from './test-api.ts';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

type Invoice = { id: string; number: string; status: string; amountPaid: string; amountDue: string };

const setUp = () => invoicingTenant(harness);

type Tenant = Awaited<ReturnType<typeof setUp>>;

async function issued(tenant: Tenant, total: string): Promise<Invoice> {
  const draft = await tenant.api.json<Invoice>(tenant.api.post('/v1/financial/invoices', { clientId: tenant.clientId, lines: [{ description: 'Work', quantity: '1', unitPrice: total, taxRate: '0' }] }));
  return tenant.api.json<Invoice>(tenant.api.post(`/v1/financial/invoices/${draft.id}/issue`, undefined));
}

/** Money in entered by hand, naming the invoice (so matching records it as a payment). */
const moneyIn = (tenant: Tenant, amount: string, invoice: Invoice) =>
  tenant.api.json<{ id: string }>(tenant.api.post('/v1/financial/transactions', { accountId: tenant.accountId, bookingDate: '2026-03-02', amount, description: `Payment ${invoice.number}` }));

async function changeAmount(tenant: Tenant, transactionId: string, amount: string): Promise<void> {
  const response = await fetch(`${harness.url}/v1/financial/transactions/${transactionId}`, {
    method: 'PATCH',
    headers: { ...(await harness.as(tenant.tenantId)).headers, 'content-type': 'application/json' },
    body: JSON.stringify({ amount }),
  });
  assert.equal(response.status, 200, await response.text());
}

const state = async (tenant: Tenant, invoice: Invoice) => {
  const current = await tenant.api.json<Invoice>(tenant.api.get(`/v1/financial/invoices/${invoice.id}`));
  const listed = await tenant.api.json<{ items: { amount: string }[] }>(tenant.api.get(`/v1/financial/invoices/${invoice.id}/payments`));
  return { status: current.status, paid: current.amountPaid, due: current.amountDue, payments: listed.items.map((payment) => payment.amount) };
};

const paidEvents = async (invoiceId: string) =>
  (await harness.queryAsOwner(`select 1 from financial.outbox where type = 'InvoicePaid' and aggregate_id = $1`, [invoiceId])).length;

const audits = (tenantId: string, type: string) =>
  harness.queryAsOwner<{ payload: Record<string, unknown> }>(`select payload from financial.event_log where tenant_id = $1 and type = $2 order by occurred_at`, [tenantId, type]);

test('lowering a paying transaction reopens the invoice with the smaller payment; raising it back pays it again; more pays nothing more', async () => {
  const tenant = await setUp();
  const invoice = await issued(tenant, '100.00');
  const transaction = await moneyIn(tenant, '100.00', invoice);
  assert.deepEqual(await state(tenant, invoice), { status: 'paid', paid: '100.00', due: '0.00', payments: ['100.00'] });
  assert.equal(await paidEvents(invoice.id), 1);

  await changeAmount(tenant, transaction.id, '60.00');
  assert.deepEqual(await state(tenant, invoice), { status: 'issued', paid: '60.00', due: '40.00', payments: ['60.00'] });
  const [changed] = await audits(tenant.tenantId, 'InvoicePaymentChanged');
  assert.deepEqual([changed?.payload['from'], changed?.payload['to'], changed?.payload['reopened']], ['100', '60', true]);

  await changeAmount(tenant, transaction.id, '100.00');
  assert.deepEqual(await state(tenant, invoice), { status: 'paid', paid: '100.00', due: '0.00', payments: ['100.00'] });
  assert.equal(await paidEvents(invoice.id), 2, 'paid again after being reopened');

  await changeAmount(tenant, transaction.id, '150.00');
  assert.deepEqual(await state(tenant, invoice), { status: 'paid', paid: '100.00', due: '0.00', payments: ['100.00'] });
  await changeAmount(tenant, transaction.id, '100.00');
  assert.equal(await paidEvents(invoice.id), 2, 'an invoice that stays paid is not paid again');
  assert.equal((await audits(tenant.tenantId, 'InvoicePaymentChanged')).length, 2);

  await changeAmount(tenant, transaction.id, '-100.00');
  assert.deepEqual(await state(tenant, invoice), { status: 'issued', paid: '0.00', due: '100.00', payments: [] });
  const [deleted] = await audits(tenant.tenantId, 'InvoicePaymentDeleted');
  assert.deepEqual([deleted?.payload['reason'], deleted?.payload['reopened']], ['transaction_amount_changed', true]);
});

test('a partial payment follows its transaction: it stays partial with the new amount, and completes the invoice when it grows to the rest', async () => {
  const tenant = await setUp();
  const invoice = await issued(tenant, '300.00');
  const first = await moneyIn(tenant, '100.00', invoice);
  await moneyIn(tenant, '150.00', invoice);
  assert.deepEqual(await state(tenant, invoice), { status: 'issued', paid: '250.00', due: '50.00', payments: ['100.00', '150.00'] });

  await changeAmount(tenant, first.id, '80.50');
  assert.deepEqual(await state(tenant, invoice), { status: 'issued', paid: '230.50', due: '69.50', payments: ['80.50', '150.00'] });
  await changeAmount(tenant, first.id, '200.00');
  assert.deepEqual(await state(tenant, invoice), { status: 'paid', paid: '300.00', due: '0.00', payments: ['150.00', '150.00'] }, 'grows only to what the invoice owes');
  assert.equal(await paidEvents(invoice.id), 1);
  // 50.00 of the transaction pays nothing: lowering it by that much leaves the payment alone.
  await changeAmount(tenant, first.id, '150.00');
  assert.deepEqual((await state(tenant, invoice)).payments, ['150.00', '150.00']);
  assert.equal((await state(tenant, invoice)).status, 'paid');
});
