import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CATEGORIES, CATEGORY, EXAMPLES } from './ledger-fixture.ts';
import { bearer, counterValue, serveChatCompletions, startAi, type CategorizeRequest, type ChatReply, type ChatRequest, type TestAi } from './test-harness.ts';

type Transaction = CategorizeRequest['transactions'][number];
const transaction = (id: string, description: string, amount: string, counterparty: string | null = null): Transaction => ({ id, description, counterparty, amount, currency: 'EUR' });

// What the fake model answers next; each test sets it.
let nextReply: (request: ChatRequest) => ChatReply = () => ({ status: 500, body: { error: { message: 'not set' } } });
const answer = (results: unknown): ChatReply => ({ content: JSON.stringify({ results }) });

let llm: Awaited<ReturnType<typeof serveChatCompletions>>;
let ai: TestAi;
before(async () => {
  llm = await serveChatCompletions((request) => nextReply(request));
  ai = await startAi({ AI_LLM_BASE_URL: llm.baseUrl, AI_LLM_MODEL: 'test-model', AI_LLM_API_KEY: 'sk-test', AI_LLM_TIMEOUT_MS: '500' });
});
after(async () => {
  await ai.stop();
  await llm.close();
});

async function categorize(transactions: Transaction[]) {
  const { data, response } = await ai.client.POST('/v1/ai/categorize', { body: { transactions, categories: CATEGORIES, examples: EXAMPLES }, ...(await bearer(ai.issuer)) });
  assert.equal(response.status, 200);
  return data!.results;
}

const rewe = transaction('rewe', 'POS 4711 REWE MARKT GMBH SENDLING', '-33.20', 'REWE Markt GmbH');
const bakery = transaction('bakery', 'POS 4711 BAECKEREI RISCHART', '-4.20');
const salary = transaction('salary', 'GEHALT MAERZ PERSONALNUMMER 4481', '3890.00', 'Muster Software GmbH');

test('a configured LLM categorizes, and its answer is checked against the request', async () => {
  const unknownCategory = '99999999-9999-4999-8999-999999999999';
  nextReply = () =>
    answer([
      { id: 'rewe', categoryId: CATEGORY.groceries, confidence: 0.97 },
      { id: 'bakery', categoryId: CATEGORY.eatingOut, confidence: 0.8 },
      { id: 'salary', categoryId: CATEGORY.salary, confidence: 0.95 },
      { id: 'made-up', categoryId: unknownCategory, confidence: 0.9 },
      { id: 'wrong-kind', categoryId: CATEGORY.salary, confidence: 0.9 },
      { id: 'unsure', categoryId: CATEGORY.groceries, confidence: 0.2 },
      { id: 'nothing', categoryId: null, confidence: 0.9 },
    ]);
  const results = await categorize([
    rewe,
    bakery,
    salary,
    transaction('made-up', 'POS 4711 KIOSK', '-3.00'),
    transaction('wrong-kind', 'GEHALT RUECKBUCHUNG', '-100.00'),
    transaction('unsure', 'POS 4711 DM DROGERIE', '-9.95'),
    transaction('nothing', 'UEBERWEISUNG VON OMA', '100.00'),
  ]);
  assert.deepEqual(results, [
    { id: 'rewe', categoryId: CATEGORY.groceries, confidence: 0.97, provider: 'llm' },
    // The LLM knows a bakery is eating out though no example says so.
    { id: 'bakery', categoryId: CATEGORY.eatingOut, confidence: 0.8, provider: 'llm' },
    { id: 'salary', categoryId: CATEGORY.salary, confidence: 0.95, provider: 'llm' },
    // A category id not offered, or income for an outflow, is no category.
    { id: 'made-up', categoryId: null, confidence: 0, provider: 'llm' },
    { id: 'wrong-kind', categoryId: null, confidence: 0, provider: 'llm' },
    // Under the threshold (0.4) the suggestion is withheld.
    { id: 'unsure', categoryId: null, confidence: 0.2, provider: 'llm' },
    { id: 'nothing', categoryId: null, confidence: 0, provider: 'llm' },
  ]);

  const request = llm.requests.at(-1)!;
  assert.equal(request.authorization, 'Bearer sk-test');
  assert.equal(request.body.model, 'test-model');
  assert.deepEqual(request.body.response_format, { type: 'json_object' });
  const prompt = llm.promptData(request);
  assert.deepEqual(prompt.categories, CATEGORIES);
  assert.deepEqual(prompt.transactions.map(({ id }) => id), ['rewe', 'bakery', 'salary', 'made-up', 'wrong-kind', 'unsure', 'nothing']);
  // The prompt carries the examples nearest to the transactions, not all of them.
  const examples = prompt.examples ?? [];
  assert.ok(examples.some((example) => example.description === 'POS 4711 REWE MARKT GMBH MUENCHEN'));
  assert.ok(examples.some((example) => example.categoryId === CATEGORY.salary));
  assert.ok(examples.length < EXAMPLES.length);
});

