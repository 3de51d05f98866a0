import {
  categorizeImport,
  categorizeTransactions,
  IMPORT_CATEGORIZATION_CHUNK,
  ingestTransactions,
  createAccount,
  createAiCoreSuggester,
  createCategory,
  createRule,
  createRuleGroup,
  createTransaction,
  setTransactionCategory,
  updateTransaction,
  type CategorySuggester,
} from '@ai-service/financial-domain';
import { createTokenIssuer, freePort, serveJwks, startServiceProcess } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { parseStoredEvent, type StoredEventRow } from './test-api.ts';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

// Auto-categorization (packages/financial-domain/src/domain/categorization) against the real
// financial schema, and against the real ai-core running as its own process.

let harness: FinancialHarness;
let aiCore: Awaited<ReturnType<typeof startServiceProcess>>;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
let ai: CategorySuggester;

before(async () => {
  harness = await startFinancialHarness();
  const issuer = await createTokenIssuer();
  jwks = await serveJwks([issuer]);
  const port = await freePort();
  aiCore = await startServiceProcess('ai-core', port, { DATABASE_URL: harness.config.DATABASE_URL, AUTH_JWKS_URL: jwks.url, AI_CORE_PORT: String(port) });
  ai = createAiCoreSuggester({
    baseUrl: aiCore.url,
    timeoutMs: 30_000,
    token: (tenantId) => issuer.sign({ tid: tenantId, sub: 'service:worker-financial', perms: ['ai:use'] }),
  });
});
after(async () => {
  await aiCore?.stop();
  await jwks?.close();
  await harness.close();
});

async function tenant() {
  const tenantId = randomUUID();
  const ctx = harness.ctxFor(tenantId);
  const account = await createAccount({ ctx, input: { name: 'Checking', type: 'checking', currency: 'EUR' } });
  const category = async (name: string, kind: 'income' | 'expense' = 'expense') => (await createCategory({ ctx, input: { name, kind } })).id;
  const categories = { groceries: await category('Groceries'), eatingOut: await category('Eating out'), fuel: await category('Fuel'), salary: await category('Salary', 'income') };
  const booking = async (counterparty: string, amount: string, extra: { description?: string; categoryId?: string; bookingDate?: string } = {}) =>
    (
      await createTransaction({
        ctx,
        input: { accountId: account.id, bookingDate: extra.bookingDate ?? '2025-03-01', amount, counterpartyName: counterparty, description: extra.description ?? counterparty, ...extra },
      })
    ).id;
  const group = await createRuleGroup({ ctx, input: { name: 'Main' } });
  const salaryRule = await createRule({
    ctx,
    input: { groupId: group.id, name: 'Payroll', logic: { conditions: [{ field: 'description', op: 'contains', value: 'nomina' }], actions: [{ type: 'setCategory', value: categories.salary }] } },
  });
  const stored = async (id: string) =>
    (await harness.queryAsOwner<{ category_id: string | null; category_provenance: string | null; category_rule_id: string | null }>(
      'select category_id, category_provenance, category_rule_id from financial.transactions where id = $1',
      [id],
    ))[0]!;
  const events = async (id: string) =>
    (await harness.queryAsOwner<{ n: number }>(`select count(*)::int as n from financial.outbox where type = 'TransactionCategorized' and aggregate_id = $1`, [id]))[0]!.n;
  return { tenantId, ctx, accountId: account.id, categories, booking, salaryRule, stored, events };
}

/** Three earlier choices of the user for one counterparty: enough for counterparty memory (3 of the last 5). */
async function teach(t: Awaited<ReturnType<typeof tenant>>, counterparty: string, categoryId: string) {
  for (const day of ['2025-02-01', '2025-02-08', '2025-02-15']) await t.booking(counterparty, '-12', { categoryId, bookingDate: day });
}

