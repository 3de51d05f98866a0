import { recordTrade } from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { problemOf, tenantApi, type TenantApi } from './test-api.ts';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

type Rate = { currency: string; date: string; rate: string; method: string; via: string | null };
type Row = Record<string, string> & { rates: Rate[] };

const ECB_CSV = ['Date,USD,', '2024-02-29,1.00,', '2024-01-31,1.25,', '2024-01-10,1.20,', '2024-01-02,1.10,', ''].join('\n');

/**
 * A tenant (base EUR) with accounts in EUR, USD, GBP and CHF. Rates: the ECB's EUR/USD, a manual
 * GBP/USD (GBP reaches EUR only through USD: a cross rate) and a manual CHF/EUR (direct); USD
 * converts through the inverse of EUR/USD. Each amount below is the transaction converted at the
 * stored rate of its day or the latest earlier day, rounded to cents:
 *
 * | date | account | amount | category | EUR |
 * | 01-03 | EUR | +3000.00 | Salary (income) | 3000.00 |
 * | 01-05 | EUR | -120.50 | Groceries | 120.50 |
 * | 01-05 | USD | -110.00 | Groceries | 110 / 1.10 (01-02) = 100.00 |
 * | 01-10 | USD | -60.00 (paid as -48.00 EUR) | Restaurants | 60 / 1.20 (01-10) = 50.00: the stored rate, not the bank's |
 * | 01-12 | GBP | -100.00 | Groceries | 100 × 1.25 / 1.20 = 104.1666… = 104.17 |
 * | 01-15 | EUR | -80.00 split -50 Groceries, -30 Restaurants | | 50.00 + 30.00 |
 * | 01-20 | USD | -10.00 pending | Restaurants | 10 / 1.20 = 8.33 |
 * | 01-20 | CHF | -33.33 | Restaurants | 33.33 × 1.05 = 34.9965 = 35.00 |
 * | 01-21 | USD | -999.00 deleted | | left out |
 * | 02-01 | EUR → USD | transfer 200.00 EUR → 220.00 USD | | left out of income and expenses |
 * | 02-10 | EUR | -40.00 | none | 40.00 (uncategorized expense) |
 * | 02-12 | EUR | +15.00 refund | Groceries | lowers expenses by 15.00 |
 * | 02-15 | USD | +100.00 | none | 100 / 1.25 (01-31) = 80.00 (uncategorized income) |
 */
async function seedTenant(api: TenantApi) {
  await api.json(api.upload('/v1/financial/exchange-rates/import', { file: new Blob([ECB_CSV]) }));
  await api.json(api.post('/v1/financial/exchange-rates', { date: '2024-01-01', baseCurrency: 'GBP', quoteCurrency: 'USD', rate: '1.25' }));
  await api.json(api.post('/v1/financial/exchange-rates', { date: '2024-01-01', baseCurrency: 'CHF', quoteCurrency: 'EUR', rate: '1.05' }));
  const account = async (currency: string, openingBalance: string, openingDate: string | null) =>
    (await api.json<{ id: string }>(api.post('/v1/financial/accounts', { name: `${currency} account`, type: 'checking', currency, openingBalance, openingDate }))).id;
  const category = async (name: string, kind?: string, parentId?: string) =>
    (await api.json<{ id: string }>(api.post('/v1/financial/categories', { name, ...(kind ? { kind } : {}), ...(parentId ? { parentId } : {}) }))).id;
  const eur = await account('EUR', '1000.00', '2024-01-01');
  const usd = await account('USD', '500.00', null);
  const gbp = await account('GBP', '0', null);
  const chf = await account('CHF', '0', null);
  const salary = await category('Salary', 'income');
  const food = await category('Food', 'expense');
  const groceries = await category('Groceries', undefined, food);
  const restaurants = await category('Restaurants', undefined, food);
  const transaction = async (body: Record<string, unknown>) => (await api.json<{ id: string }>(api.post('/v1/financial/transactions', body))).id;
  await transaction({ accountId: eur, bookingDate: '2024-01-03', amount: '3000.00', categoryId: salary });
  await transaction({ accountId: eur, bookingDate: '2024-01-05', amount: '-120.50', categoryId: groceries });
  await transaction({ accountId: usd, bookingDate: '2024-01-05', amount: '-110.00', categoryId: groceries });
  await transaction({ accountId: usd, bookingDate: '2024-01-10', amount: '-60.00', originalAmount: '-48.00', originalCurrency: 'EUR', categoryId: restaurants });
  await transaction({ accountId: gbp, bookingDate: '2024-01-12', amount: '-100.00', categoryId: groceries });
  await transaction({
    accountId: eur,
    bookingDate: '2024-01-15',
    amount: '-80.00',
    splits: [
      { amount: '-50.00', categoryId: groceries },
      { amount: '-30.00', categoryId: restaurants },
    ],
  });
  await transaction({ accountId: usd, bookingDate: '2024-01-20', amount: '-10.00', status: 'pending', categoryId: restaurants });
  await transaction({ accountId: chf, bookingDate: '2024-01-20', amount: '-33.33', categoryId: restaurants });
  const deleted = await transaction({ accountId: usd, bookingDate: '2024-01-21', amount: '-999.00' });
  assert.equal((await api.del(`/v1/financial/transactions/${deleted}`)).status, 204);
  await api.json(api.post('/v1/financial/transfers', { fromAccountId: eur, toAccountId: usd, amount: '200.00', toAmount: '220.00', bookingDate: '2024-02-01' }));
  await transaction({ accountId: eur, bookingDate: '2024-02-10', amount: '-40.00' });
  await transaction({ accountId: eur, bookingDate: '2024-02-12', amount: '15.00', categoryId: groceries });
  await transaction({ accountId: usd, bookingDate: '2024-02-15', amount: '100.00' });
  return { eur, usd, gbp, chf, food, groceries, restaurants };
}

