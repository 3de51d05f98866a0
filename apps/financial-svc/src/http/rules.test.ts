import { createAccount, createCategory, createTransaction, ingestTransactions } from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { READ, startFinancialHarness, type FinancialHarness } from '../test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

/** A tenant with a checking and a savings account, two expense categories and one income category. */
async function tenant() {
  const tenantId = randomUUID();
  const ctx = harness.ctxFor(tenantId);
  const checking = await createAccount({ ctx, input: { name: 'Checking', type: 'checking', currency: 'EUR' } });
  const savings = await createAccount({ ctx, input: { name: 'Savings', type: 'savings', currency: 'EUR' } });
  const groceries = await createCategory({ ctx, input: { name: 'Groceries', kind: 'expense' } });
  const eatingOut = await createCategory({ ctx, input: { name: 'Eating out', kind: 'expense' } });
  const salary = await createCategory({ ctx, input: { name: 'Salary', kind: 'income' } });
  const auth = await harness.as(tenantId);
  const spend = (description: string, amount: string, extra: Record<string, unknown> = {}) =>
    createTransaction({ ctx, input: { accountId: checking.id, bookingDate: '2025-03-10', amount, description, counterpartyName: description.split(' ')[0], ...extra } });
  return { tenantId, ctx, auth, checking, savings, groceries, eatingOut, salary, spend };
}

type Tenant = Awaited<ReturnType<typeof tenant>>;

async function group(t: Tenant, name = 'Main', extra: Record<string, unknown> = {}) {
  const { data, response } = await harness.client.POST('/v1/financial/rule-groups', { body: { name, ...extra }, ...t.auth });
  assert.equal(response.status, 201);
  return data!;
}

async function rule(t: Tenant, groupId: string, body: Record<string, unknown>) {
  const { data, error, response } = await harness.client.POST('/v1/financial/rules', { body: { groupId, name: 'rule', ...body } as never, ...t.auth });
  assert.equal(response.status, 201, JSON.stringify(error));
  return data!;
}

const transaction = async (t: Tenant, id: string) =>
  (await harness.client.GET('/v1/financial/transactions/{transactionId}', { params: { path: { transactionId: id } }, ...t.auth })).data!;

const run = async (t: Tenant, kind: 'dry-run' | 'apply', body: Record<string, unknown> = {}) => {
  const { data, error, response } = await harness.client.POST(`/v1/financial/rules/${kind}`, { body: { limit: 1000, ...body }, ...t.auth });
  assert.equal(response.status, 200, JSON.stringify(error));
  return data!;
};

const categorizedEvents = (transactionId: string) =>
  harness.queryAsOwner<{ payload: Record<string, unknown> }>(`select payload from financial.outbox where type = 'TransactionCategorized' and aggregate_id = $1`, [transactionId]);

test('conditions and actions through the API: a matching rule sets category, counterparty, tags and notes', async () => {
  const t = await tenant();
  const main = await group(t);
  const created = await rule(t, main.id, {
    match: 'all',
    conditions: [
      { field: 'description', op: 'regex', value: '^mercadona\\s+\\d+' },
      { field: 'amount', op: 'between', value: { from: '-100', to: '-0.01' } },
      { field: 'currency', op: 'equals', value: 'EUR' },
      { field: 'accountId', op: 'equals', value: t.checking.id },
      { field: 'bookingDate', op: 'after', value: '2025-01-01' },
      { field: 'notes', op: 'contains', value: 'refund', not: true },
    ],
    actions: [
      { type: 'setCategory', value: t.groceries.id },
      { type: 'setCounterparty', value: 'Mercadona S.A.' },
      { type: 'addTags', value: ['food', 'weekly'] },
      { type: 'appendNotes', value: 'auto' },
    ],
  });
  assert.deepEqual(created.triggers, ['ingest', 'edit', 'manual']);
  const hit = await t.spend('MERCADONA 1234 VALENCIA', '-42.10');
  const tooBig = await t.spend('MERCADONA 99 VALENCIA', '-142.10');
  const refund = await t.spend('MERCADONA 77', '-10', { notes: 'Refund pending' });

  const applied = await run(t, 'apply');
  assert.equal(applied.changed, 1);
  const after = await transaction(t, hit.id);
  assert.equal(after.categoryId, t.groceries.id);
  assert.equal(after.categoryProvenance, 'rule');
  assert.equal(after.categoryRuleId, created.id);
  assert.equal(after.counterpartyName, 'Mercadona S.A.');
  assert.ok(after.counterpartyId, 'linked to master data');
  assert.equal(after.tagIds.length, 2);
  assert.equal(after.notes, 'auto');
  for (const untouched of [tooBig, refund]) assert.equal((await transaction(t, untouched.id)).categoryId, null);

  const again = await run(t, 'apply');
  assert.equal(again.changed, 0, 're-applying changes nothing: appendNotes adds its line once');
  assert.equal((await categorizedEvents(hit.id)).length, 1, 'TransactionCategorized emitted once');
});