test("order rules > history > ai, each recording its provenance; a user's choice is never touched", async () => {
  const t = await tenant();
  await teach(t, 'Bar Pepe', t.categories.eatingOut);
  // Two examples only: below the history quorum, but the AI learns from them.
  await t.booking('Mercadona', '-50', { description: 'MERCADONA VALENCIA compra', categoryId: t.categories.groceries });
  await t.booking('Mercadona', '-35', { description: 'MERCADONA VALENCIA compra', categoryId: t.categories.groceries });

  const payroll = await t.booking('ACME SL', '2100', { description: 'NOMINA MARZO' });
  const tapas = await t.booking(' bar  PEPE ', '-9');
  const supermarket = await t.booking('MERCADONA', '-41.30', { description: 'MERCADONA VALENCIA compra' });
  const chosen = await t.booking('ACME SL', '50', { description: 'NOMINA extra', categoryId: t.categories.fuel });

  const result = await categorizeTransactions({ ctx: t.ctx, input: { transactionIds: [payroll, tapas, supermarket, chosen] }, ai });
  assert.deepEqual(
    result.outcomes.map((outcome) => [outcome.layer, outcome.changed]),
    [
      ['rule', true],
      ['history', true],
      ['ai', true],
      ['user', false],
    ],
  );
  assert.equal(result.aiUnavailable, false);
  assert.deepEqual(await t.stored(payroll), { category_id: t.categories.salary, category_provenance: 'rule', category_rule_id: t.salaryRule.id });
  assert.deepEqual(await t.stored(tapas), { category_id: t.categories.eatingOut, category_provenance: 'history', category_rule_id: null });
  assert.deepEqual(await t.stored(supermarket), { category_id: t.categories.groceries, category_provenance: 'ai', category_rule_id: null });
  assert.deepEqual(await t.stored(chosen), { category_id: t.categories.fuel, category_provenance: 'user', category_rule_id: null });
  assert.ok(result.outcomes.every((outcome) => outcome.decidedAfterMs >= 0));

  const again = await categorizeTransactions({ ctx: t.ctx, input: { transactionIds: [payroll, tapas, supermarket, chosen] }, ai });
  assert.ok(again.outcomes.every((outcome) => !outcome.changed), 'a second run changes nothing');
  for (const id of [payroll, tapas, supermarket]) assert.equal(await t.events(id), 1, 'TransactionCategorized once per change');
  assert.equal(await t.events(chosen), 1, "only the user's own choice");
});

test('ai-core down (nothing listening): rules and history still categorize, the rest stays uncategorized, no error', async () => {
  const t = await tenant();
  await teach(t, 'Bar Pepe', t.categories.eatingOut);
  const down = createAiCoreSuggester({ baseUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2_000 });
  const payroll = await t.booking('ACME SL', '2100', { description: 'NOMINA MARZO' });
  const tapas = await t.booking('Bar Pepe', '-9');
  const unknown = await t.booking('Some shop', '-5');
  const result = await categorizeTransactions({ ctx: t.ctx, input: { transactionIds: [payroll, tapas, unknown] }, ai: down });
  assert.equal(result.aiUnavailable, true);
  assert.deepEqual(result.outcomes.map((outcome) => outcome.layer), ['rule', 'history', 'uncategorized']);
  assert.equal((await t.stored(unknown)).category_id, null);
  assert.equal(await t.events(unknown), 0);
});

test('without ai-core configured, and when it refuses the caller (no token), the AI layer is skipped cleanly', async () => {
  const t = await tenant();
  const unknown = await t.booking('Some shop', '-5');
  const unconfigured = await categorizeTransactions({ ctx: t.ctx, input: { transactionIds: [unknown] } });
  assert.deepEqual(unconfigured, { outcomes: [{ ...unconfigured.outcomes[0]!, layer: 'uncategorized', changed: false }], aiUnavailable: false });
  const reasons: string[] = [];
  const anonymous = createAiCoreSuggester({ baseUrl: aiCore.url, timeoutMs: 5_000, onUnavailable: (reason) => reasons.push(reason) });
  const refused = await categorizeTransactions({ ctx: t.ctx, input: { transactionIds: [unknown] }, ai: anonymous });
  assert.equal(refused.aiUnavailable, true);
  assert.deepEqual(reasons, ['ai-core answered 401']);
});

