import {
  createAccount,
  createClient,
  createInvoice,
  ingestTransactions,
  issueInvoice,
  runImport,
  type IngestRow,
} from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { callAs } from './test-api.ts';
import { READ, startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

const api = (tenantId: string, method: string, path: string, body?: unknown) => callAs(harness, tenantId, method, path, body);

/** A tenant with an EUR account and a client (with an IBAN). */
async function setUp() {
  const tenantId = randomUUID();
  const ctx = harness.ctxFor(tenantId);
  const account = await createAccount({ ctx, input: { name: 'Business', type: 'checking', currency: 'EUR' } });
  const client = await createClient({ ctx, input: { name: 'Acme GmbH', currency: 'EUR', iban: 'DE89370400440532013000' } });
  return { tenantId, ctx, accountId: account.id, clientId: client.id };
}

type Tenant = Awaited<ReturnType<typeof setUp>>;

/** An issued invoice of `total` EUR (one line, no tax); returns its id and number. */
async function issued(tenant: Tenant, total: string, dates: { issueDate?: string; dueDate?: string } = {}): Promise<{ id: string; number: string }> {
  const draft = await createInvoice({ ctx: tenant.ctx, input: { clientId: tenant.clientId, currency: 'EUR', ...dates, lines: [{ description: 'Consulting', quantity: '1', unitPrice: total, taxRate: '0' }] } });
  const invoice = await issueInvoice({ ctx: tenant.ctx, input: { invoiceId: draft.id } });
  return { id: invoice.id, number: invoice.number! };
}

type InvoiceState = { status: string; amount_paid: string; paid_at: Date | null };
const invoiceState = async (invoiceId: string) =>
  (await harness.queryAsOwner<InvoiceState>(`select status, trim_scale(amount_paid)::text as amount_paid, paid_at from financial.invoices where id = $1`, [invoiceId]))[0]!;

const paidEvents = (invoiceId: string) =>
  harness.queryAsOwner<{ payload: { amount: { amount: string }; transactionId: string | null } }>(
    `select payload from financial.outbox where type = 'InvoicePaid' and aggregate_id = $1 order by position`,
    [invoiceId],
  );

const row = (fields: Partial<IngestRow> & { amount: string; description: string }): IngestRow => ({
  externalId: randomUUID(),
  bookingDate: '2026-03-10',
  valueDate: null,
  currency: 'EUR',
  counterparty: null,
  notes: null,
  status: 'booked',
  ...fields,
});

const sync = (tenant: Tenant, rows: IngestRow[]) => ingestTransactions({ ctx: harness.ctxFor(tenant.tenantId, null), input: { accountId: tenant.accountId, source: 'gocardless', rows } });

test('a synced bank transaction naming an open invoice pays it once: InvoicePaid is emitted once, even when the same rows come again', async () => {
  const tenant = await setUp();
  const invoice = await issued(tenant, '1190.00');
  const rows = [row({ amount: '1190.00', description: `Payment ${invoice.number.toLowerCase().replaceAll('-', ' ')}`, externalId: 'bank-1' }), row({ amount: '-20.00', description: 'Fees' })];

  const first = await sync(tenant, rows);
  assert.deepEqual(first.invoicesPaid, [invoice.id]);
  const state = await invoiceState(invoice.id);
  assert.equal(state.status, 'paid');
  assert.equal(state.amount_paid, '1190');
  assert.ok(state.paid_at);
  const events = await paidEvents(invoice.id);
  assert.equal(events.length, 1);
  assert.equal(events[0]!.payload.amount.amount, '1190.00');
  assert.equal(events[0]!.payload.transactionId, first.createdIds[0]);

  const again = await sync(tenant, rows);
  assert.equal(again.duplicates, 2);
  assert.equal((await paidEvents(invoice.id)).length, 1);
  const payments = await api(tenant.tenantId, 'GET', `/v1/financial/invoices/${invoice.id}/payments`);
  assert.equal(payments.status, 200);
  assert.deepEqual(
    payments.body.items!.map((payment) => [payment['transactionId'], payment['amount'], payment['matchedBy']]),
    [[first.createdIds[0], '1190.00', 'auto']],
  );
});

test('a pending payment pays the invoice when it comes back booked, once', async () => {
  const tenant = await setUp();
  const invoice = await issued(tenant, '300.00');
  const pending = await sync(tenant, [row({ amount: '300.00', description: `RE ${invoice.number}`, externalId: 'p-1', status: 'pending' })]);
  assert.deepEqual(pending.invoicesPaid, []);
  assert.equal((await invoiceState(invoice.id)).status, 'issued');
  const booked = await sync(tenant, [row({ amount: '300.00', description: `RE ${invoice.number}`, externalId: 'p-1' })]);
  assert.deepEqual(booked.bookedIds, pending.createdIds);
  assert.deepEqual(booked.invoicesPaid, [invoice.id]);
  assert.equal((await paidEvents(invoice.id)).length, 1);
});

/** Uploads a CSV statement and runs its import as worker-financial would. */
async function importCsv(tenant: Tenant, csv: string): Promise<void> {
  const { headers } = await harness.as(tenant.tenantId);
  const form = new FormData();
  form.append('accountId', tenant.accountId);
  form.append('file', new Blob([csv]), 'statement.csv');
  const accepted = await fetch(`${harness.url}/v1/financial/imports`, { method: 'POST', headers, body: form });
  assert.equal(accepted.status, 202, await accepted.clone().text());
  const { id } = (await accepted.json()) as { id: string };
  await runImport({ ctx: harness.ctxFor(tenant.tenantId, null), input: { importId: id } });
}

test('an imported statement pays the invoice it names once; importing the same file again changes nothing', async () => {
  const tenant = await setUp();
  const invoice = await issued(tenant, '450.50');
  const csv = ['Date,Description,Payee,Amount,Currency,Reference', `2026-03-12,Invoice ${invoice.number},Acme GmbH,450.50,EUR,TX-1`, '2026-03-13,Rent,Landlord,-900.00,EUR,TX-2', ''].join('\n');
  await importCsv(tenant, csv);
  assert.equal((await invoiceState(invoice.id)).status, 'paid');
  assert.equal((await paidEvents(invoice.id)).length, 1);
  await importCsv(tenant, csv);
  assert.equal((await paidEvents(invoice.id)).length, 1);
  const payments = await api(tenant.tenantId, 'GET', `/v1/financial/invoices/${invoice.id}/payments`);
  assert.equal(payments.body.items!.length, 1);
});

test('a transaction entered by hand pays the invoice it names; money out and other currencies pay nothing', async () => {
  const tenant = await setUp();
  const invoice = await issued(tenant, '99.90');
  const out = await api(tenant.tenantId, 'POST', '/v1/financial/transactions', { accountId: tenant.accountId, bookingDate: '2026-03-01', amount: '-99.90', description: invoice.number });
  assert.equal(out.status, 201);
  assert.equal((await invoiceState(invoice.id)).status, 'issued');
  const created = await api(tenant.tenantId, 'POST', '/v1/financial/transactions', { accountId: tenant.accountId, bookingDate: '2026-03-02', amount: '99.90', notes: `thanks for ${invoice.number}` });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await invoiceState(invoice.id)).status, 'paid');
  assert.equal((await paidEvents(invoice.id)).length, 1);

  const usd = await createAccount({ ctx: tenant.ctx, input: { name: 'USD', type: 'checking', currency: 'USD' } });
  const other = await issued(tenant, '10.00');
  await api(tenant.tenantId, 'POST', '/v1/financial/transactions', { accountId: usd.id, bookingDate: '2026-03-02', amount: '10.00', description: other.number });
  assert.equal((await invoiceState(other.id)).status, 'issued');
});