test('invalid rules are refused with 422 naming the path; a category of another tenant is refused', async () => {
  const t = await tenant();
  const other = await tenant();
  const main = await group(t);
  const attempt = async (body: Record<string, unknown>) => {
    const { error, response } = await harness.client.POST('/v1/financial/rules', { body: { groupId: main.id, name: 'bad', ...body } as never, ...t.auth });
    return { status: response.status, fields: (error as { errors?: { field: string }[] }).errors?.map((entry) => entry.field) };
  };
  const setGroceries = [{ type: 'setCategory', value: t.groceries.id }];
  assert.deepEqual(await attempt({ conditions: [{ field: 'description', op: 'regex', value: '(a)\\1' }], actions: setGroceries }), { status: 422, fields: ['conditions.0.value'] });
  assert.deepEqual(await attempt({ conditions: [{ field: 'amount', op: 'contains', value: '1' }], actions: setGroceries }), { status: 422, fields: ['conditions.0.op'] });
  assert.deepEqual(await attempt({ conditions: [{ field: 'amount', op: 'greaterThan', value: 12.5 }], actions: setGroceries }), { status: 422, fields: ['conditions.0.value'] });
  assert.deepEqual(await attempt({ conditions: [{ field: 'amount', op: 'inflow' }], actions: [{ type: 'skip' }, ...setGroceries] }), { status: 422, fields: ['actions'] });
  assert.deepEqual(await attempt({ conditions: [{ field: 'amount', op: 'inflow' }], actions: [{ type: 'setCategory', value: other.groceries.id }] }), {
    status: 422,
    fields: ['actions.0.value'],
  });
  assert.equal((await attempt({ conditions: [{ field: 'colour', op: 'equals', value: 'x' }], actions: setGroceries })).status, 400, 'the spec refuses unknown fields first');
});

test('order and stop-processing: rules run in position order, later ones override, stopProcessing ends the group, reorder changes the outcome', async () => {
  const t = await tenant();
  const main = await group(t);
  const outflow = { field: 'amount', op: 'outflow' };
  const first = await rule(t, main.id, { conditions: [outflow], actions: [{ type: 'setCategory', value: t.groceries.id }] });
  const second = await rule(t, main.id, { conditions: [{ field: 'description', op: 'contains', value: 'bar' }], actions: [{ type: 'setCategory', value: t.eatingOut.id }] });
  const tapas = await t.spend('BAR PEPE', '-12');

  const dry = await run(t, 'dry-run');
  assert.deepEqual(dry.items[0]?.changes, [{ field: 'categoryId', before: null, after: t.eatingOut.id }], 'the later rule wins');
  assert.deepEqual(dry.items[0]?.rules.map((entry) => entry.ruleId), [first.id, second.id]);

  await harness.client.PATCH('/v1/financial/rules/{ruleId}', { params: { path: { ruleId: first.id } }, body: { stopProcessing: true }, ...t.auth });
  assert.deepEqual((await run(t, 'dry-run')).items[0]?.changes, [{ field: 'categoryId', before: null, after: t.groceries.id }], 'stopProcessing ends the group');

  const reordered = await harness.client.POST('/v1/financial/rule-groups/{groupId}/reorder', {
    params: { path: { groupId: main.id } },
    body: { ruleIds: [second.id, first.id] },
    ...t.auth,
  });
  assert.deepEqual(reordered.data?.rules.map((entry) => entry.id), [second.id, first.id]);
  assert.deepEqual((await run(t, 'dry-run')).items[0]?.changes, [{ field: 'categoryId', before: null, after: t.groceries.id }]);

  const incomplete = await harness.client.POST('/v1/financial/rule-groups/{groupId}/reorder', { params: { path: { groupId: main.id } }, body: { ruleIds: [second.id] }, ...t.auth });
  assert.equal(incomplete.response.status, 422);

  const later = await group(t, 'Later');
  await rule(t, later.id, { conditions: [outflow], actions: [{ type: 'addTags', value: ['seen'] }] });
  assert.deepEqual((await run(t, 'dry-run')).items[0]?.changes.map((change) => change.field), ['categoryId', 'tags']);
  await harness.client.PATCH('/v1/financial/rule-groups/{groupId}', { params: { path: { groupId: main.id } }, body: { stopProcessing: true }, ...t.auth });
  assert.deepEqual((await run(t, 'dry-run')).items[0]?.changes.map((change) => change.field), ['categoryId'], "the first group's stopProcessing ends the run");
  assert.equal((await transaction(t, tapas.id)).categoryId, null, 'dry runs write nothing');
});