test("a user's choice teaches the history, and outranks it", async () => {
  const t = await tenant();
  const first = await t.booking('Repsol', '-60', { bookingDate: '2025-01-01' });
  const second = await t.booking('Repsol', '-55', { bookingDate: '2025-01-08' });
  const third = await t.booking('Repsol', '-58', { bookingDate: '2025-01-15' });
  for (const transactionId of [first, second, third]) await updateTransaction({ ctx: t.ctx, input: { transactionId, categoryId: t.categories.fuel } });
  const next = await t.booking('REPSOL', '-61', { bookingDate: '2025-01-22' });
  await categorizeTransactions({ ctx: t.ctx, input: { transactionIds: [next] } });
  assert.deepEqual(await t.stored(next), { category_id: t.categories.fuel, category_provenance: 'history', category_rule_id: null });

  // The user overrides history on that one: a later run leaves it alone.
  await updateTransaction({ ctx: t.ctx, input: { transactionId: next, categoryId: t.categories.groceries } });
  const rerun = await categorizeTransactions({ ctx: t.ctx, input: { transactionIds: [next] } });
  assert.equal(rerun.outcomes[0]?.layer, 'user');
  assert.equal((await t.stored(next)).category_id, t.categories.groceries);
});

test('categorization re-runs rules for the category only: notes, tags and counterparty edited since ingestion are not redone', async () => {
  const t = await tenant();
  const group = await createRuleGroup({ ctx: t.ctx, input: { name: 'Gym' } });
  await createRule({
    ctx: t.ctx,
    input: {
      groupId: group.id,
      name: 'Gym',
      logic: { conditions: [{ field: 'description', op: 'contains', value: 'gym' }], actions: [{ type: 'setNotes', value: 'auto' }, { type: 'setCategory', value: t.categories.fuel }] },
    },
  });
  const gym = await t.booking('Basic-Fit', '-30', { description: 'GYM monthly' });
  const result = await categorizeTransactions({ ctx: t.ctx, input: { transactionIds: [gym] } });
  assert.equal(result.outcomes[0]?.layer, 'rule');
  const [row] = await harness.queryAsOwner<{ category_id: string; notes: string | null }>('select category_id, notes from financial.transactions where id = $1', [gym]);
  assert.deepEqual(row, { category_id: t.categories.fuel, notes: null });
});

test("an import's categorization goes a chunk at a time; once the AI is unavailable, the later chunks are not sent to it", async () => {
  const t = await tenant();
  const importId = randomUUID();
  const rows = Array.from({ length: IMPORT_CATEGORIZATION_CHUNK + 1 }, (_, index) => ({
    line: index + 2,
    externalId: null,
    bookingDate: '2025-03-01',
    valueDate: null,
    amount: `-${index + 1}`,
    currency: null,
    counterparty: `Shop ${index}`,
    description: `Purchase ${index}`,
    notes: null,
    status: 'booked' as const,
  }));
  await ingestTransactions({ ctx: t.ctx, input: { accountId: t.accountId, source: 'import', importId, rows } });
  const asked: number[] = [];
  const down: CategorySuggester = async (_tenantId, request) => {
    asked.push(request.transactions.length);
    return null;
  };
  const result = await categorizeImport({ ctx: t.ctx, input: { importId }, ai: down });
  assert.equal(result.aiUnavailable, true);
  assert.equal(result.outcomes.length, rows.length);
  assert.ok(result.outcomes.every((outcome) => outcome.layer === 'uncategorized'));
  assert.equal(asked.length, 1, 'asked once, for the first chunk only');
});

