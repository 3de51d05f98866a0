import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createClient, createDraft, invoiceApi, setUpSeller, type Json } from './invoices-fixtures.ts';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness({ clock: () => new Date('2026-03-10T12:00:00Z') });
});
after(async () => {
  await harness.close();
});

const fieldsOf = (body: Json) => (body.errors ?? []).map((error) => error.field);

describe('drafts', () => {
  test('totals and tax breakdown are exact for awkward values (per-line rounding, tax per rate group)', async () => {
    const api = invoiceApi(harness, randomUUID());
    const clientId = await createClient(api);
    const draft = await createDraft(api, clientId, {
      discountPercent: '33.333',
      lines: [
        { description: 'A', quantity: '3', unitPrice: '0.333', taxRate: '19' },
        { description: 'B', quantity: '1', unitPrice: '10', taxRate: '19' },
        { description: 'C', quantity: '2', unitPrice: '0.125', taxRate: '7', discountPercent: '33.333' },
        { description: 'D', quantity: '1', unitPrice: '0.335', taxRate: '7' },
      ],
    });
    // Lines: 0.999 → 1.00; 10.00; 0.25 × 0.66667 = 0.1666675 → 0.17; 0.335 → 0.34.
    assert.deepEqual(
      (draft['lines'] as { netAmount: string }[]).map((line) => line.netAmount),
      ['1.00', '10.00', '0.17', '0.34'],
    );
    // 7 %: 0.51 − 0.17 (0.1699983) = 0.34, tax 0.0238 → 0.02. 19 %: 11.00 − 3.67 (3.66663) = 7.33, tax 1.3927 → 1.39.
    assert.deepEqual(draft['taxBreakdown'], [
      { rate: '7', net: '0.34', tax: '0.02' },
      { rate: '19', net: '7.33', tax: '1.39' },
    ]);
    assert.deepEqual(
      [draft['subtotal'], draft['discountAmount'], draft['netTotal'], draft['taxTotal'], draft['total'], draft['amountPaid'], draft['amountDue']],
      ['11.51', '3.84', '7.67', '1.41', '9.08', '0.00', '9.08'],
    );
  });

  test('defaults: currency and due date from the client, else from the settings; issue date today', async () => {
    const api = invoiceApi(harness, randomUUID());
    await setUpSeller(api);
    const withTerms = await createClient(api, 'Termed', { currency: 'USD', paymentTermsDays: 45 });
    const plain = await createClient(api, 'Plain');
    const lines = [{ description: 'X', quantity: '1', unitPrice: '1', taxRate: '0' }];
    const first = (await api('POST', '/v1/financial/invoices', { clientId: withTerms, issueDate: '2026-01-31', lines })).body;
    assert.deepEqual([first['currency'], first['dueDate']], ['USD', '2026-03-17']);
    const second = (await api('POST', '/v1/financial/invoices', { clientId: plain, lines })).body;
    assert.deepEqual([second['currency'], second['issueDate'], second['dueDate']], ['EUR', '2026-03-10', '2026-03-24']);
  });

  test('bad input is a 4xx naming the field, and writes nothing', async () => {
    const tenant = randomUUID();
    const api = invoiceApi(harness, tenant);
    const clientId = await createClient(api);
    const line = { description: 'X', quantity: '1', unitPrice: '1', taxRate: '19' };
    const cases: [unknown, number, string][] = [
      [{ clientId, currency: 'EUR', lines: [{ ...line, quantity: 3 }] }, 400, 'quantity'],
      [{ clientId, currency: 'EUR', lines: [{ ...line, unitPrice: '1.23456' }] }, 400, 'unitPrice'],
      [{ clientId, currency: 'EUR', lines: [{ ...line, taxRate: '-1' }] }, 400, 'taxRate'],
      [{ clientId, currency: 'EUR', lines: [line], issueDate: '2026-02-30' }, 400, 'issueDate'],
      [{ clientId, currency: 'EUR', lines: [{ ...line, quantity: '0' }] }, 422, 'lines.0.quantity'],
      [{ clientId, currency: 'EUR', lines: [line, { quantity: '1' }] }, 422, 'lines.1.description'],
      [{ clientId, currency: 'EUR', lines: [line], discountPercent: '100.5' }, 422, 'discountPercent'],
      [{ clientId, currency: 'EUR', lines: [line], issueDate: '2026-03-02', dueDate: '2026-03-01' }, 422, 'dueDate'],
      [{ clientId: randomUUID(), currency: 'EUR', lines: [line] }, 422, 'clientId'],
      [{ clientId, currency: 'EUR', lines: [{ ...line, productId: randomUUID() }] }, 422, 'lines.0.productId'],
      [{ clientId, currency: 'EUR', lines: [line, { ...line, quantity: '999999999999', unitPrice: '9999999999999999' }] }, 422, 'lines.1.quantity'],
      [{ clientId, currency: 'EUR', lines: [{ ...line, quantity: '999999', unitPrice: '9999999999', taxRate: '100' }, { ...line, quantity: '999999', unitPrice: '9999999999' }] }, 422, 'lines'],
    ];
    for (const [body, status, field] of cases) {
      const response = await api('POST', '/v1/financial/invoices', body);
      assert.equal(response.status, status, `${field}: ${JSON.stringify(response.body)}`);
      assert.ok(
        fieldsOf(response.body).some((named) => named.includes(field)),
        `${field} named in ${JSON.stringify(response.body)}`,
      );
    }
    assert.deepEqual(await harness.queryAsOwner('select 1 from financial.invoices where tenant_id = $1', [tenant]), []);
  });

  test('a draft can be changed (lines replaced, totals recomputed) and deleted', async () => {
    const api = invoiceApi(harness, randomUUID());
    const clientId = await createClient(api);
    const draft = await createDraft(api, clientId);
    const id = draft['id'] as string;
    const updated = await api('PATCH', `/v1/financial/invoices/${id}`, { lines: [{ description: 'Y', quantity: '2.5', unitPrice: '40', taxRate: '21' }], notes: 'Thanks' });
    assert.equal(updated.status, 200);
    assert.deepEqual([updated.body['total'], updated.body['notes']], ['121.00', 'Thanks']);
    const discounted = await api('PATCH', `/v1/financial/invoices/${id}`, { discountPercent: '10' });
    assert.equal(discounted.body['total'], '108.90', 'the discount reprices the kept lines');
    assert.equal((await api('DELETE', `/v1/financial/invoices/${id}`)).status, 204);
    assert.equal((await api('GET', `/v1/financial/invoices/${id}`)).status, 404);
  });
});