test('a dry run predicts exactly what apply does and records', async () => {
  const t = await tenant();
  const main = await group(t);
  await rule(t, main.id, { conditions: [{ field: 'counterparty', op: 'oneOf', value: ['mercadona', 'lidl'] }], actions: [{ type: 'setCategory', value: t.groceries.id }] });
  await rule(t, main.id, {
    match: 'any',
    conditions: [
      { field: 'amount', op: 'lessThan', value: '-50' },
      { field: 'description', op: 'endsWith', value: 'card' },
    ],
    actions: [{ type: 'addTags', value: ['big'] }, { type: 'setNotes', value: 'check' }],
  });
  await rule(t, main.id, { conditions: [{ field: 'description', op: 'startsWith', value: 'transfer' }], actions: [{ type: 'markAsTransfer', value: { accountId: t.savings.id } }] });
  await rule(t, main.id, { conditions: [{ field: 'description', op: 'contains', value: 'private' }], actions: [{ type: 'skip' }] });
  const ids = [
    (await t.spend('Mercadona 1', '-20')).id,
    (await t.spend('Lidl 2', '-75')).id,
    (await t.spend('Shell fuel card', '-60')).id,
    (await t.spend('Mercadona private', '-80')).id,
    (await t.spend('Transfer to savings', '-300')).id,
    (await t.spend('Cinema', '-9')).id,
  ];
  const incoming = await createTransaction({ ctx: t.ctx, input: { accountId: t.savings.id, bookingDate: '2025-03-11', amount: '300', description: 'From checking' } });
  const filter = { accountId: t.checking.id };

  const dry = await run(t, 'dry-run', { filter });
  assert.equal(dry.evaluated, 6);
  assert.deepEqual(dry.items.map((item) => item.transactionId).sort(), [ids[0], ids[1], ids[2], ids[4]].sort());
  const { runId, ...applied } = (await run(t, 'apply', { filter })) as typeof dry & { runId: string };
  assert.deepEqual(applied, dry, 'apply reports what the dry run predicted');

  const evaluations = (await harness.client.GET('/v1/financial/rules/evaluations', { params: { query: { runId, limit: 500 } }, ...t.auth })).data!;
  const byField = (changes: { field: string }[]) => [...changes].sort((a, b) => a.field.localeCompare(b.field));
  const recorded = evaluations.items.map((item) => ({ transactionId: item.transactionId, ruleId: item.ruleId, changes: byField(item.changes) }));
  const predicted = dry.items.flatMap((item) => item.rules.map((entry) => ({ transactionId: item.transactionId, ruleId: entry.ruleId, changes: byField(entry.changes) })));
  const key = (entry: { transactionId: string; ruleId: string | null }) => `${entry.transactionId}:${entry.ruleId}`;
  assert.deepEqual(recorded.sort((a, b) => key(a).localeCompare(key(b))), predicted.sort((a, b) => key(a).localeCompare(key(b))));

  for (const item of dry.items) {
    const stored = await transaction(t, item.transactionId);
    for (const change of item.changes) {
      if (change.field === 'categoryId') assert.equal(stored.categoryId, change.after);
      if (change.field === 'notes') assert.equal(stored.notes, change.after);
      if (change.field === 'tags') assert.equal(stored.tagIds.length, (change.after as string[]).length);
      if (change.field === 'transferCounterpartId') assert.equal(change.after, incoming.id);
    }
  }
  const transfer = await transaction(t, ids[4]!);
  assert.ok(transfer.transferId, 'marked as transfer');
  assert.equal((await transaction(t, incoming.id)).transferId, transfer.transferId);
  assert.equal((await transaction(t, ids[3]!)).notes, null, 'skip left the private one untouched');
  assert.equal((await run(t, 'dry-run', { filter })).changed, 0, 'nothing left to do');
});

