import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { problemOf, tenantApi } from './test-api.ts';
import { READ, startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

type Rate = { id: string; date: string; baseCurrency: string; quoteCurrency: string; rate: string; source: string };
type RatePage = { items: Rate[]; nextCursor: string | null };

// As the ECB publishes eurofxref-hist.csv: newest day first, a trailing comma on every line, N/A for retired currencies.
const ECB_CSV = ['Date,USD,JPY,CYP,GBP,', '2024-01-03,1.0919,155.61,N/A,0.86125,', '2024-01-02,1.0956,155.92,N/A,0.86905,', '2023-12-29,1.105,156.33,,0.86905,', ''].join('\n');

const csvFile = (text: string) => new Blob([text], { type: 'text/csv' });

const storedRates = async (tenant: string) => Number((await harness.queryAsOwner<{ count: string }>('select count(*) from financial.exchange_rates where tenant_id = $1', [tenant]))[0]!.count);

describe('base currency', () => {
  test('EUR until set; PUT changes it with an audit row; bad codes name the field; another tenant keeps its own', async () => {
    const tenant = randomUUID();
    const api = tenantApi(harness, tenant);
    assert.deepEqual(await api.json(api.get('/v1/financial/settings')), { baseCurrency: 'EUR', updatedAt: null });

    const saved = await api.json<{ baseCurrency: string; updatedAt: string }>(api.put('/v1/financial/settings', { baseCurrency: 'USD' }));
    assert.equal(saved.baseCurrency, 'USD');
    assert.ok(saved.updatedAt);
    assert.equal((await api.json<{ baseCurrency: string }>(api.get('/v1/financial/settings'))).baseCurrency, 'USD');
    const audit = await harness.queryAsOwner<{ type: string; payload: unknown }>('select type, payload from financial.event_log where tenant_id = $1', [tenant]);
    assert.deepEqual(audit, [{ type: 'SettingsUpdated', payload: { baseCurrency: { from: 'EUR', to: 'USD' } } }]);

    assert.equal((await problemOf(await api.put('/v1/financial/settings', { baseCurrency: 'XYZ' }), 422)).errors?.[0]?.field, 'baseCurrency');
    assert.equal((await problemOf(await api.put('/v1/financial/settings', { baseCurrency: 12 }), 400)).errors?.[0]?.field, 'body.baseCurrency');
    await problemOf(await tenantApi(harness, tenant, READ).put('/v1/financial/settings', { baseCurrency: 'GBP' }), 403);

    const other = tenantApi(harness, randomUUID());
    assert.equal((await other.json<{ baseCurrency: string }>(other.get('/v1/financial/settings'))).baseCurrency, 'EUR');
  });
});

describe('exchange rates', () => {
  test('manual rates: created, replaced on the same day and pair, listed by filters and pages, deleted; audited', async () => {
    const tenant = randomUUID();
    const api = tenantApi(harness, tenant);
    const created = await api.post('/v1/financial/exchange-rates', { date: '2024-01-02', baseCurrency: 'EUR', quoteCurrency: 'USD', rate: '1.0956' });
    assert.equal(created.status, 201);
    const first = (await created.json()) as Rate;
    assert.deepEqual({ ...first, id: undefined }, { ...first, id: undefined, date: '2024-01-02', rate: '1.0956', source: 'manual' });

    const replaced = await api.post('/v1/financial/exchange-rates', { date: '2024-01-02', baseCurrency: 'EUR', quoteCurrency: 'USD', rate: '1.1' });
    assert.equal(replaced.status, 200);
    assert.equal(((await replaced.json()) as Rate).id, first.id, 'the same day and pair is one rate');
    await api.json(api.post('/v1/financial/exchange-rates', { date: '2024-01-03', baseCurrency: 'EUR', quoteCurrency: 'USD', rate: '1.09' }));
    await api.json(api.post('/v1/financial/exchange-rates', { date: '2024-01-04', baseCurrency: 'GBP', quoteCurrency: 'CHF', rate: '1.08' }));

    const usd = await api.json<RatePage>(api.get('/v1/financial/exchange-rates?currency=USD'));
    assert.deepEqual(usd.items.map((rate) => [rate.date, rate.rate]), [['2024-01-03', '1.09'], ['2024-01-02', '1.1']]);
    const ranged = await api.json<RatePage>(api.get('/v1/financial/exchange-rates?from=2024-01-03&to=2024-01-04'));
    assert.deepEqual(ranged.items.map((rate) => rate.date), ['2024-01-04', '2024-01-03']);

    const page1 = await api.json<RatePage>(api.get('/v1/financial/exchange-rates?limit=2'));
    assert.equal(page1.items.length, 2);
    assert.ok(page1.nextCursor);
    const page2 = await api.json<RatePage>(api.get(`/v1/financial/exchange-rates?limit=2&cursor=${page1.nextCursor}`));
    assert.deepEqual(page2.items.map((rate) => rate.date), ['2024-01-02']);
    assert.equal(page2.nextCursor, null);

    assert.equal((await api.del(`/v1/financial/exchange-rates/${first.id}`)).status, 204);
    await problemOf(await api.del(`/v1/financial/exchange-rates/${first.id}`), 404);
    const audit = await harness.queryAsOwner<{ type: string }>('select type from financial.event_log where tenant_id = $1 and aggregate_id = $2 order by occurred_at', [tenant, first.id]);
    assert.deepEqual(audit.map((row) => row.type), ['ExchangeRateCreated', 'ExchangeRateUpdated', 'ExchangeRateDeleted']);
  });

  test('bad rates are refused naming the field', async () => {
    const api = tenantApi(harness, randomUUID());
    const rate = (overrides: Record<string, unknown>) => api.post('/v1/financial/exchange-rates', { date: '2024-01-02', baseCurrency: 'EUR', quoteCurrency: 'USD', rate: '1.1', ...overrides });
    assert.equal((await problemOf(await rate({ rate: 1.1 }), 400)).errors?.[0]?.field, 'body.rate');
    assert.equal((await problemOf(await rate({ rate: '0' }), 422)).errors?.[0]?.field, 'rate');
    assert.equal((await problemOf(await rate({ quoteCurrency: 'EUR' }), 422)).errors?.[0]?.field, 'quoteCurrency');
    assert.equal((await problemOf(await rate({ baseCurrency: 'ABC' }), 422)).errors?.[0]?.field, 'baseCurrency');
    assert.equal((await problemOf(await rate({ date: '2024-02-30' }), 400)).errors?.[0]?.field, 'body.date');
    assert.equal((await problemOf(await api.get('/v1/financial/exchange-rates?from=2024-02-01&to=2024-01-01'), 422)).errors?.[0]?.field, 'to');
    await problemOf(await api.get('/v1/financial/exchange-rates?cursor=bogus'), 400);
  });

  test('ECB CSV import: N/A and empty cells skipped, trailing commas tolerated, a re-import replaces, counts returned', async () => {
    const tenant = randomUUID();
    const api = tenantApi(harness, tenant);
    const result = await api.json(api.upload('/v1/financial/exchange-rates/import', { file: csvFile(ECB_CSV) }));
    assert.deepEqual(result, { days: 3, created: 9, updated: 0, unchanged: 0, skipped: 3, currencies: ['USD', 'JPY', 'CYP', 'GBP'] });
    const gbp = await api.json<RatePage>(api.get('/v1/financial/exchange-rates?currency=GBP'));
    assert.deepEqual(
      gbp.items.map((rate) => [rate.date, rate.baseCurrency, rate.quoteCurrency, rate.rate, rate.source]),
      [
        ['2024-01-03', 'EUR', 'GBP', '0.86125', 'ecb'],
        ['2024-01-02', 'EUR', 'GBP', '0.86905', 'ecb'],
        ['2023-12-29', 'EUR', 'GBP', '0.86905', 'ecb'],
      ],
    );
    const again = await api.json(api.upload('/v1/financial/exchange-rates/import', { file: csvFile(ECB_CSV) }));
    assert.deepEqual(again, { days: 3, created: 0, updated: 0, unchanged: 9, skipped: 3, currencies: ['USD', 'JPY', 'CYP', 'GBP'] });
    const corrected = await api.json(api.upload('/v1/financial/exchange-rates/import', { file: csvFile(ECB_CSV.replace('1.0919', '1.0920')) }));
    assert.deepEqual(corrected, { days: 3, created: 0, updated: 1, unchanged: 8, skipped: 3, currencies: ['USD', 'JPY', 'CYP', 'GBP'] });
    const daily = ['Date, USD, JPY, ', '5 January 2024, 1.0921, 158.41, ', ''].join('\n');
    assert.deepEqual(await api.json(api.upload('/v1/financial/exchange-rates/import', { file: csvFile(daily) })), { days: 1, created: 2, updated: 0, unchanged: 0, skipped: 0, currencies: ['USD', 'JPY'] });
    const audit = await harness.queryAsOwner<{ type: string }>('select type from financial.event_log where tenant_id = $1', [tenant]);
    assert.deepEqual(audit.map((row) => row.type), ['ExchangeRatesImported', 'ExchangeRatesImported', 'ExchangeRatesImported', 'ExchangeRatesImported']);
    assert.equal((await tenantApi(harness, randomUUID()).json<RatePage>(tenantApi(harness, randomUUID()).get('/v1/financial/exchange-rates'))).items.length, 0);
  });

  test('a malformed file is refused whole, naming its line; nothing is stored', async () => {
    const tenant = randomUUID();
    const api = tenantApi(harness, tenant);
    const cases: [string, RegExp][] = [
      [['Date,USD,GBP,', '2024-01-03,1.0919,0.86125,', '2024-01-02,1.09x,0.86905,'].join('\n'), /^line 3: USD "1.09x"/],
      [['Date,USD,', '2024-01-03,1.0919,', '2024-13-02,1.1,'].join('\n'), /^line 3: "2024-13-02" is not a date/],
      [['Date,USD,', '2024-01-03,1.0919,', '2024-01-03,1.1,'].join('\n'), /^line 3: 2024-01-03 was already given on line 2/],
      [['Date,USD,', '2024-01-03,1.0919,7,'].join('\n'), /^line 2: more values than the header/],
      [['Day,USD', '2024-01-03,1.0919'].join('\n'), /^line 1: the header must start with "Date"/],
      [['Date,USD,USD', '2024-01-03,1.0919,1'].join('\n'), /^line 1: USD appears twice/],
      [['Date,USD', '2024-01-03,-1'].join('\n'), /^line 2: USD "-1" is not a rate above zero/],
    ];
    for (const [text, detail] of cases) {
      const problem = await problemOf(await api.upload('/v1/financial/exchange-rates/import', { file: csvFile(text) }), 422);
      assert.match(problem.detail ?? '', detail);
      assert.equal(problem.errors?.[0]?.field, 'file');
    }
    assert.equal(await storedRates(tenant), 0, 'the good lines before the bad one were not stored');
    assert.equal((await problemOf(await api.upload('/v1/financial/exchange-rates/import', { other: 'x' }), 422)).errors?.[0]?.field, 'file');
    await problemOf(await api.post('/v1/financial/exchange-rates/import', {}), 415);
    await problemOf(await tenantApi(harness, tenant, READ).upload('/v1/financial/exchange-rates/import', { file: csvFile(ECB_CSV) }), 403);
  });

  test("another tenant's rates are invisible: listing is empty, deleting is 404", async () => {
    const owner = tenantApi(harness, randomUUID());
    const rate = await owner.json<Rate>(owner.post('/v1/financial/exchange-rates', { date: '2024-01-02', baseCurrency: 'EUR', quoteCurrency: 'USD', rate: '1.1' }));
    const other = tenantApi(harness, randomUUID());
    assert.deepEqual(await other.json(other.get('/v1/financial/exchange-rates')), { items: [], nextCursor: null });
    await problemOf(await other.del(`/v1/financial/exchange-rates/${rate.id}`), 404);
    assert.equal((await owner.json<RatePage>(owner.get('/v1/financial/exchange-rates'))).items.length, 1);
  });
});