describe('issuing', () => {
  test('issue assigns the number, freezes the parties and emits InvoiceIssued once; an issued invoice is immutable (409)', async () => {
    const tenant = randomUUID();
    const api = invoiceApi(harness, tenant);
    await setUpSeller(api);
    const clientId = await createClient(api);
    const id = (await createDraft(api, clientId))['id'] as string;
    const issued = await api('POST', `/v1/financial/invoices/${id}/issue`);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.deepEqual([issued.body['status'], issued.body['number']], ['issued', 'INV-2026-0001']);
    assert.equal((issued.body['client'] as Json)['name'], 'Acme Corp');
    assert.equal((issued.body['seller'] as Json)['iban'], 'ES9121000418450200051332');

    await api('PATCH', `/v1/financial/clients/${clientId}`, { name: 'Renamed Corp' });
    assert.equal(((await api('GET', `/v1/financial/invoices/${id}`)).body['client'] as Json)['name'], 'Acme Corp', 'the snapshot stays');

    const edits: [string, string, unknown?][] = [
      ['PATCH', `/v1/financial/invoices/${id}`, { notes: 'changed' }],
      ['PATCH', `/v1/financial/invoices/${id}`, { lines: [] }],
      ['DELETE', `/v1/financial/invoices/${id}`],
      ['POST', `/v1/financial/invoices/${id}/issue`],
    ];
    for (const [method, path, body] of edits) {
      const response = await api(method, path, body);
      assert.equal(response.status, 409, `${method} ${path}`);
      assert.equal(response.body['code'], 'conflict');
    }
    const events = await harness.queryAsOwner<{ payload: Json }>(`select payload from financial.outbox where tenant_id = $1 and type = 'InvoiceIssued'`, [tenant]);
    assert.deepEqual(
      events.map((event) => event.payload),
      [{ invoiceId: id, number: 'INV-2026-0001', clientId, issueDate: '2026-03-01', dueDate: '2026-03-15', total: { amount: '1.19', currency: 'EUR' } }],
    );
    const audit = await harness.queryAsOwner<{ type: string }>('select type from financial.event_log where aggregate_id = $1 order by occurred_at, type', [id]);
    assert.deepEqual(
      audit.map((row) => row.type),
      ['InvoiceDraftCreated', 'InvoiceIssued'],
    );
  });

  test('an empty draft cannot be issued; {YYYY} follows the issue year and each year is its own series', async () => {
    const api = invoiceApi(harness, randomUUID());
    await setUpSeller(api, { invoiceNumberPrefix: 'F{YYYY}/' });
    const clientId = await createClient(api);
    const empty = (await createDraft(api, clientId, { lines: [] }))['id'] as string;
    const refused = await api('POST', `/v1/financial/invoices/${empty}/issue`);
    assert.equal(refused.status, 422);
    assert.deepEqual(fieldsOf(refused.body), ['lines']);
    const numbers = [];
    for (const issueDate of ['2025-12-31', '2026-01-01', '2025-12-30', '2026-01-02']) {
      const id = (await createDraft(api, clientId, { issueDate }))['id'] as string;
      numbers.push((await api('POST', `/v1/financial/invoices/${id}/issue`)).body['number']);
    }
    assert.deepEqual(numbers, ['F2025/0001', 'F2026/0001', 'F2025/0002', 'F2026/0002']);
  });

  test('void: only an issued, unpaid invoice; it keeps its number and owes nothing', async () => {
    const tenant = randomUUID();
    const api = invoiceApi(harness, tenant);
    const clientId = await createClient(api);
    const draft = (await createDraft(api, clientId))['id'] as string;
    assert.equal((await api('POST', `/v1/financial/invoices/${draft}/void`)).status, 409, 'a draft is deleted, not voided');
    await api('POST', `/v1/financial/invoices/${draft}/issue`);
    const voided = await api('POST', `/v1/financial/invoices/${draft}/void`);
    assert.equal(voided.status, 200);
    assert.deepEqual([voided.body['status'], voided.body['number'], voided.body['amountDue']], ['void', 'INV-2026-0001', '0.00']);
    assert.equal((await api('POST', `/v1/financial/invoices/${draft}/void`)).status, 409, 'void is final');

    const partlyPaid = (await createDraft(api, clientId))['id'] as string;
    await api('POST', `/v1/financial/invoices/${partlyPaid}/issue`);
    // Payment recording belongs to payment matching; here a payment is set directly.
    await harness.queryAsOwner(`update financial.invoices set amount_paid = 0.5 where id = $1`, [partlyPaid]);
    const got = await api('GET', `/v1/financial/invoices/${partlyPaid}`);
    assert.deepEqual([got.body['amountPaid'], got.body['amountDue']], ['0.50', '0.69']);
    assert.equal((await api('POST', `/v1/financial/invoices/${partlyPaid}/void`)).status, 409);
  });
});

