import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createClient, createDraft, invoiceApi, setUpSeller, TINY_PNG } from './invoices-fixtures.ts';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness({ clock: () => new Date('2026-03-10T12:00:00Z') });
});
after(async () => {
  await harness.close();
});

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((error) => error.field);

describe('clients', () => {
  test('create, get, update, list and delete clients: counterparties of kind client with currency and payment terms', async () => {
    const api = invoiceApi(harness, randomUUID());
    const id = await createClient(api, 'Acme Corp', { currency: 'USD', paymentTermsDays: 45 });
    const got = await api('GET', `/v1/financial/clients/${id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body['currency'], 'USD');
    assert.equal(got.body['paymentTermsDays'], 45);
    const counterparty = await api('GET', `/v1/financial/counterparties/${id}`);
    assert.equal(counterparty.body['kind'], 'client', 'a client is a counterparty');

    const updated = await api('PATCH', `/v1/financial/clients/${id}`, { paymentTermsDays: 10, address: { city: 'Paris' } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body['paymentTermsDays'], 10);
    assert.deepEqual(updated.body['address'], { city: 'Paris' });

    await api('POST', '/v1/financial/counterparties', { name: 'Corner shop', kind: 'payee' });
    const list = await api('GET', '/v1/financial/clients');
    assert.deepEqual(
      (list.body['items'] as { name: string }[]).map((client) => client.name),
      ['Acme Corp'],
      'payees and vendors are not clients',
    );
    const payee = (await api('GET', '/v1/financial/counterparties?kind=payee')).body['items'] as { id: string }[];
    assert.equal((await api('GET', `/v1/financial/clients/${payee[0]!.id}`)).status, 404, 'a payee is no client');

    assert.equal((await api('DELETE', `/v1/financial/clients/${id}`)).status, 204);
    assert.equal((await api('GET', `/v1/financial/clients/${id}`)).status, 404);
  });

  test('bad input names the field: 400 for the schema, 422 for a domain rule', async () => {
    const api = invoiceApi(harness, randomUUID());
    const wrongType = await api('POST', '/v1/financial/clients', { name: 'X', paymentTermsDays: '30' });
    assert.equal(wrongType.status, 400);
    assert.ok(fieldsOf(wrongType.body).some((field) => field.includes('paymentTermsDays')), JSON.stringify(wrongType.body));
    const unknownCurrency = await api('POST', '/v1/financial/clients', { name: 'X', currency: 'ABC' });
    assert.equal(unknownCurrency.status, 422);
    assert.deepEqual(fieldsOf(unknownCurrency.body), ['currency']);
  });

  test('a client billed by an invoice cannot be deleted, as client or as counterparty (409 in_use)', async () => {
    const api = invoiceApi(harness, randomUUID());
    const clientId = await createClient(api);
    await createDraft(api, clientId);
    const asClient = await api('DELETE', `/v1/financial/clients/${clientId}`);
    assert.equal(asClient.status, 409);
    assert.equal(asClient.body['code'], 'in_use');
    assert.equal((await api('DELETE', `/v1/financial/counterparties/${clientId}`)).status, 409);
  });
});

describe('products', () => {
  test('CRUD and archive; prices and tax rates are decimal strings', async () => {
    const api = invoiceApi(harness, randomUUID());
    const created = await api('POST', '/v1/financial/products', { name: 'Design hour', unit: 'hour', unitPrice: '85.5', currency: 'EUR', taxRate: '10.5' });
    assert.equal(created.status, 201);
    assert.equal(created.body['unitPrice'], '85.5');
    assert.equal(created.body['taxRate'], '10.5');
    const id = created.body['id'] as string;
    assert.equal((await api('POST', '/v1/financial/products', { name: 'design HOUR', unitPrice: '1', currency: 'EUR' })).status, 409, 'names are unique regardless of case');

    const updated = await api('PATCH', `/v1/financial/products/${id}`, { unitPrice: '90.1234', description: 'Senior' });
    assert.equal(updated.body['unitPrice'], '90.1234');
    assert.equal((await api('POST', `/v1/financial/products/${id}/archive`)).body['archived'], true);
    assert.deepEqual((await api('GET', '/v1/financial/products')).body['items'], []);
    assert.equal(((await api('GET', '/v1/financial/products?includeArchived=true')).body['items'] as unknown[]).length, 1);
    assert.equal((await api('POST', `/v1/financial/products/${id}/unarchive`)).body['archived'], false);
    assert.equal((await api('GET', `/v1/financial/products/${id}`)).body['description'], 'Senior');
    assert.equal((await api('DELETE', `/v1/financial/products/${id}`)).status, 204);
    assert.equal((await api('GET', `/v1/financial/products/${id}`)).status, 404);
  });

  test('bad input names the field; a product used on an invoice can be archived, not deleted', async () => {
    const api = invoiceApi(harness, randomUUID());
    const asNumber = await api('POST', '/v1/financial/products', { name: 'X', unitPrice: 12.5, currency: 'EUR' });
    assert.equal(asNumber.status, 400);
    assert.ok(fieldsOf(asNumber.body).some((field) => field.includes('unitPrice')));
    const tooMuchTax = await api('POST', '/v1/financial/products', { name: 'X', unitPrice: '1', currency: 'EUR', taxRate: '101' });
    assert.equal(tooMuchTax.status, 422);
    assert.deepEqual(fieldsOf(tooMuchTax.body), ['taxRate']);

    const product = (await api('POST', '/v1/financial/products', { name: 'Hosting', unit: 'month', unitPrice: '19.99', currency: 'EUR', taxRate: '21' })).body;
    const clientId = await createClient(api);
    const draft = await createDraft(api, clientId, { lines: [{ productId: product['id'], quantity: '2' }] });
    const line = (draft['lines'] as Record<string, unknown>[])[0]!;
    assert.deepEqual(
      { description: line['description'], unit: line['unit'], unitPrice: line['unitPrice'], taxRate: line['taxRate'], netAmount: line['netAmount'] },
      { description: 'Hosting', unit: 'month', unitPrice: '19.99', taxRate: '21', netAmount: '39.98' },
      'a line copies the product',
    );
    const refused = await api('DELETE', `/v1/financial/products/${product['id']}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body['code'], 'in_use');
  });
});