const strip = (rows: Row[]) => rows.map(({ rates: _rates, ...rest }) => rest);
const rateKeys = (rates: Rate[]) => rates.map((rate) => `${rate.currency} ${rate.date} ${rate.method}${rate.via ? ` ${rate.via}` : ''} ${rate.rate}`);

describe('reports', () => {
  let api: TenantApi;
  let ids: Awaited<ReturnType<typeof seedTenant>>;
  before(async () => {
    api = tenantApi(harness, randomUUID());
    ids = await seedTenant(api);
  });

  test('income and expenses per month equal the transactions converted at the stored rates, with the rates shown', async () => {
    const report = await api.json<{ currency: string; items: Row[]; totals: Record<string, string> }>(api.get('/v1/financial/reports/income-expenses?from=2024-01&to=2024-03'));
    assert.equal(report.currency, 'EUR');
    assert.deepEqual(strip(report.items), [
      { month: '2024-01', income: '3000.00', expenses: '498.00', net: '2502.00' },
      { month: '2024-02', income: '80.00', expenses: '25.00', net: '55.00' },
      { month: '2024-03', income: '0.00', expenses: '0.00', net: '0.00' },
    ]);
    assert.deepEqual(report.totals, { income: '3080.00', expenses: '523.00', net: '2557.00' });
    assert.deepEqual(rateKeys(report.items[0]!.rates), [
      'CHF 2024-01-01 direct 1.05',
      'GBP 2024-01-01 cross USD 1.0416666667',
      'USD 2024-01-02 inverse 0.9090909091',
      'USD 2024-01-10 inverse 0.8333333333',
    ]);
    assert.deepEqual(rateKeys(report.items[1]!.rates), ['USD 2024-01-31 inverse 0.8'], 'February has only the USD inflow of 02-15 to convert (the latest earlier rate)');
  });

  test('cash flow: inflow, outflow, net and cumulative per month, transfers left out', async () => {
    const report = await api.json<{ items: Row[]; totals: Record<string, string> }>(api.get('/v1/financial/reports/cash-flow?from=2024-01&to=2024-02'));
    assert.deepEqual(strip(report.items), [
      { month: '2024-01', inflow: '3000.00', outflow: '498.00', net: '2502.00', cumulative: '2502.00' },
      { month: '2024-02', inflow: '95.00', outflow: '40.00', net: '55.00', cumulative: '2557.00' },
    ]);
    assert.deepEqual(report.totals, { inflow: '3095.00', outflow: '538.00', net: '2557.00' });
  });

  test('spending by category: top level with an uncategorized bucket, then drill-down into the children', async () => {
    const top = await api.json<{ items: (Row & { categoryId: string | null; hasChildren: boolean })[]; total: string }>(
      api.get('/v1/financial/reports/spending-by-category?from=2024-01-01&to=2024-02-29'),
    );
    assert.deepEqual(
      top.items.map(({ categoryId, name, hasChildren, amount }) => ({ categoryId, name, hasChildren, amount })),
      [
        { categoryId: ids.food, name: 'Food', hasChildren: true, amount: '483.00' },
        { categoryId: null, name: 'Uncategorized', hasChildren: false, amount: '40.00' },
      ],
    );
    assert.equal(top.total, '523.00', 'equals the expenses of income-expenses over the same range');
    const food = await api.json<{ items: (Row & { categoryId: string })[]; total: string; parentId: string }>(
      api.get(`/v1/financial/reports/spending-by-category?from=2024-01-01&to=2024-02-29&parentId=${ids.food}`),
    );
    assert.equal(food.parentId, ids.food);
    assert.deepEqual(
      food.items.map(({ categoryId, amount }) => [categoryId, amount]),
      [
        [ids.groceries, '359.67'],
        [ids.restaurants, '123.33'],
      ],
    );
    assert.equal(food.total, '483.00');
    const income = await api.json<{ items: Row[]; total: string }>(api.get('/v1/financial/reports/spending-by-category?from=2024-01-01&to=2024-02-29&kind=income'));
    assert.deepEqual(income.items.map((row) => [row['name'], row['amount']]), [['Salary', '3000.00'], ['Uncategorized', '80.00']]);
  });

  test('net worth at each month end: balances with opening balances, converted at the month-end rate', async () => {
    const report = await api.json<{ items: Row[] }>(api.get('/v1/financial/reports/net-worth?from=2024-01&to=2024-02'));
    assert.deepEqual(strip(report.items), [
      { month: '2024-01', date: '2024-01-31', assets: '4055.50', liabilities: '135.00', netWorth: '3920.50' },
      { month: '2024-02', date: '2024-02-29', assets: '4214.50', liabilities: '160.00', netWorth: '4054.50' },
    ]);
    assert.deepEqual(rateKeys(report.items[1]!.rates), ['CHF 2024-01-01 direct 1.05', 'GBP 2024-01-01 cross USD 1.25', 'USD 2024-02-29 inverse 1']);
  });

  test('net worth before any USD rate: the USD opening balance (no opening date) cannot be converted, a 422 rather than 1:1', async () => {
    const problem = await problemOf(await api.get('/v1/financial/reports/net-worth?from=2023-12&to=2024-01'), 422);
    assert.equal(problem.code, 'missing_rate');
    assert.match(problem.detail ?? '', /USD into EUR on 2023-12-31/);
  });

  test('account balances at a date, in each account currency and in the base currency', async () => {
    const report = await api.json<{ date: string; total: string; items: (Row & { rate: Rate | null })[] }>(api.get('/v1/financial/reports/account-balances?date=2024-01-31'));
    assert.deepEqual(
      report.items.map((row) => [row['accountCurrency'], row['balance'], row['baseBalance'], row.rate?.rate ?? null]),
      [
        ['CHF', '-33.33', '-35.00', '1.05'],
        ['EUR', '3799.50', '3799.50', null],
        ['GBP', '-100.00', '-100.00', '1'],
        ['USD', '320.00', '256.00', '0.8'],
      ],
    );
    assert.equal(report.total, '3920.50', 'the net worth at the same month end');
  });

  test("an opening balance counts from its opening date on", async () => {
    const other = tenantApi(harness, randomUUID());
    await other.json(other.post('/v1/financial/accounts', { name: 'Savings', type: 'savings', currency: 'EUR', openingBalance: '100.00', openingDate: '2024-02-01' }));
    const balance = async (date: string) => (await other.json<{ total: string }>(other.get(`/v1/financial/reports/account-balances?date=${date}`))).total;
    assert.deepEqual([await balance('2024-01-31'), await balance('2024-02-01')], ['0.00', '100.00']);
    const netWorth = await other.json<{ items: Row[] }>(other.get('/v1/financial/reports/net-worth?from=2024-01&to=2024-02'));
    assert.deepEqual(netWorth.items.map((row) => row['netWorth']), ['0.00', '100.00']);
  });

  test('CSV export: ?format=csv or Accept: text/csv, one line per row with the rates', async () => {
    const response = await api.get('/v1/financial/reports/income-expenses?from=2024-01&to=2024-02&format=csv');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(response.headers.get('content-disposition') ?? '', /filename="income-expenses-2024-01-2024-02.csv"/);
    assert.deepEqual((await response.text()).trimEnd().split('\n'), [
      'month,income,expenses,net,currency,rates',
      '2024-01,3000.00,498.00,2502.00,EUR,CHF 2024-01-01 1.05 direct; GBP 2024-01-01 1.0416666667 cross via USD; USD 2024-01-02 0.9090909091 inverse; USD 2024-01-10 0.8333333333 inverse',
      '2024-02,80.00,25.00,55.00,EUR,USD 2024-01-31 0.8 inverse',
    ]);
    const accepted = await api.get('/v1/financial/reports/cash-flow?from=2024-01&to=2024-01', { accept: 'text/csv' });
    assert.match(accepted.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal((await accepted.text()).split('\n')[0], 'month,inflow,outflow,net,cumulative,currency,rates');
    const spending = await (await api.get('/v1/financial/reports/spending-by-category?from=2024-01-01&to=2024-02-29&format=csv')).text();
    assert.deepEqual(spending.trimEnd().split('\n').slice(0, 3).map((line) => line.split(',').slice(0, 5).join(',')), [
      'categoryId,name,hasChildren,amount,currency',
      `${ids.food},Food,true,483.00,EUR`,
      ',Uncategorized,false,40.00,EUR',
    ]);
    for (const path of ['net-worth?from=2024-01&to=2024-01', 'account-balances?date=2024-01-31', 'budget-vs-actual?from=2024-01&to=2024-01']) {
      const csv = await api.get(`/v1/financial/reports/${path}&format=csv`);
      assert.equal(csv.status, 200, path);
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/, path);
    }
  });

  test('a missing rate is a 422 naming the currency and date, never a 1:1 conversion', async () => {
    const other = tenantApi(harness, randomUUID());
    const account = await other.json<{ id: string }>(other.post('/v1/financial/accounts', { name: 'Yen', type: 'cash', currency: 'JPY' }));
    await other.json(other.post('/v1/financial/transactions', { accountId: account.id, bookingDate: '2024-03-04', amount: '-1500' }));
    const problem = await problemOf(await other.get('/v1/financial/reports/income-expenses?from=2024-03&to=2024-03'), 422);
    assert.equal(problem.code, 'missing_rate');
    assert.match(problem.detail ?? '', /JPY.*EUR.*2024-03-04/);
    await other.json(other.post('/v1/financial/exchange-rates', { date: '2024-03-01', baseCurrency: 'EUR', quoteCurrency: 'JPY', rate: '160' }));
    const report = await other.json<{ totals: Record<string, string> }>(other.get('/v1/financial/reports/income-expenses?from=2024-03&to=2024-03'));
    assert.equal(report.totals['expenses'], '9.38', '1500 / 160 = 9.375, rounded half-up');
  });

  test('the base currency decides what reports convert into', async () => {
    const other = tenantApi(harness, randomUUID());
    await other.json(other.put('/v1/financial/settings', { baseCurrency: 'USD' }));
    await other.json(other.post('/v1/financial/exchange-rates', { date: '2024-01-01', baseCurrency: 'EUR', quoteCurrency: 'USD', rate: '1.1' }));
    const account = await other.json<{ id: string }>(other.post('/v1/financial/accounts', { name: 'Euro', type: 'checking', currency: 'EUR' }));
    await other.json(other.post('/v1/financial/transactions', { accountId: account.id, bookingDate: '2024-01-05', amount: '-10.00' }));
    const report = await other.json<{ currency: string; totals: Record<string, string> }>(other.get('/v1/financial/reports/income-expenses?from=2024-01&to=2024-01'));
    assert.deepEqual([report.currency, report.totals['expenses']], ['USD', '11.00']);
  });

  test('bad ranges are refused naming the field', async () => {
    assert.equal((await problemOf(await api.get('/v1/financial/reports/income-expenses?from=2024-1&to=2024-02'), 400)).errors?.[0]?.field, 'querystring.from');
    assert.equal((await problemOf(await api.get('/v1/financial/reports/cash-flow?from=2024-03&to=2024-02'), 422)).errors?.[0]?.field, 'to');
    assert.equal((await problemOf(await api.get('/v1/financial/reports/net-worth?from=1990-01&to=2024-02'), 422)).errors?.[0]?.field, 'to');
    assert.equal((await problemOf(await api.get('/v1/financial/reports/spending-by-category?from=2024-01-01'), 400)).errors?.[0]?.field, 'querystring.to');
    assert.equal((await problemOf(await api.get('/v1/financial/reports/spending-by-category?from=2024-01-01&to=2024-01-31&kind=other'), 400)).errors?.[0]?.field, 'querystring.kind');
    assert.equal((await problemOf(await api.get('/v1/financial/reports/account-balances?date=yesterday'), 400)).errors?.[0]?.field, 'querystring.date');
    assert.equal((await problemOf(await api.get('/v1/financial/reports/income-expenses?from=2024-01&to=2024-02&format=xml'), 400)).errors?.[0]?.field, 'querystring.format');
  });

  test("another tenant's reports hold nothing of this tenant's; drilling into its category is 404", async () => {
    const other = tenantApi(harness, randomUUID());
    const incomeExpenses = await other.json<{ totals: Record<string, string> }>(other.get('/v1/financial/reports/income-expenses?from=2024-01&to=2024-02'));
    assert.deepEqual(incomeExpenses.totals, { income: '0.00', expenses: '0.00', net: '0.00' });
    const cashFlow = await other.json<{ totals: Record<string, string> }>(other.get('/v1/financial/reports/cash-flow?from=2024-01&to=2024-02'));
    assert.equal(cashFlow.totals['net'], '0.00');
    assert.deepEqual((await other.json<{ items: unknown[] }>(other.get('/v1/financial/reports/spending-by-category?from=2024-01-01&to=2024-02-29'))).items, []);
    await problemOf(await other.get(`/v1/financial/reports/spending-by-category?from=2024-01-01&to=2024-02-29&parentId=${ids.food}`), 404);
    const netWorth = await other.json<{ items: Row[] }>(other.get('/v1/financial/reports/net-worth?from=2024-01&to=2024-01'));
    assert.equal(netWorth.items[0]!['netWorth'], '0.00');
    assert.deepEqual((await other.json<{ items: unknown[] }>(other.get('/v1/financial/reports/account-balances?date=2024-01-31'))).items, []);
    assert.deepEqual((await other.json<{ items: unknown[] }>(other.get('/v1/financial/reports/budget-vs-actual?from=2024-01&to=2024-02'))).items, []);
  });
});