describe('credit notes', () => {
  test('a credit note negates the invoice, references it and is numbered in its own series', async () => {
    const tenant = randomUUID();
    const api = invoiceApi(harness, tenant);
    const clientId = await createClient(api);
    const invoiceId = (await createDraft(api, clientId, { discountPercent: '33.333' }))['id'] as string;
    assert.equal((await api('POST', `/v1/financial/invoices/${invoiceId}/credit-note`)).status, 409, 'a draft cannot be credited');
    const invoice = (await api('POST', `/v1/financial/invoices/${invoiceId}/issue`)).body;

    const created = await api('POST', `/v1/financial/invoices/${invoiceId}/credit-note`);
    assert.equal(created.status, 201);
    const note = created.body;
    assert.deepEqual(
      [note['kind'], note['status'], note['creditedInvoiceId'], note['clientId'], note['number']],
      ['credit_note', 'draft', invoiceId, clientId, null],
    );
    assert.equal(note['total'], `-${invoice['total'] as string}`);
    assert.equal((note['lines'] as { quantity: string }[])[0]!.quantity, '-3');
    assert.equal((await api('PATCH', `/v1/financial/invoices/${note['id'] as string}`, { clientId: await createClient(api, 'Other') })).status, 422);
    const positive = (await api('POST', `/v1/financial/invoices/${invoiceId}/credit-note`)).body['id'] as string;
    await api('PATCH', `/v1/financial/invoices/${positive}`, { lines: [{ description: 'wrong sign', quantity: '1', unitPrice: '1', taxRate: '0' }] });
    const refused = await api('POST', `/v1/financial/invoices/${positive}/issue`);
    assert.equal(refused.status, 422);
    assert.deepEqual(fieldsOf(refused.body), ['lines']);

    const issued = await api('POST', `/v1/financial/invoices/${note['id'] as string}/issue`);
    assert.deepEqual([issued.body['status'], issued.body['number']], ['issued', 'CN-2026-0001']);
    assert.equal((await api('POST', `/v1/financial/invoices/${note['id'] as string}/credit-note`)).status, 409, 'a credit note is not credited');
    assert.equal(((await api('GET', `/v1/financial/invoices/${invoiceId}`)).body['number'] as string), 'INV-2026-0001', 'the invoice keeps its number');
    const events = await harness.queryAsOwner(`select 1 from financial.outbox where tenant_id = $1 and type = 'InvoiceIssued'`, [tenant]);
    assert.equal(events.length, 1, 'InvoiceIssued is for invoices only');
    assert.equal((await api('POST', `/v1/financial/invoices/${invoiceId}/credit-note`)).status, 409, 'an invoice credited in full owes nothing to credit');
  });
});