test('partial payments add up: the invoice is paid (and InvoicePaid emitted) by the one that reaches the total', async () => {
  const tenant = await setUp();
  const invoice = await issued(tenant, '100.00');
  await sync(tenant, [row({ amount: '40.00', description: `part 1 ${invoice.number}` })]);
  assert.deepEqual(await invoiceState(invoice.id), { status: 'issued', amount_paid: '40', paid_at: null });
  assert.equal((await paidEvents(invoice.id)).length, 0);
  const second = await sync(tenant, [row({ amount: '60.00', description: `part 2 ${invoice.number}` })]);
  assert.deepEqual(second.invoicesPaid, [invoice.id]);
  assert.equal((await invoiceState(invoice.id)).status, 'paid');
  const events = await paidEvents(invoice.id);
  assert.equal(events.length, 1);
  assert.equal(events[0]!.payload.amount.amount, '100.00');
  const payments = await api(tenant.tenantId, 'GET', `/v1/financial/invoices/${invoice.id}/payments`);
  assert.deepEqual(payments.body.items!.map((payment) => payment['amount']), ['40.00', '60.00']);
});

test('ambiguous money in becomes suggestions, not payments; accepting one pays, dismissing one sticks', async () => {
  const tenant = await setUp();
  const a = await issued(tenant, '250.00');
  const b = await issued(tenant, '250.00');
  const c = await issued(tenant, '80.00');
  // No number, the exact amount of two invoices; then more than c owes while naming it.
  const batch = await sync(tenant, [row({ amount: '250.00', description: 'Transfer', counterparty: 'ACME GMBH' }), row({ amount: '95.00', description: `for ${c.number}` })]);
  assert.deepEqual(batch.invoicesPaid, []);
  for (const invoice of [a, b, c]) assert.equal((await invoiceState(invoice.id)).status, 'issued');
  assert.equal((await harness.queryAsOwner(`select 1 from financial.invoice_payments where tenant_id = $1`, [tenant.tenantId])).length, 0);

  const listed = await api(tenant.tenantId, 'GET', '/v1/financial/payment-suggestions');
  assert.equal(listed.status, 200);
  const suggestions = listed.body.items as Array<{ id: string; reason: string; amount: string; invoice: { id: string }; transaction: { id: string } }>;
  assert.deepEqual(suggestions.map((s) => [s.invoice.id, s.reason, s.amount]).sort(), [
    [a.id, 'amount_and_client', '250.00'],
    [b.id, 'amount_and_client', '250.00'],
    [c.id, 'reference', '80.00'],
  ].sort());

  const forA = suggestions.find((s) => s.invoice.id === a.id)!;
  const accepted = await api(tenant.tenantId, 'POST', `/v1/financial/payment-suggestions/${forA.id}/accept`);
  assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
  assert.equal(accepted.body['matchedBy'], 'manual');
  assert.equal((await invoiceState(a.id)).status, 'paid');
  assert.equal((await paidEvents(a.id)).length, 1);
  // The transaction is used up: b's suggestion of it is gone from the list.
  const forC = suggestions.find((s) => s.invoice.id === c.id)!;
  const remaining = await api(tenant.tenantId, 'GET', '/v1/financial/payment-suggestions');
  assert.deepEqual((remaining.body.items as Array<{ id: string }>).map((s) => s.id), [forC.id]);
  assert.equal((await api(tenant.tenantId, 'POST', `/v1/financial/payment-suggestions/${forA.id}/accept`)).status, 409);

  assert.equal((await api(tenant.tenantId, 'POST', `/v1/financial/payment-suggestions/${forC.id}/dismiss`)).status, 204);
  assert.deepEqual((await api(tenant.tenantId, 'GET', '/v1/financial/payment-suggestions')).body.items, []);
  const dismissed = await harness.queryAsOwner<{ status: string }>(`select status from financial.payment_suggestions where id = $1`, [forC.id]);
  assert.equal(dismissed[0]!.status, 'dismissed');
});