/** The TransactionCategorized events and audit rows of a transaction, events checked against the catalogue (the database builds them). */
async function recorded(t: Awaited<ReturnType<typeof tenant>>, transactionId: string) {
  type Row = StoredEventRow;
  const events = await harness.queryAsOwner<Row>(
    `select id, type, version, tenant_id, aggregate_type, aggregate_id, to_json(occurred_at)#>>'{}' as occurred_at, trace_id, payload
       from financial.outbox where tenant_id = $1 and type = 'TransactionCategorized' and aggregate_id = $2 order by position`,
    [t.tenantId, transactionId],
  );
  const payloads = events.map((row) => {
    const parsed = parseStoredEvent(row);
    assert.ok(parsed.ok, `a valid event: ${parsed.ok ? '' : parsed.problems.join('; ')}`);
    assert.equal(parsed.event.type, 'TransactionCategorized');
    return parsed.event.payload as Record<string, unknown>;
  });
  const audits = await harness.queryAsOwner<{ payload: unknown; actor: string | null; aggregate_type: string }>(
    `select payload, actor, aggregate_type from financial.event_log where tenant_id = $1 and type = 'TransactionCategorized' and aggregate_id = $2 order by occurred_at`,
    [t.tenantId, transactionId],
  );
  return { payloads, audits };
}

test("an import's job honors what changed since the import: a rule added, a rule that reads what the import's rules wrote, a user's choice", async () => {
  const t = await tenant();
  await teach(t, 'Bar Pepe', t.categories.eatingOut);
  // The first rule reads the notes the second writes: the import's own pass (in rule order) leaves the row uncategorized.
  const group = await createRuleGroup({ ctx: t.ctx, input: { name: 'Fuel' } });
  const notesRule = await createRule({
    ctx: t.ctx,
    input: { groupId: group.id, name: 'Filled up', logic: { conditions: [{ field: 'notes', op: 'contains', value: 'gasolinera' }], actions: [{ type: 'setCategory', value: t.categories.fuel }] } },
  });
  await createRule({
    ctx: t.ctx,
    input: { groupId: group.id, name: 'Station', logic: { conditions: [{ field: 'description', op: 'contains', value: 'REPSOL' }], actions: [{ type: 'setNotes', value: 'gasolinera' }] } },
  });
  const importId = randomUUID();
  const line = (counterparty: string, description: string, amount: string) =>
    ({ externalId: null, bookingDate: '2025-03-01', valueDate: null, currency: null, notes: null, status: 'booked' as const, counterparty, description, amount });
  const rows = [line('Repsol', 'REPSOL ESTACION', '-50'), line('Bar Pepe', 'BAR PEPE', '-9'), line('Bar Pepe', 'BAR PEPE', '-11'), line('Bar Pepe', 'BAR PEPE CATERING', '-300'), line('Nobody', 'NOTHING', '-1')];
  const { createdIds } = await ingestTransactions({ ctx: t.ctx, input: { accountId: t.accountId, source: 'import', importId, rows: rows.map((row, index) => ({ ...row, line: index + 2 })) } });
  const [station, tapas, chosen, catering, unknown] = createdIds as [string, string, string, string, string];
  assert.deepEqual(await t.stored(station), { category_id: null, category_provenance: null, category_rule_id: null }, "the import's pass left it uncategorized");

  // Between the import and its job: the user files one, and a rule appears that outranks the history of another.
  await setTransactionCategory({ ctx: t.ctx, input: { transactionId: chosen, categoryId: t.categories.groceries, provenance: 'user' } });
  const cateringRule = await createRule({
    ctx: t.ctx,
    input: { groupId: group.id, name: 'Catering', logic: { conditions: [{ field: 'description', op: 'contains', value: 'CATERING' }], actions: [{ type: 'setCategory', value: t.categories.groceries }] } },
  });

  const result = await categorizeImport({ ctx: harness.ctxFor(t.tenantId, null), input: { importId } });
  assert.deepEqual(
    result.outcomes.map((outcome) => [outcome.transactionId, outcome.layer, outcome.categoryId, outcome.changed]),
    [
      [station, 'rule', t.categories.fuel, true],
      [tapas, 'history', t.categories.eatingOut, true],
      [catering, 'rule', t.categories.groceries, true],
      [unknown, 'uncategorized', null, false],
    ],
  );
  assert.deepEqual(await t.stored(station), { category_id: t.categories.fuel, category_provenance: 'rule', category_rule_id: notesRule.id });
  assert.deepEqual(await t.stored(catering), { category_id: t.categories.groceries, category_provenance: 'rule', category_rule_id: cateringRule.id });
  assert.deepEqual(await t.stored(chosen), { category_id: t.categories.groceries, category_provenance: 'user', category_rule_id: null });
  assert.deepEqual(await t.stored(unknown), { category_id: null, category_provenance: null, category_rule_id: null });

  // One event and one audit row per change, as recordCategorizations writes them.
  const expected: [string, string, string, string | null][] = [
    [station, t.categories.fuel, 'rule', notesRule.id],
    [tapas, t.categories.eatingOut, 'history', null],
    [catering, t.categories.groceries, 'rule', cateringRule.id],
  ];
  for (const [transactionId, categoryId, provenance, ruleId] of expected) {
    const { payloads, audits } = await recorded(t, transactionId);
    assert.deepEqual(payloads, [{ transactionId, categoryId, previousCategoryId: null, provenance, ruleId }]);
    assert.deepEqual(audits, [{ payload: { categoryId, previousCategoryId: null, provenance, ruleId }, actor: null, aggregate_type: 'transaction' }]);
  }
  assert.deepEqual((await recorded(t, unknown)).payloads, []);
  assert.deepEqual((await recorded(t, chosen)).payloads.map((payload) => payload['provenance']), ['user'], "only the user's own choice");

  const again = await categorizeImport({ ctx: harness.ctxFor(t.tenantId, null), input: { importId } });
  assert.deepEqual(again.outcomes.map((outcome) => [outcome.transactionId, outcome.layer, outcome.changed]), [[unknown, 'uncategorized', false]], 'run again: only what is still uncategorized');
});