test('an answer in a Markdown code fence is still read', async () => {
  nextReply = () => ({ content: '```json\n' + JSON.stringify({ results: [{ id: 'rewe', categoryId: CATEGORY.groceries, confidence: 0.9 }] }) + '\n```' });
  assert.deepEqual(await categorize([rewe]), [{ id: 'rewe', categoryId: CATEGORY.groceries, confidence: 0.9, provider: 'llm' }]);
});

test('malformed LLM output falls back to the offline classifier, and is counted', async () => {
  const malformed: ChatReply[] = [
    { content: 'Sure! REWE is groceries.' },
    answer([{ id: 'rewe', category: 'Groceries' }]),
    answer([{ id: 'rewe', categoryId: CATEGORY.groceries, confidence: 7 }]),
    { body: { choices: [] } },
    { body: 'not a completion' },
  ];
  for (const reply of malformed) {
    const fallbacks = await counterValue(ai.url, 'ai_categorizations_total', { provider: 'llm', outcome: 'fallback' });
    nextReply = () => reply;
    const results = await categorize([rewe, bakery]);
    assert.deepEqual(
      results.map(({ id, categoryId, provider }) => ({ id, categoryId, provider })),
      [
        { id: 'rewe', categoryId: CATEGORY.groceries, provider: 'offline' },
        { id: 'bakery', categoryId: null, provider: 'offline' },
      ],
      JSON.stringify(reply),
    );
    assert.equal(await counterValue(ai.url, 'ai_categorizations_total', { provider: 'llm', outcome: 'fallback' }), fallbacks + 2);
  }
});

test('an LLM that fails or does not answer in time falls back to the offline classifier', async () => {
  for (const reply of [{ status: 500, body: { error: { message: 'overloaded' } } }, { status: 429, body: { error: { message: 'rate limited' } } }, 'hang'] as const) {
    nextReply = () => reply;
    const results = await categorize([rewe, salary]);
    assert.deepEqual(
      results.map(({ id, categoryId, provider }) => ({ id, categoryId, provider })),
      [
        { id: 'rewe', categoryId: CATEGORY.groceries, provider: 'offline' },
        { id: 'salary', categoryId: CATEGORY.salary, provider: 'offline' },
      ],
      JSON.stringify(reply),
    );
  }
});

test('a transaction the LLM left out gets the offline suggestion', async () => {
  nextReply = () => answer([{ id: 'bakery', categoryId: CATEGORY.eatingOut, confidence: 0.8 }]);
  const results = await categorize([rewe, bakery]);
  assert.deepEqual(
    results.map(({ id, categoryId, provider }) => ({ id, categoryId, provider })),
    [
      { id: 'rewe', categoryId: CATEGORY.groceries, provider: 'offline' },
      { id: 'bakery', categoryId: CATEGORY.eatingOut, provider: 'llm' },
    ],
  );
});

test('large requests go to the LLM in batches, answered in request order', async () => {
  const before = llm.requests.length;
  // Each batch answers for its own transactions; the second batch fails and falls back.
  nextReply = (request) => {
    const { transactions } = llm.promptData(request);
    if (transactions.some(({ id }) => id === 't30')) return { status: 503, body: {} };
    return answer(transactions.map(({ id }) => ({ id, categoryId: CATEGORY.groceries, confidence: 0.9 })));
  };
  const transactions = Array.from({ length: 60 }, (_, index) => transaction(`t${index}`, `POS 4711 REWE MARKT GMBH FILIALE ${index}`, '-10.00'));
  const results = await categorize(transactions);
  assert.equal(llm.requests.length - before, 3);
  assert.deepEqual(results.map(({ id }) => id), transactions.map(({ id }) => id));
  assert.deepEqual(
    results.map(({ provider }) => provider),
    transactions.map((_, index) => (index >= 25 && index < 50 ? 'offline' : 'llm')),
  );
});

test('the LLM gets one deadline per request: batches still waiting when it passes go offline unsent', async () => {
  const before = llm.requests.length;
  nextReply = () => 'hang';
  // 5 batches of 25, 4 at a time: the fifth would start only after the deadline.
  const transactions = Array.from({ length: 125 }, (_, index) => transaction(`t${index}`, `POS 4711 REWE MARKT GMBH FILIALE ${index}`, '-10.00'));
  const results = await categorize(transactions);
  assert.equal(llm.requests.length - before, 4);
  assert.ok(results.every((result) => result.provider === 'offline' && result.categoryId === CATEGORY.groceries));
});