test('a trade booked from trading-svc is neither income, expense nor cash flow; it moves the brokerage balance', async () => {
  const tenantId = randomUUID();
  const api = tenantApi(harness, tenantId);
  const trade = { exchange: 'kraken', symbol: 'BTC/EUR', side: 'buy' as const, quantity: '0.5', price: '40000', fee: { amount: '20', asset: 'EUR' }, executedAt: '2024-01-10T12:00:00.000Z' };
  const booked = await recordTrade({ ctx: harness.ctxFor(tenantId, null), input: { ...trade, tradeId: randomUUID() } });
  assert.ok(booked.transactionId);
  const incomeExpenses = await api.json<{ totals: Record<string, string> }>(api.get('/v1/financial/reports/income-expenses?from=2024-01&to=2024-01'));
  assert.deepEqual(incomeExpenses.totals, { income: '0.00', expenses: '0.00', net: '0.00' });
  const cashFlow = await api.json<{ totals: Record<string, string> }>(api.get('/v1/financial/reports/cash-flow?from=2024-01&to=2024-01'));
  assert.deepEqual(cashFlow.totals, { inflow: '0.00', outflow: '0.00', net: '0.00' });
  const balances = await api.json<{ total: string; items: Row[] }>(api.get('/v1/financial/reports/account-balances?date=2024-01-31'));
  assert.deepEqual(
    balances.items.map((item) => [item['accountCurrency'], item['balance']]),
    [['EUR', '-20020.00']],
  );
});