describe('invoice settings', () => {
  test('404 until set; PUT replaces them; the IBAN is normalized and the logo checked', async () => {
    const api = invoiceApi(harness, randomUUID());
    assert.equal((await api('GET', '/v1/financial/invoice-settings')).status, 404);
    const saved = await setUpSeller(api, { logo: TINY_PNG, invoiceNumberPrefix: 'F{YYYY}/' });
    assert.equal(saved['iban'], 'ES9121000418450200051332');
    assert.equal(saved['logoMediaType'], 'image/png');
    assert.equal(saved['creditNoteNumberPrefix'], 'CN-{YYYY}-');
    const got = await api('GET', '/v1/financial/invoice-settings');
    assert.equal(got.body['invoiceNumberPrefix'], 'F{YYYY}/');

    const notAnImage = await api('PUT', '/v1/financial/invoice-settings', { sellerName: 'S', defaultCurrency: 'EUR', logo: Buffer.from('GIF89a-not-allowed').toString('base64') });
    assert.equal(notAnImage.status, 422);
    assert.deepEqual(fieldsOf(notAnImage.body), ['logo']);
    const tooLarge = await api('PUT', '/v1/financial/invoice-settings', { sellerName: 'S', defaultCurrency: 'EUR', logo: 'A'.repeat(350_004) });
    assert.equal(tooLarge.status, 400);
    assert.ok(fieldsOf(tooLarge.body).some((field) => field.includes('logo')));
    const sameSeries = await api('PUT', '/v1/financial/invoice-settings', { sellerName: 'S', defaultCurrency: 'EUR', invoiceNumberPrefix: 'X-', creditNoteNumberPrefix: 'X-' });
    assert.equal(sameSeries.status, 422);
    assert.deepEqual(fieldsOf(sameSeries.body), ['creditNoteNumberPrefix']);
  });
});
