import { openapiSpecs } from '@ai-service/contracts';
import { specOperations } from '@ai-service/http';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createClient, createDraft, invoiceApi, setUpSeller } from './invoices-fixtures.ts';
import { sendCase } from './test-api.ts';
import { READ, startFinancialHarness, WRITE, type FinancialHarness } from './test-harness.ts';

/**
 * Every operation of openapi/financial/invoices.yaml, driven against another tenant's ids: the
 * other tenant sees nothing and changes nothing; a read-only token cannot write; no token gets 401.
 */

const PATHS = /^\/v1\/financial\/(clients|products|invoice-settings|invoices)(\/\{\w+\}(\/(archive|unarchive|issue|void|credit-note|pdf))?)?$/;

let harness: FinancialHarness;
let owner: string;
let ids: { clientId: string; productId: string; invoiceId: string };

before(async () => {
  harness = await startFinancialHarness();
  owner = randomUUID();
  const api = invoiceApi(harness, owner);
  await setUpSeller(api);
  const clientId = await createClient(api);
  const productId = (await api('POST', '/v1/financial/products', { name: 'Hosting', unitPrice: '10', currency: 'EUR', taxRate: '21' })).body['id'] as string;
  const issued = (await createDraft(api, clientId, { lines: [{ productId, quantity: '1' }] }))['id'] as string;
  await api('POST', `/v1/financial/invoices/${issued}/issue`);
  ids = { clientId, productId, invoiceId: issued };
});
after(async () => {
  await harness.close();
});

/** What another tenant gets: 404 for the owner's ids, an empty list, 422 for a body naming them, or its own new row. */
type Expect = 404 | 'empty' | 422 | 'own';
type Case = { query?: Record<string, string>; body?: unknown; other: Expect; reader?: 200 | 404 };

const line = { description: 'X', quantity: '1', unitPrice: '1', taxRate: '0' };

const cases = (): Record<string, Case> => ({
  listClients: { other: 'empty' },
  createClient: { body: { name: 'Acme Corp' }, other: 'own' },
  getClient: { other: 404 },
  updateClient: { body: { name: 'stolen' }, other: 404 },
  deleteClient: { other: 404 },
  listProducts: { query: { includeArchived: 'true' }, other: 'empty' },
  createProduct: { body: { name: 'Hosting', unitPrice: '1', currency: 'EUR' }, other: 'own' },
  getProduct: { other: 404 },
  updateProduct: { body: { name: 'stolen' }, other: 404 },
  deleteProduct: { other: 404 },
  archiveProduct: { other: 404 },
  unarchiveProduct: { other: 404 },
  getInvoiceSettings: { other: 404 },
  updateInvoiceSettings: { body: { sellerName: 'Other', defaultCurrency: 'USD' }, other: 'own' },
  listInvoices: { query: { clientId: ids.clientId }, other: 'empty' },
  createInvoice: { body: { clientId: ids.clientId, currency: 'EUR', lines: [line] }, other: 422 },
  getInvoice: { other: 404 },
  updateInvoice: { body: { notes: 'stolen' }, other: 404 },
  deleteInvoice: { other: 404 },
  issueInvoice: { other: 404 },
  voidInvoice: { other: 404 },
  createCreditNote: { other: 404 },
  getInvoicePdf: { other: 404 },
});

const operations = () => specOperations(openapiSpecs['financial']).filter(({ path }) => PATHS.test(path));

function url(path: string, query: Record<string, string> = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_match, name: string) => ids[name as keyof typeof ids]);
  const search = new URLSearchParams(query).toString();
  return `${harness.url}${filled}${search ? `?${search}` : ''}`;
}

const call = (method: string, path: string, testCase: Case, authorization?: string) => sendCase(url(path, testCase.query), method, testCase.body, authorization);

/** Everything the owner can read, to compare before and after the other tenant's attempts. */
async function ownerSnapshot(): Promise<unknown[]> {
  const api = invoiceApi(harness, owner);
  return Promise.all(
    ['/v1/financial/clients', '/v1/financial/products?includeArchived=true', '/v1/financial/invoice-settings', '/v1/financial/invoices'].map(async (path) => (await api('GET', path)).body),
  );
}

test('the cases cover every invoicing operation', () => {
  assert.deepEqual(operations().map(({ operation }) => operation.operationId).sort(), Object.keys(cases()).sort());
});

test('another tenant can neither see nor change anything, through any operation', async () => {
  const before = await ownerSnapshot();
  const other = randomUUID();
  const authorization = `Bearer ${await harness.tokenFor(other, WRITE)}`;
  const table = cases();
  for (const { method, path, operation } of operations()) {
    const testCase = table[operation.operationId]!;
    const response = await call(method, path, testCase, authorization);
    const label = `${operation.operationId} as another tenant`;
    if (testCase.other === 'empty') {
      assert.equal(response.status, 200, label);
      assert.deepEqual(((await response.json()) as { items: unknown[] }).items, [], label);
    } else if (testCase.other === 'own') {
      assert.ok(response.status === 201 || response.status === 200, `${label}: ${response.status}`);
    } else {
      assert.equal(response.status, testCase.other, `${label}: ${await response.text()}`);
    }
  }
  assert.deepEqual(await ownerSnapshot(), before, 'the owner’s data is unchanged');
  const leaked = await harness.queryAsOwner('select 1 from financial.event_log where tenant_id = $1 and aggregate_id = any($2)', [other, Object.values(ids)]);
  assert.deepEqual(leaked, [], 'no audit row of the other tenant touches the owner’s rows');
  const series = await harness.queryAsOwner<{ tenant_id: string }>('select tenant_id from financial.invoice_number_series where tenant_id = $1', [other]);
  assert.deepEqual(series, [], 'the other tenant took no number');
});

test('a read-only token cannot write (403); without a token every operation is 401', async () => {
  const reader = `Bearer ${await harness.tokenFor(owner, READ)}`;
  const table = cases();
  for (const { method, path, operation } of operations()) {
    const testCase = table[operation.operationId]!;
    const writes = operation['x-permission'] === 'financial:write';
    assert.equal(operation['x-permission'], method === 'GET' ? 'financial:read' : 'financial:write', `${operation.operationId} permission`);
    const response = await call(method, path, testCase, reader);
    assert.equal(response.status, writes ? 403 : 200, `${operation.operationId} as reader`);
    assert.equal((await call(method, path, testCase)).status, 401, `${operation.operationId} without a token`);
  }
});
