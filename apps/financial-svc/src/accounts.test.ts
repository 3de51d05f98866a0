import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

async function problemOf(response: Response, status: number): Promise<Record<string, unknown> & { errors?: { field: string }[] }> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  return (await response.json()) as Record<string, unknown> & { errors?: { field: string }[] };
}

async function post(tenant: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: { ...(await harness.as(tenant)).headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('accounts', () => {
  test('create, get, update, list: money as decimal strings with the currency decimals', async () => {
    const tenant = randomUUID();
    const auth = await harness.as(tenant);
    const created = await harness.client.POST('/v1/financial/accounts', {
      ...auth,
      body: { name: 'Main', type: 'checking', currency: 'EUR', openingBalance: '100.1', openingDate: '2024-01-01', iban: 'de89 3704 0044 0532 0130 00' },
    });
    assert.equal(created.response.status, 201);
    const account = created.data!;
    assert.equal(account.openingBalance, '100.10');
    assert.equal(account.balance, '100.10');
    assert.equal(account.iban, 'DE89370400440532013000', 'IBAN stored in electronic form');
    assert.equal(typeof account.balance, 'string');

    const updated = await harness.client.PATCH('/v1/financial/accounts/{accountId}', {
      ...auth,
      params: { path: { accountId: account.id } },
      body: { name: 'Main account', institution: 'Bank', openingBalance: '0' },
    });
    assert.equal(updated.response.status, 200);
    assert.equal(updated.data!.name, 'Main account');
    assert.equal(updated.data!.balance, '0.00');

    const fetched = await harness.client.GET('/v1/financial/accounts/{accountId}', { ...auth, params: { path: { accountId: account.id } } });
    assert.equal(fetched.data!.institution, 'Bank');
    const audit = await harness.queryAsOwner<{ type: string }>('select type from financial.event_log where aggregate_id = $1 order by occurred_at', [account.id]);
    assert.deepEqual(
      audit.map((row) => row.type),
      ['AccountCreated', 'AccountUpdated'],
    );
  });

  test('the balance is the opening balance plus live transactions, summed exactly; booked balance leaves pending out', async () => {
    const tenant = randomUUID();
    const auth = await harness.as(tenant);
    const account = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'Cash', type: 'cash', currency: 'EUR', openingBalance: '0.1' } }))
      .data!;
    const amounts = ['0.2', '0.1', '-0.03', '1000000000000.01'];
    const ids: string[] = [];
    for (const amount of amounts) {
      const created = await harness.client.POST('/v1/financial/transactions', { ...auth, body: { accountId: account.id, bookingDate: '2024-02-01', amount } });
      assert.equal(created.response.status, 201);
      ids.push(created.data!.id);
    }
    await harness.client.POST('/v1/financial/transactions', { ...auth, body: { accountId: account.id, bookingDate: '2024-02-02', amount: '-5', status: 'pending' } });
    let got = (await harness.client.GET('/v1/financial/accounts/{accountId}', { ...auth, params: { path: { accountId: account.id } } })).data!;
    assert.equal(got.balance, '999999999995.38');
    assert.equal(got.bookedBalance, '1000000000000.38');

    await harness.client.DELETE('/v1/financial/transactions/{transactionId}', { ...auth, params: { path: { transactionId: ids[3]! } } });
    got = (await harness.client.GET('/v1/financial/accounts/{accountId}', { ...auth, params: { path: { accountId: account.id } } })).data!;
    assert.equal(got.balance, '-4.63', 'a deleted transaction no longer counts');
  });

  test('amounts are checked against the currency: over-precise → 422, not a decimal or a JSON number → 400, each naming the field', async () => {
    const tenant = randomUUID();
    let problem = await problemOf(await post(tenant, '/v1/financial/accounts', { name: 'A', type: 'cash', currency: 'EUR', openingBalance: '1.234' }), 422);
    assert.deepEqual(
      problem.errors?.map((error) => error.field),
      ['openingBalance'],
    );
    problem = await problemOf(await post(tenant, '/v1/financial/accounts', { name: 'A', type: 'cash', currency: 'JPY', openingBalance: '1.5' }), 422);
    assert.equal(problem.errors?.[0]?.field, 'openingBalance');
    problem = await problemOf(await post(tenant, '/v1/financial/accounts', { name: 'A', type: 'cash', currency: 'EUR', openingBalance: '1e3' }), 400);
    assert.equal(problem.errors?.[0]?.field, 'body.openingBalance');
    problem = await problemOf(await post(tenant, '/v1/financial/accounts', { name: 'A', type: 'cash', currency: 'EUR', openingBalance: 12.5 }), 400);
    assert.equal(problem.errors?.[0]?.field, 'body.openingBalance', 'a float is refused, not coerced to text');
    problem = await problemOf(await post(tenant, '/v1/financial/accounts', { name: 'A', type: 'cash', currency: 'ABC' }), 422);
    assert.equal(problem.errors?.[0]?.field, 'currency');
    problem = await problemOf(await post(tenant, '/v1/financial/accounts', { name: 'A', type: 'cash', currency: 'EUR', iban: 'DE00 1234' }), 422);
    assert.equal(problem.errors?.[0]?.field, 'iban');
    problem = await problemOf(await post(tenant, '/v1/financial/accounts', { name: 'A', type: 'stocks', currency: 'EUR' }), 400);
    assert.equal(problem.errors?.[0]?.field, 'body.type');
    const stored = await harness.queryAsOwner('select 1 from financial.accounts where tenant_id = $1', [tenant]);
    assert.equal(stored.length, 0, 'nothing was written');
  });

  test('archived accounts leave the default list and come back; their balance still counts its transactions', async () => {
    const tenant = randomUUID();
    const auth = await harness.as(tenant);
    const keep = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'B keep', type: 'savings', currency: 'USD' } })).data!;
    const old = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'A old', type: 'loan', currency: 'USD', openingBalance: '-500' } })).data!;
    const archived = await harness.client.POST('/v1/financial/accounts/{accountId}/archive', { ...auth, params: { path: { accountId: old.id } } });
    assert.equal(archived.data!.archived, true);
    assert.ok(archived.data!.archivedAt);
    const listed = (await harness.client.GET('/v1/financial/accounts', auth)).data!.items;
    assert.deepEqual(
      listed.map((account) => account.id),
      [keep.id],
    );
    const all = (await harness.client.GET('/v1/financial/accounts', { ...auth, params: { query: { includeArchived: true } } })).data!.items;
    assert.deepEqual(
      all.map((account) => [account.name, account.balance]),
      [
        ['A old', '-500.00'],
        ['B keep', '0.00'],
      ],
    );
    const back = await harness.client.POST('/v1/financial/accounts/{accountId}/unarchive', { ...auth, params: { path: { accountId: old.id } } });
    assert.equal(back.data!.archived, false);
    assert.equal((await harness.client.GET('/v1/financial/accounts', auth)).data!.items.length, 2);
  });
});