describe('listing', () => {
  test('filters by status, client, kind and issue date range, by cursor pages', async () => {
    const api = invoiceApi(harness, randomUUID());
    const acme = await createClient(api);
    const other = await createClient(api, 'Other');
    const ids: string[] = [];
    for (const [index, issueDate] of ['2026-01-05', '2026-01-20', '2026-02-03', '2026-02-28', '2026-03-01'].entries()) {
      ids.push((await createDraft(api, index === 4 ? other : acme, { issueDate }))['id'] as string);
    }
    await api('POST', `/v1/financial/invoices/${ids[1]!}/issue`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = (await api('GET', `/v1/financial/invoices?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...(page['items'] as { id: string }[]).map((item) => item.id));
      cursor = page['nextCursor'] as string | null;
    } while (cursor);
    assert.deepEqual(seen, [...ids].reverse(), 'newest issue date first, every invoice once');

    const list = async (query: string) => ((await api('GET', `/v1/financial/invoices?${query}`)).body['items'] as { id: string }[]).map((item) => item.id);
    assert.deepEqual(await list('status=issued'), [ids[1]]);
    assert.deepEqual(await list(`clientId=${other}`), [ids[4]]);
    assert.deepEqual(await list('from=2026-01-20&to=2026-02-28'), [ids[3], ids[2], ids[1]]);
    assert.deepEqual(await list('kind=credit_note'), []);
    assert.equal((await api('GET', '/v1/financial/invoices?status=open')).status, 400);
    assert.equal((await api('GET', '/v1/financial/invoices?cursor=forged')).status, 400);
    const reversed = await api('GET', '/v1/financial/invoices?from=2026-02-01&to=2026-01-01');
    assert.equal(reversed.status, 422);
    assert.deepEqual(fieldsOf(reversed.body), ['to']);
  });
});
