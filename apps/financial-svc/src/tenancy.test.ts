import { openapiSpecs } from '@ai-service/contracts';
import { specOperations } from '@ai-service/http';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sendCase } from './test-api.ts';
import { READ, startFinancialHarness, WRITE, type FinancialHarness } from './test-harness.ts';

/**
 * Every operation of the core areas (accounts, transactions, categories, tags, counterparties),
 * driven against another tenant's ids: the other tenant sees nothing and changes nothing; a
 * read-only token cannot write; no token gets 401.
 */

const AREAS = new Set(['accounts', 'transactions', 'categories', 'tags', 'counterparties']);

let harness: FinancialHarness;
let owner: string;
let ids: Record<'account' | 'account2' | 'transaction' | 'transfer' | 'category' | 'tag' | 'counterparty', string>;

before(async () => {
  harness = await startFinancialHarness();
  owner = randomUUID();
  const auth = await harness.as(owner);
  const account = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'Main', type: 'checking', currency: 'EUR', openingBalance: '10' } })).data!;
  const account2 = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'Savings', type: 'savings', currency: 'EUR' } })).data!;
  const category = (await harness.client.POST('/v1/financial/categories', { ...auth, body: { name: 'Food', kind: 'expense' } })).data!;
  const tag = (await harness.client.POST('/v1/financial/tags', { ...auth, body: { name: 'trip' } })).data!;
  const counterparty = (await harness.client.POST('/v1/financial/counterparties', { ...auth, body: { name: 'Shop' } })).data!;
  const transaction = (
    await harness.client.POST('/v1/financial/transactions', {
      ...auth,
      body: { accountId: account.id, bookingDate: '2024-01-01', amount: '-5', categoryId: category.id, tagIds: [tag.id], counterpartyId: counterparty.id },
    })
  ).data!;
  const transfer = (await harness.client.POST('/v1/financial/transfers', { ...auth, body: { fromAccountId: account.id, toAccountId: account2.id, amount: '1', bookingDate: '2024-01-02' } }))
    .data!;
  ids = {
    account: account.id,
    account2: account2.id,
    transaction: transaction.id,
    transfer: transfer.transferId,
    category: category.id,
    tag: tag.id,
    counterparty: counterparty.id,
  };
});
after(async () => {
  await harness.close();
});

/** What another tenant gets: 404 for the owner's ids, an empty list, 422 for a body naming them, or its own new row. */
type Expect = 404 | 'empty' | 422 | 'own';
type Case = { query?: Record<string, string>; body?: unknown; other: Expect };

const cases = (): Record<string, Case> => ({
  listAccounts: { query: { includeArchived: 'true' }, other: 'empty' },
  createAccount: { body: { name: 'X', type: 'cash', currency: 'EUR' }, other: 'own' },
  getAccount: { other: 404 },
  updateAccount: { body: { name: 'stolen' }, other: 404 },
  archiveAccount: { other: 404 },
  unarchiveAccount: { other: 404 },
  listTransactions: { query: { accountId: ids.account }, other: 'empty' },
  createTransaction: { body: { accountId: ids.account, bookingDate: '2024-01-01', amount: '1' }, other: 422 },
  getTransaction: { other: 404 },
  updateTransaction: { body: { notes: 'stolen' }, other: 404 },
  deleteTransaction: { other: 404 },
  bulkEditTransactions: { body: { ids: [ids.transaction], patch: { notes: 'stolen' } }, other: 404 },
  createTransfer: { body: { fromAccountId: ids.account, toAccountId: ids.account2, amount: '1', bookingDate: '2024-01-01' }, other: 422 },
  linkTransfer: { body: { outgoingTransactionId: ids.transaction, incomingTransactionId: randomUUID() }, other: 404 },
  unlinkTransfer: { other: 404 },
  listCategories: { other: 'empty' },
  createCategory: { body: { name: 'Sub', parentId: ids.category }, other: 422 },
  getCategory: { other: 404 },
  updateCategory: { body: { name: 'stolen' }, other: 404 },
  deleteCategory: { other: 404 },
  listTags: { other: 'empty' },
  createTag: { body: { name: 'trip' }, other: 'own' },
  getTag: { other: 404 },
  updateTag: { body: { name: 'stolen' }, other: 404 },
  deleteTag: { other: 404 },
  listCounterparties: { query: { q: 'Shop' }, other: 'empty' },
  createCounterparty: { body: { name: 'Shop' }, other: 'own' },
  getCounterparty: { other: 404 },
  updateCounterparty: { body: { name: 'stolen' }, other: 404 },
  deleteCounterparty: { other: 404 },
});

const operations = () =>
  specOperations(openapiSpecs['financial']).filter(({ operation }) => ((operation as { tags?: string[] }).tags ?? []).some((tag) => AREAS.has(tag)));

function url(path: string, query: Record<string, string> = {}): string {
  const params: Record<string, string> = {
    accountId: ids.account,
    transactionId: ids.transaction,
    transferId: ids.transfer,
    categoryId: ids.category,
    tagId: ids.tag,
    counterpartyId: ids.counterparty,
  };
  const filled = path.replace(/\{(\w+)\}/g, (_match, name: string) => params[name]!);
  const search = new URLSearchParams(query).toString();
  return `${harness.url}${filled}${search ? `?${search}` : ''}`;
}

const call = (method: string, path: string, testCase: Case, authorization?: string) => sendCase(url(path, testCase.query), method, testCase.body, authorization);

/** Everything the owner can read, to compare before and after the other tenant's attempts. */
async function ownerSnapshot(): Promise<unknown[]> {
  const auth = await harness.as(owner, READ);
  return Promise.all([
    harness.client.GET('/v1/financial/accounts', { ...auth, params: { query: { includeArchived: true } } }).then((result) => result.data),
    harness.client.GET('/v1/financial/transactions', auth).then((result) => result.data),
    harness.client.GET('/v1/financial/categories', auth).then((result) => result.data),
    harness.client.GET('/v1/financial/tags', auth).then((result) => result.data),
    harness.client.GET('/v1/financial/counterparties', auth).then((result) => result.data),
  ]);
}

test('the cases cover every core operation', () => {
  const table = cases();
  assert.deepEqual(operations().map(({ operation }) => operation.operationId).sort(), Object.keys(table).sort());
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
      assert.equal(response.status, 201, label);
    } else {
      assert.equal(response.status, testCase.other, `${label}: ${await response.text()}`);
    }
  }
  assert.deepEqual(await ownerSnapshot(), before, 'the owner’s data is unchanged');
  const leaked = await harness.queryAsOwner('select 1 from financial.event_log where tenant_id = $1 and aggregate_id = any($2)', [other, Object.values(ids)]);
  assert.deepEqual(leaked, [], 'no audit row of the other tenant touches the owner’s rows');
});

test('a read-only token cannot write (403); without a token every operation is 401', async () => {
  const reader = `Bearer ${await harness.tokenFor(owner, READ)}`;
  const table = cases();
  for (const { method, path, operation } of operations()) {
    const testCase = table[operation.operationId]!;
    const writes = operation['x-permission'] === 'financial:write';
    assert.equal(operation['x-permission'], method === 'GET' ? 'financial:read' : 'financial:write', `${operation.operationId} permission`);
    const response = await call(method, path, testCase, reader);
    if (writes) assert.equal(response.status, 403, `${operation.operationId} as reader`);
    else assert.equal(response.status, 200, `${operation.operationId} as reader`);
    assert.equal((await call(method, path, testCase)).status, 401, `${operation.operationId} without a token`);
  }
});