test('history corrects an earlier AI choice, recording the category it replaced; a split transaction is left alone', async () => {
  const t = await tenant();
  const guess = await t.booking('Repsol', '-60', { bookingDate: '2025-03-01' });
  const groceries: CategorySuggester = async (_tenantId, request) => request.transactions.map((transaction) => ({ id: transaction.id, categoryId: t.categories.groceries, confidence: 0.6 }));
  assert.equal((await categorizeTransactions({ ctx: t.ctx, input: { transactionIds: [guess] }, ai: groceries })).outcomes[0]?.layer, 'ai');

  await teach(t, 'Repsol', t.categories.fuel);
  await teach(t, 'Bar Pepe', t.categories.eatingOut);
  const split = (
    await createTransaction({
      ctx: t.ctx,
      input: { accountId: t.accountId, bookingDate: '2025-03-02', amount: '-30', counterpartyName: 'Bar Pepe', description: 'Bar Pepe', splits: [{ amount: '-20' }, { amount: '-10', categoryId: t.categories.groceries }] },
    })
  ).id;
  const result = await categorizeTransactions({ ctx: t.ctx, input: { transactionIds: [guess, split] }, ai: groceries });
  assert.deepEqual(
    result.outcomes.map((outcome) => [outcome.layer, outcome.categoryId, outcome.changed]),
    [
      ['history', t.categories.fuel, true],
      ['split', null, false],
    ],
  );
  assert.deepEqual(await t.stored(guess), { category_id: t.categories.fuel, category_provenance: 'history', category_rule_id: null });
  assert.deepEqual(await t.stored(split), { category_id: null, category_provenance: null, category_rule_id: null });
  const { payloads, audits } = await recorded(t, guess);
  assert.deepEqual(payloads, [
    { transactionId: guess, categoryId: t.categories.groceries, previousCategoryId: null, provenance: 'ai', ruleId: null },
    { transactionId: guess, categoryId: t.categories.fuel, previousCategoryId: t.categories.groceries, provenance: 'history', ruleId: null },
  ]);
  assert.deepEqual(
    audits.map((audit) => audit.payload),
    payloads.map(({ transactionId: _id, ...change }) => change),
  );
  assert.deepEqual((await recorded(t, split)).payloads, []);
});