test('a manual match pays what is left by default; refused when more than owed, money out, another currency, or the transaction is used up', async () => {
  const tenant = await setUp();
  const invoice = await issued(tenant, '500.00');
  const other = await issued(tenant, '100.00');
  const [incoming, small, out] = (
    await sync(tenant, [row({ amount: '700.00', description: 'lump sum' }), row({ amount: '30.00', description: 'x' }), row({ amount: '-5.00', description: 'y' })])
  ).createdIds as [string, string, string];
  const path = `/v1/financial/invoices/${invoice.id}/payments`;

  const bad = await api(tenant.tenantId, 'POST', path, { transactionId: incoming, amount: 12.5 });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /amount/);
  const notUuid = await api(tenant.tenantId, 'POST', path, { transactionId: 'nope' });
  assert.equal(notUuid.status, 400);
  assert.match(JSON.stringify(notUuid.body), /transactionId/);
  const tooMuch = await api(tenant.tenantId, 'POST', path, { transactionId: incoming, amount: '600.00' });
  assert.equal(tooMuch.status, 422);
  assert.equal((tooMuch.body['errors'] as Array<{ field: string }>)[0]!.field, 'amount');
  const moneyOut = await api(tenant.tenantId, 'POST', path, { transactionId: out });
  assert.equal(moneyOut.status, 422);
  assert.equal((moneyOut.body['errors'] as Array<{ field: string }>)[0]!.field, 'transactionId');

  const usd = await createAccount({ ctx: tenant.ctx, input: { name: 'USD', type: 'checking', currency: 'USD' } });
  const dollars = await api(tenant.tenantId, 'POST', '/v1/financial/transactions', { accountId: usd.id, bookingDate: '2026-03-02', amount: '500.00', description: 'in USD' });
  const otherCurrency = await api(tenant.tenantId, 'POST', path, { transactionId: dollars.body['id'] });
  assert.equal(otherCurrency.status, 422);
  assert.equal((otherCurrency.body['errors'] as Array<{ field: string }>)[0]!.field, 'transactionId');

  const part = await api(tenant.tenantId, 'POST', path, { transactionId: small });
  assert.equal(part.status, 201);
  assert.equal(part.body['amount'], '30.00');
  const rest = await api(tenant.tenantId, 'POST', path, { transactionId: incoming });
  assert.equal(rest.status, 201);
  assert.equal(rest.body['amount'], '470.00', 'what the invoice still owed');
  assert.equal((await invoiceState(invoice.id)).status, 'paid');
  assert.equal((await api(tenant.tenantId, 'POST', path, { transactionId: incoming })).status, 409, 'the invoice is paid');

  // 230.00 of the 700.00 is left: it may pay `other` (100.00) but no more than that is left of it.
  const second = await api(tenant.tenantId, 'POST', `/v1/financial/invoices/${other.id}/payments`, { transactionId: incoming });
  assert.equal(second.status, 201);
  assert.equal(second.body['amount'], '100.00');
  const third = await issued(tenant, '200.00');
  const overspent = await api(tenant.tenantId, 'POST', `/v1/financial/invoices/${third.id}/payments`, { transactionId: incoming, amount: '140.00' });
  assert.equal(overspent.status, 422, 'only 130.00 of the transaction is left');
  assert.equal((overspent.body['errors'] as Array<{ field: string }>)[0]!.field, 'amount');
});

