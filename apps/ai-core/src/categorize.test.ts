import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CATEGORIES, CATEGORY, EXAMPLES } from './ledger-fixture.ts';
import { bearer, counterValue, startAi, type CategorizeRequest, type TestAi } from './test-harness.ts';

let ai: TestAi;
before(async () => {
  ai = await startAi();
});
after(() => ai.stop());

type Transaction = CategorizeRequest['transactions'][number];
const transaction = (id: string, description: string, amount: string, counterparty: string | null = null): Transaction => ({ id, description, counterparty, amount, currency: 'EUR' });

test('transactions get the category of the examples they resemble, the sign of their amount respected', async () => {
  const transactions = [
    transaction('t1', 'POS 4711 REWE MARKT GMBH SENDLING', '-33.20', 'REWE Markt GmbH'),
    transaction('t2', 'POS 4711 ALDI SUED FILIALE 0877 GARCHING', '-18.45'),
    transaction('t3', 'POS 4711 ARAL STATION 30011 FREISING', '-62.10', 'ARAL AG'),
    transaction('t4', 'DAUERAUFTRAG MIETE WOHNUNG 3.OG MAERZ', '-1150.00', 'Hausverwaltung Berger'),
    transaction('t5', 'GEHALT MAERZ PERSONALNUMMER 4481', '3890.00', 'Muster Software GmbH'),
    // The salary text as an outflow: salary is income, so it is not salary.
    transaction('t6', 'GEHALT MAERZ PERSONALNUMMER 4481', '-3890.00', 'Muster Software GmbH'),
    transaction('t7', 'POS 4711 BAUHAUS 0815 MUENCHEN', '-89.99', 'BAUHAUS'),
    transaction('t8', 'UEBERWEISUNG VON OMA GEBURTSTAG', '100.00'),
  ];
  const { data, response } = await ai.client.POST('/v1/ai/categorize', {
    body: { transactions, categories: CATEGORIES, examples: EXAMPLES },
    ...(await bearer(ai.issuer)),
  });
  assert.equal(response.status, 200);
  const results = data!.results;
  assert.deepEqual(
    results.map(({ id, categoryId, provider }) => ({ id, categoryId, provider })),
    [
      { id: 't1', categoryId: CATEGORY.groceries, provider: 'offline' },
      { id: 't2', categoryId: CATEGORY.groceries, provider: 'offline' },
      { id: 't3', categoryId: CATEGORY.fuel, provider: 'offline' },
      { id: 't4', categoryId: CATEGORY.rent, provider: 'offline' },
      { id: 't5', categoryId: CATEGORY.salary, provider: 'offline' },
      { id: 't6', categoryId: null, provider: 'offline' },
      { id: 't7', categoryId: null, provider: 'offline' },
      { id: 't8', categoryId: null, provider: 'offline' },
    ],
  );
  for (const result of results) {
    assert.ok(result.confidence >= 0 && result.confidence <= 1);
    // Uncategorized means the best candidate stayed under the default threshold (0.4).
    assert.equal(result.categoryId === null, result.confidence < 0.4, result.id);
  }
});

test('without examples, category names found in the text decide', async () => {
  const { data } = await ai.client.POST('/v1/ai/categorize', {
    body: { transactions: [transaction('rent', 'Rent for May, flat 2', '-900.00'), transaction('other', 'Hardware store', '-12.00')], categories: CATEGORIES },
    ...(await bearer(ai.issuer)),
  });
  assert.deepEqual(
    data!.results.map(({ id, categoryId }) => ({ id, categoryId })),
    [
      { id: 'rent', categoryId: CATEGORY.rent },
      { id: 'other', categoryId: null },
    ],
  );
});

test('each categorization is counted by provider and outcome', async () => {
  const categorized = await counterValue(ai.url, 'ai_categorizations_total', { provider: 'offline', outcome: 'categorized' });
  const uncategorized = await counterValue(ai.url, 'ai_categorizations_total', { provider: 'offline', outcome: 'uncategorized' });
  await ai.client.POST('/v1/ai/categorize', {
    body: { transactions: [transaction('a', 'POS 4711 EDEKA NEUKAUF SCHWABING', '-20.00', 'EDEKA'), transaction('b', 'Something else entirely', '-5.00')], categories: CATEGORIES, examples: EXAMPLES },
    ...(await bearer(ai.issuer)),
  });
  assert.equal(await counterValue(ai.url, 'ai_categorizations_total', { provider: 'offline', outcome: 'categorized' }), categorized + 1);
  assert.equal(await counterValue(ai.url, 'ai_categorizations_total', { provider: 'offline', outcome: 'uncategorized' }), uncategorized + 1);
});

test('an invalid body is a 400 problem naming the field', async () => {
  const auth = await bearer(ai.issuer);
  const cases: [unknown, string][] = [
    [{ transactions: [{ ...transaction('x', 'ALDI', '-1'), amount: '12,50' }], categories: CATEGORIES }, 'body.transactions.0.amount'],
    [{ transactions: [{ ...transaction('x', 'ALDI', '-1'), amount: '1e3' }], categories: CATEGORIES }, 'body.transactions.0.amount'],
    [{ transactions: [transaction('x', 'ALDI', '-1')] }, 'body.categories'],
    [{ transactions: [transaction('x', 'ALDI', '-1')], categories: [{ id: 'not-a-uuid', name: 'Food', kind: 'expense' }] }, 'body.categories.0.id'],
    [{ transactions: [transaction('x', 'ALDI', '-1')], categories: [{ ...CATEGORIES[0]!, kind: 'transfer' }] }, 'body.categories.0.kind'],
    [{ transactions: [], categories: CATEGORIES }, 'body.transactions'],
    [{ transactions: Array.from({ length: 501 }, (_, index) => transaction(`t${index}`, 'ALDI', '-1')), categories: CATEGORIES }, 'body.transactions'],
    [{ transactions: [transaction('x', 'ALDI', '-1')], categories: CATEGORIES, examples: [{ description: 'ALDI', counterparty: null }] }, 'body.examples.0.categoryId'],
  ];
  for (const [body, field] of cases) {
    const response = await fetch(`${ai.url}/v1/ai/categorize`, { method: 'POST', headers: { ...auth.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 400, field);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await response.json()) as { errors: { field: string }[] };
    assert.ok(problem.errors.some((error) => error.field === field), `${field} in ${JSON.stringify(problem.errors)}`);
  }
});

test('a token without ai:use is refused with 403, no token with 401', async () => {
  const body = { transactions: [transaction('x', 'ALDI', '-1')], categories: CATEGORIES };
  const forbidden = await ai.client.POST('/v1/ai/categorize', { body, ...(await bearer(ai.issuer, ['financial:read'])) });
  assert.equal(forbidden.response.status, 403);
  assert.match(forbidden.response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const anonymous = await ai.client.POST('/v1/ai/categorize', { body });
  assert.equal(anonymous.response.status, 401);
});