test("rules never overwrite a user's category; an unsaved rule can be tried in a dry run only", async () => {
  const t = await tenant();
  const main = await group(t);
  await rule(t, main.id, { conditions: [{ field: 'amount', op: 'outflow' }], actions: [{ type: 'setCategory', value: t.groceries.id }] });
  const chosen = await t.spend('Bar', '-5', { categoryId: t.eatingOut.id });
  assert.equal((await transaction(t, chosen.id)).categoryProvenance, 'user');
  assert.equal((await run(t, 'apply')).changed, 0);
  assert.equal((await transaction(t, chosen.id)).categoryId, t.eatingOut.id);

  const unsaved = { conditions: [{ field: 'description', op: 'equals', value: 'bar' }], actions: [{ type: 'addTags', value: ['x'] }] };
  const dry = await run(t, 'dry-run', { rule: unsaved });
  assert.deepEqual(dry.items[0]?.rules, [{ ruleId: null, changes: [{ field: 'tags', before: [], after: ['x'] }] }]);
  const refused = await harness.client.POST('/v1/financial/rules/apply', { body: { rule: unsaved } as never, ...t.auth });
  assert.equal(refused.response.status, 422);
  const invalid = await harness.client.POST('/v1/financial/rules/dry-run', {
    body: { rule: { conditions: [{ field: 'notes', op: 'regex', value: '(?=x)' }], actions: [{ type: 'skip' }] } } as never,
    ...t.auth,
  });
  assert.deepEqual((invalid.error as { errors: { field: string }[] }).errors.map((entry) => entry.field), ['rule.conditions.0.value']);
});

test("triggers: 'edit' rules run on a manual edit (the user's category in that edit wins); 'ingest' rules run inside the import", async () => {
  const t = await tenant();
  const main = await group(t);
  await rule(t, main.id, { triggers: ['edit'], conditions: [{ field: 'description', op: 'contains', value: 'uber' }], actions: [{ type: 'setCategory', value: t.eatingOut.id }, { type: 'addTags', value: ['edited'] }] });
  await rule(t, main.id, { triggers: ['ingest'], conditions: [{ field: 'description', op: 'contains', value: 'nomina' }], actions: [{ type: 'setCategory', value: t.salary.id }] });
  const ride = await t.spend('Taxi', '-15');
  const edited = await harness.client.PATCH('/v1/financial/transactions/{transactionId}', {
    params: { path: { transactionId: ride.id } },
    body: { description: 'UBER trip' },
    ...t.auth,
  });
  assert.equal(edited.data?.categoryId, t.eatingOut.id);
  assert.equal(edited.data?.categoryProvenance, 'rule');
  const chosen = await harness.client.PATCH('/v1/financial/transactions/{transactionId}', {
    params: { path: { transactionId: ride.id } },
    body: { description: 'UBER eats', categoryId: t.groceries.id },
    ...t.auth,
  });
  assert.equal(chosen.data?.categoryId, t.groceries.id);
  assert.equal(chosen.data?.categoryProvenance, 'user');

  const row = { externalId: null, bookingDate: '2025-03-31', valueDate: null, currency: null, notes: null, status: 'booked' as const };
  const ingested = await ingestTransactions({
    ctx: t.ctx,
    input: {
      accountId: t.checking.id,
      source: 'import',
      importId: randomUUID(),
      rows: [
        { ...row, line: 2, amount: '2100', description: 'NOMINA MARZO', counterparty: 'ACME' },
        { ...row, line: 3, amount: '-3', description: 'UBER', counterparty: 'Uber' },
      ],
    },
  });
  const [salary, uber] = await Promise.all(ingested.createdIds.map((id) => transaction(t, id)));
  assert.equal(salary?.categoryId, t.salary.id);
  assert.equal(uber?.categoryId, null, "an 'edit' rule does not run on ingest");
  const evaluations = (await harness.client.GET('/v1/financial/rules/evaluations', { params: { query: { transactionId: salary!.id } }, ...t.auth })).data!;
  assert.equal(evaluations.items[0]?.trigger, 'ingest');
});