test('deleting a payment (or its transaction) reopens a paid invoice, with an audit row; paying it again emits InvoicePaid again', async () => {
  const tenant = await setUp();
  const invoice = await issued(tenant, '75.00');
  const [transactionId] = (await sync(tenant, [row({ amount: '75.00', description: invoice.number })])).createdIds as [string];
  const [payment] = (await api(tenant.tenantId, 'GET', `/v1/financial/invoices/${invoice.id}/payments`)).body.items!;
  assert.equal((await api(tenant.tenantId, 'DELETE', `/v1/financial/invoices/${invoice.id}/payments/${randomUUID()}`)).status, 404);
  assert.equal((await api(tenant.tenantId, 'DELETE', `/v1/financial/invoices/${invoice.id}/payments/${payment!['id']}`)).status, 204);
  assert.deepEqual(await invoiceState(invoice.id), { status: 'issued', amount_paid: '0', paid_at: null });
  const audits = await harness.queryAsOwner<{ payload: { reopened: boolean } }>(`select payload from financial.event_log where tenant_id = $1 and type = 'InvoicePaymentDeleted'`, [tenant.tenantId]);
  assert.deepEqual(audits.map((entry) => entry.payload.reopened), [true]);

  const again = await api(tenant.tenantId, 'POST', `/v1/financial/invoices/${invoice.id}/payments`, { transactionId });
  assert.equal(again.status, 201);
  assert.equal((await invoiceState(invoice.id)).status, 'paid');
  assert.equal((await paidEvents(invoice.id)).length, 2);

  // Deleting the transaction takes its payment back too.
  assert.equal((await api(tenant.tenantId, 'DELETE', `/v1/financial/transactions/${transactionId}`)).status, 204);
  assert.deepEqual(await invoiceState(invoice.id), { status: 'issued', amount_paid: '0', paid_at: null });
  assert.deepEqual((await api(tenant.tenantId, 'GET', `/v1/financial/invoices/${invoice.id}/payments`)).body.items, []);
});

