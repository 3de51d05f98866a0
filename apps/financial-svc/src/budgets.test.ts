import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { problemOf, tenantApi, type TenantApi } from './test-api.ts';
import { READ, startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

type Line = { month: string; categoryId: string; categoryName: string; kind: string; rollover: boolean; budget: string; rolledOver: string; actual: string; remaining: string; rates: { currency: string }[] };

const pick = (lines: Line[]) => lines.map(({ month, categoryName, budget, rolledOver, actual, remaining }) => ({ month, categoryName, budget, rolledOver, actual, remaining }));

async function setup(api: TenantApi) {
  const id = async (response: Promise<Response>) => (await api.json<{ id: string }>(response)).id;
  const eur = await id(api.post('/v1/financial/accounts', { name: 'Main', type: 'checking', currency: 'EUR' }));
  const usd = await id(api.post('/v1/financial/accounts', { name: 'Dollars', type: 'checking', currency: 'USD' }));
  const food = await id(api.post('/v1/financial/categories', { name: 'Food', kind: 'expense' }));
  const groceries = await id(api.post('/v1/financial/categories', { name: 'Groceries', parentId: food }));
  const salary = await id(api.post('/v1/financial/categories', { name: 'Salary', kind: 'income' }));
  await api.json(api.post('/v1/financial/exchange-rates', { date: '2024-01-01', baseCurrency: 'EUR', quoteCurrency: 'USD', rate: '1.1' }));
  const spend = (accountId: string, bookingDate: string, amount: string, categoryId: string) => api.json(api.post('/v1/financial/transactions', { accountId, bookingDate, amount, categoryId }));
  await spend(eur, '2024-01-08', '-250.00', groceries);
  await spend(usd, '2024-01-10', '-11.00', groceries);
  await spend(eur, '2024-01-31', '3100.00', salary);
  await spend(eur, '2024-02-14', '-400.00', food);
  await spend(eur, '2024-03-02', '-100.00', food);
  await spend(eur, '2024-04-20', '-50.00', groceries);
  return { food, groceries, salary };
}

describe('budgets', () => {
  test('budget, rollover carried month to month while months roll over, actual with descendants and converted amounts', async () => {
    const tenant = randomUUID();
    const api = tenantApi(harness, tenant);
    const { food, salary } = await setup(api);
    const put = (month: string, categoryId: string, body: unknown) => api.json(api.put(`/v1/financial/budgets/${month}/${categoryId}`, body));
    const saved = await put('2024-01', food, { amount: '300', rollover: true });
    assert.deepEqual({ ...saved, id: undefined, createdAt: undefined, updatedAt: undefined }, {
      id: undefined,
      month: '2024-01',
      categoryId: food,
      amount: '300.00',
      rollover: true,
      currency: 'EUR',
      createdAt: undefined,
      updatedAt: undefined,
    });
    await put('2024-02', food, { amount: '300', rollover: true });
    await put('2024-03', food, { amount: '300' });
    await put('2024-04', food, { amount: '300', rollover: true });
    await put('2024-01', salary, { amount: '3000' });

    const january = await api.json<{ month: string; currency: string; items: Line[] }>(api.get('/v1/financial/budgets?month=2024-01'));
    assert.equal(january.currency, 'EUR');
    // Food in January: 250.00 of Groceries (a child) + 11.00 USD / 1.1 = 10.00.
    assert.deepEqual(pick(january.items), [
      { month: '2024-01', categoryName: 'Food', budget: '300.00', rolledOver: '0.00', actual: '260.00', remaining: '40.00' },
      { month: '2024-01', categoryName: 'Salary', budget: '3000.00', rolledOver: '0.00', actual: '3100.00', remaining: '-100.00' },
    ]);
    assert.deepEqual(january.items[0]!.rates.map((rate) => rate.currency), ['USD']);

    const report = await api.json<{ items: Line[] }>(api.get('/v1/financial/reports/budget-vs-actual?from=2024-02&to=2024-04'));
    assert.deepEqual(pick(report.items), [
      { month: '2024-02', categoryName: 'Food', budget: '300.00', rolledOver: '40.00', actual: '400.00', remaining: '-60.00' },
      { month: '2024-03', categoryName: 'Food', budget: '300.00', rolledOver: '-60.00', actual: '100.00', remaining: '140.00' },
      { month: '2024-04', categoryName: 'Food', budget: '300.00', rolledOver: '0.00', actual: '50.00', remaining: '250.00' },
    ]);

    // Without January's budget the chain into February starts there: nothing rolls into it.
    assert.equal((await api.del(`/v1/financial/budgets/2024-01/${food}`)).status, 204);
    const february = await api.json<{ items: Line[] }>(api.get('/v1/financial/budgets?month=2024-02'));
    assert.deepEqual(pick(february.items), [{ month: '2024-02', categoryName: 'Food', budget: '300.00', rolledOver: '0.00', actual: '400.00', remaining: '-100.00' }]);
    await problemOf(await api.del(`/v1/financial/budgets/2024-01/${food}`), 404);

    const csv = await api.get('/v1/financial/reports/budget-vs-actual?from=2024-03&to=2024-03&format=csv');
    assert.deepEqual((await csv.text()).trimEnd().split('\n'), [
      'month,categoryId,categoryName,kind,budget,rolledOver,actual,remaining,currency,rates',
      `2024-03,${food},Food,expense,300.00,-100.00,100.00,100.00,EUR,`,
    ]);

    const audit = await harness.queryAsOwner<{ type: string }>("select type from financial.event_log where tenant_id = $1 and aggregate_type = 'budget' order by occurred_at", [tenant]);
    assert.deepEqual(audit.map((row) => row.type), ['BudgetSet', 'BudgetSet', 'BudgetSet', 'BudgetSet', 'BudgetSet', 'BudgetDeleted']);
  });

  test('setting a budget again replaces it', async () => {
    const api = tenantApi(harness, randomUUID());
    const { groceries } = await setup(api);
    const first = await api.json<{ id: string }>(api.put(`/v1/financial/budgets/2024-04/${groceries}`, { amount: '80', rollover: true }));
    const second = await api.json<{ id: string; amount: string; rollover: boolean }>(api.put(`/v1/financial/budgets/2024-04/${groceries}`, { amount: '90.5' }));
    assert.deepEqual([second.id, second.amount, second.rollover], [first.id, '90.50', false]);
    const lines = await api.json<{ items: Line[] }>(api.get('/v1/financial/budgets?month=2024-04'));
    assert.deepEqual(pick(lines.items), [{ month: '2024-04', categoryName: 'Groceries', budget: '90.50', rolledOver: '0.00', actual: '50.00', remaining: '40.50' }]);
  });

  test("a category's budgets go with it when it is deleted", async () => {
    const tenant = randomUUID();
    const api = tenantApi(harness, tenant);
    const travel = await api.json<{ id: string }>(api.post('/v1/financial/categories', { name: 'Travel', kind: 'expense' }));
    await api.json(api.put(`/v1/financial/budgets/2024-05/${travel.id}`, { amount: '500' }));
    assert.equal((await api.del(`/v1/financial/categories/${travel.id}`)).status, 204);
    assert.deepEqual((await api.json<{ items: unknown[] }>(api.get('/v1/financial/budgets?month=2024-05'))).items, []);
  });

  test('bad input is refused naming the field', async () => {
    const tenant = randomUUID();
    const api = tenantApi(harness, tenant);
    const { food } = await setup(api);
    const put = (path: string, body: unknown) => api.put(`/v1/financial/budgets/${path}`, body);
    assert.equal((await problemOf(await put(`2024-01/${food}`, { amount: 5 }), 400)).errors?.[0]?.field, 'body.amount');
    assert.equal((await problemOf(await put(`2024-01/${food}`, { amount: '-5' }), 422)).errors?.[0]?.field, 'amount');
    assert.equal((await problemOf(await put(`2024-01/${food}`, { amount: '5.001' }), 422)).errors?.[0]?.field, 'amount');
    assert.equal((await problemOf(await put(`2024-13/${food}`, { amount: '5' }), 400)).errors?.[0]?.field, 'params.month');
    assert.equal((await problemOf(await put(`2024-01/${food}`, { amount: '5', extra: 1 }), 400)).errors?.[0]?.field, 'body.extra');
    await problemOf(await put(`2024-01/${randomUUID()}`, { amount: '5' }), 404);
    assert.equal((await problemOf(await api.get('/v1/financial/budgets'), 400)).errors?.[0]?.field, 'querystring.month');
    await problemOf(await tenantApi(harness, tenant, READ).put(`/v1/financial/budgets/2024-01/${food}`, { amount: '5' }), 403);
  });

  test("another tenant cannot see, set or delete this tenant's budgets", async () => {
    const api = tenantApi(harness, randomUUID());
    const { food } = await setup(api);
    await api.json(api.put(`/v1/financial/budgets/2024-01/${food}`, { amount: '100' }));
    const other = tenantApi(harness, randomUUID());
    assert.deepEqual((await other.json<{ items: unknown[] }>(other.get('/v1/financial/budgets?month=2024-01'))).items, []);
    await problemOf(await other.put(`/v1/financial/budgets/2024-01/${food}`, { amount: '1' }), 404);
    await problemOf(await other.del(`/v1/financial/budgets/2024-01/${food}`), 404);
    assert.equal((await api.json<{ items: Line[] }>(api.get('/v1/financial/budgets?month=2024-01'))).items[0]!.budget, '100.00');
  });
});