test('tenant isolation: rules, groups and evaluations of one tenant are invisible and untouchable for another; runs stay in their tenant', async () => {
  const t = await tenant();
  const other = await tenant();
  const main = await group(t);
  const mine = await rule(t, main.id, { conditions: [{ field: 'amount', op: 'outflow' }], actions: [{ type: 'addTags', value: ['mine'] }] });
  const theirs = await other.spend('Other tenant', '-1');
  await t.spend('Own', '-1');
  await run(t, 'apply');
  assert.equal((await transaction(other, theirs.id)).tagIds.length, 0, "an apply never touches another tenant's transactions");

  const as = other.auth;
  assert.equal((await harness.client.GET('/v1/financial/rule-groups', as)).data?.items.length, 0);
  assert.equal((await harness.client.GET('/v1/financial/rule-groups/{groupId}', { params: { path: { groupId: main.id } }, ...as })).response.status, 404);
  assert.equal((await harness.client.PATCH('/v1/financial/rule-groups/{groupId}', { params: { path: { groupId: main.id } }, body: { name: 'x' }, ...as })).response.status, 404);
  assert.equal((await harness.client.DELETE('/v1/financial/rule-groups/{groupId}', { params: { path: { groupId: main.id } }, ...as })).response.status, 404);
  assert.equal((await harness.client.POST('/v1/financial/rule-groups/{groupId}/reorder', { params: { path: { groupId: main.id } }, body: { ruleIds: [mine.id] }, ...as })).response.status, 404);
  assert.equal((await harness.client.POST('/v1/financial/rule-groups/reorder', { body: { groupIds: [main.id] }, ...as })).response.status, 422);
  assert.equal((await harness.client.GET('/v1/financial/rules/{ruleId}', { params: { path: { ruleId: mine.id } }, ...as })).response.status, 404);
  assert.equal((await harness.client.PATCH('/v1/financial/rules/{ruleId}', { params: { path: { ruleId: mine.id } }, body: { active: false }, ...as })).response.status, 404);
  assert.equal((await harness.client.DELETE('/v1/financial/rules/{ruleId}', { params: { path: { ruleId: mine.id } }, ...as })).response.status, 404);
  const foreignGroup = await harness.client.POST('/v1/financial/rules', { body: { groupId: main.id, name: 'x', conditions: [{ field: 'amount', op: 'inflow' }], actions: [{ type: 'skip' }] }, ...as });
  assert.equal(foreignGroup.response.status, 404);
  assert.equal((await harness.client.POST('/v1/financial/rules/dry-run', { body: { ruleIds: [mine.id] }, ...as })).response.status, 422);
  assert.equal((await harness.client.GET('/v1/financial/rules/evaluations', { params: { query: { ruleId: mine.id } }, ...as })).data?.items.length, 0);
  assert.ok(((await harness.client.GET('/v1/financial/rules/evaluations', { params: { query: { ruleId: mine.id } }, ...t.auth })).data?.items.length ?? 0) > 0);

  const readOnly = await harness.as(t.tenantId, READ);
  assert.equal((await harness.client.POST('/v1/financial/rules/apply', { body: {}, ...readOnly })).response.status, 403);
  assert.equal((await harness.client.POST('/v1/financial/rules/dry-run', { body: {}, ...readOnly })).response.status, 200, 'a dry run only reads');

  assert.equal((await harness.client.DELETE('/v1/financial/rule-groups/{groupId}', { params: { path: { groupId: main.id } }, ...t.auth })).response.status, 204);
  assert.equal((await harness.client.GET('/v1/financial/rules/{ruleId}', { params: { path: { ruleId: mine.id } }, ...t.auth })).response.status, 404, "a group's rules go with it");
});
