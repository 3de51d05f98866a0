import { createAccount, createClient, createInvoice, createInvoicePayment, createTransaction, issueInvoice, setExchangeRate } from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

/** The report ages invoices on this day. */
const TODAY = '2026-05-10';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness({ clock: () => new Date(`${TODAY}T15:00:00Z`) });
});
after(async () => {
  await harness.close();
});

async function get(tenantId: string, path: string, accept?: string): Promise<{ status: number; type: string; text: string }> {
  const { headers } = await harness.as(tenantId);
  const response = await fetch(`${harness.url}${path}`, { headers: { ...headers, ...(accept ? { accept } : {}) } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

type Ctx = ReturnType<FinancialHarness['ctxFor']>;

async function invoice(ctx: Ctx, clientId: string, total: string, dueDate: string, { currency = 'EUR', issue = true } = {}): Promise<string> {
  const draft = await createInvoice({ ctx, input: { clientId, currency, issueDate: '2025-12-01', dueDate, lines: [{ description: 'Work', quantity: '1', unitPrice: total, taxRate: '0' }] } });
  if (issue) await issueInvoice({ ctx, input: { invoiceId: draft.id } });
  return draft.id;
}

test('open invoices by days overdue on a fixed day, per client and in total, in the base currency; as CSV too', async () => {
  const tenantId = randomUUID();
  const ctx = harness.ctxFor(tenantId);
  const acme = await createClient({ ctx, input: { name: 'Acme', currency: 'EUR' } });
  const zeta = await createClient({ ctx, input: { name: 'Zeta', currency: 'EUR' } });
  await setExchangeRate({ ctx, input: { date: '2026-05-01', baseCurrency: 'EUR', quoteCurrency: 'USD', rate: '1.1' } });

  await invoice(ctx, acme.id, '100.00', '2026-05-20'); // not yet due
  await invoice(ctx, acme.id, '200.00', '2026-05-01'); // 9 days
  const partly = await invoice(ctx, acme.id, '300.00', '2026-03-25'); // 46 days, 50.00 paid
  await invoice(ctx, zeta.id, '110.00', TODAY, { currency: 'USD' }); // due today: not overdue; 100.00 EUR
  await invoice(ctx, zeta.id, '10.00', '2026-04-10'); // 30 days
  await invoice(ctx, zeta.id, '20.00', '2026-04-09'); // 31 days
  await invoice(ctx, zeta.id, '400.00', '2026-02-15'); // 84 days
  await invoice(ctx, zeta.id, '500.00', '2026-01-01'); // 129 days
  await invoice(ctx, zeta.id, '999.00', '2026-01-01', { issue: false }); // a draft owes nothing
  const paid = await invoice(ctx, zeta.id, '70.00', '2026-01-01');

  const account = await createAccount({ ctx, input: { name: 'Bank', type: 'checking', currency: 'EUR' } });
  const fifty = await createTransaction({ ctx, input: { accountId: account.id, bookingDate: '2026-04-01', amount: '50.00', description: 'part payment' } });
  await createInvoicePayment({ ctx, input: { invoiceId: partly, transactionId: fifty.id } });
  const seventy = await createTransaction({ ctx, input: { accountId: account.id, bookingDate: '2026-04-01', amount: '70.00', description: 'settles one' } });
  await createInvoicePayment({ ctx, input: { invoiceId: paid, transactionId: seventy.id } });

  const response = await get(tenantId, '/v1/financial/reports/receivables');
  assert.equal(response.status, 200, response.text);
  const report = JSON.parse(response.text) as {
    currency: string;
    date: string;
    items: Array<{ name: string; invoices: number; amounts: Record<string, string> }>;
    totals: Record<string, string>;
    invoices: Array<{ daysOverdue: number; bucket: string; amountDue: string; baseAmountDue: string; rate: { currency: string; method: string } | null }>;
  };
  assert.equal(report.currency, 'EUR');
  assert.equal(report.date, TODAY);
  assert.deepEqual(
    report.items.map((item) => [item.name, item.invoices, item.amounts]),
    [
      ['Acme', 3, { current: '100.00', days1to30: '200.00', days31to60: '250.00', days61to90: '0.00', over90: '0.00', total: '550.00' }],
      ['Zeta', 5, { current: '100.00', days1to30: '10.00', days31to60: '20.00', days61to90: '400.00', over90: '500.00', total: '1030.00' }],
    ],
  );
  assert.deepEqual(report.totals, { current: '200.00', days1to30: '210.00', days31to60: '270.00', days61to90: '400.00', over90: '500.00', total: '1580.00' });
  const usd = report.invoices.find((entry) => entry.rate !== null)!;
  assert.deepEqual([usd.daysOverdue, usd.bucket, usd.amountDue, usd.baseAmountDue, usd.rate!.currency], [0, 'current', '110.00', '100.00', 'USD']);
  assert.deepEqual(report.invoices.map((entry) => entry.daysOverdue).sort((a, b) => a - b), [-10, 0, 9, 30, 31, 46, 84, 129]);

  for (const csv of [await get(tenantId, '/v1/financial/reports/receivables?format=csv'), await get(tenantId, '/v1/financial/reports/receivables', 'text/csv')]) {
    assert.equal(csv.status, 200);
    assert.match(csv.type, /^text\/csv/);
    const lines = csv.text.trim().split('\n');
    assert.equal(lines[0], 'clientId,name,invoices,current,days1to30,days31to60,days61to90,over90,total,rates');
    assert.equal(lines[1], `${acme.id},Acme,3,100.00,200.00,250.00,0.00,0.00,550.00,`);
    assert.match(lines[2]!, new RegExp(`^${zeta.id},Zeta,5,100.00,10.00,20.00,400.00,500.00,1030.00,USD 2026-05-01 `));
  }

  // Another tenant sees none of it; a bad format is a 400 naming it.
  const stranger = JSON.parse((await get(randomUUID(), '/v1/financial/reports/receivables')).text) as { items: unknown[]; totals: { total: string } };
  assert.deepEqual([stranger.items, stranger.totals.total], [[], '0.00']);
  const bad = await get(tenantId, '/v1/financial/reports/receivables?format=xml');
  assert.equal(bad.status, 400);
  assert.match(bad.text, /format/);
});