test('payments and suggestions of another tenant are invisible and untouchable', async () => {
  const tenant = await setUp();
  const stranger = await setUp();
  const invoice = await issued(tenant, '60.00');
  const [transactionId] = (await sync(tenant, [row({ amount: '60.00', description: 'no reference' })])).createdIds as [string];
  const [suggestion] = (await api(tenant.tenantId, 'GET', '/v1/financial/payment-suggestions')).body.items as Array<{ id: string }>;
  assert.ok(suggestion);

  assert.equal((await api(stranger.tenantId, 'GET', `/v1/financial/invoices/${invoice.id}/payments`)).status, 404);
  assert.equal((await api(stranger.tenantId, 'POST', `/v1/financial/invoices/${invoice.id}/payments`, { transactionId })).status, 404);
  const [strangerTx] = (await sync(stranger, [row({ amount: '60.00', description: 'mine' })])).createdIds as [string];
  assert.equal((await api(tenant.tenantId, 'POST', `/v1/financial/invoices/${invoice.id}/payments`, { transactionId: strangerTx })).status, 422, "another tenant's transaction is unknown");
  assert.deepEqual((await api(stranger.tenantId, 'GET', '/v1/financial/payment-suggestions')).body.items, []);
  assert.equal((await api(stranger.tenantId, 'POST', `/v1/financial/payment-suggestions/${suggestion.id}/accept`)).status, 404);
  assert.equal((await api(stranger.tenantId, 'POST', `/v1/financial/payment-suggestions/${suggestion.id}/dismiss`)).status, 404);

  const { headers: readOnly } = await harness.as(tenant.tenantId, READ);
  const refused = await fetch(`${harness.url}/v1/financial/payment-suggestions/${suggestion.id}/accept`, { method: 'POST', headers: readOnly });
  assert.equal(refused.status, 403, 'a read-only token cannot match payments');

  const accepted = await api(tenant.tenantId, 'POST', `/v1/financial/payment-suggestions/${suggestion.id}/accept`);
  assert.equal(accepted.status, 201);
  assert.equal((await api(stranger.tenantId, 'DELETE', `/v1/financial/invoices/${invoice.id}/payments/${accepted.body['id']}`)).status, 404);
  assert.equal((await invoiceState(invoice.id)).status, 'paid');
});
