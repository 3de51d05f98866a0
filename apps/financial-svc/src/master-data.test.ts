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

type Auth = { headers: { authorization: string } };
const fieldOf = (error: unknown) => (error as { errors?: { field: string }[] }).errors?.[0]?.field;

async function category(auth: Auth, body: { name: string; kind?: 'income' | 'expense'; parentId?: string }) {
  const created = await harness.client.POST('/v1/financial/categories', { ...auth, body });
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  return created.data!;
}

describe('categories', () => {
  test('a tree listed depth first with depth and path; children take their parent’s kind', async () => {
    const auth = await harness.as(randomUUID());
    const food = await category(auth, { name: 'Food', kind: 'expense' });
    const groceries = await category(auth, { name: 'Groceries', parentId: food.id });
    await category(auth, { name: 'Eating out', parentId: food.id });
    await category(auth, { name: 'Income', kind: 'income' });
    assert.equal(groceries.kind, 'expense');
    assert.deepEqual(groceries.path, ['Food', 'Groceries']);
    const tree = (await harness.client.GET('/v1/financial/categories', auth)).data!.items;
    assert.deepEqual(
      tree.map((item) => [item.path.join(' / '), item.depth]),
      [
        ['Food', 0],
        ['Food / Eating out', 1],
        ['Food / Groceries', 1],
        ['Income', 0],
      ],
    );
    const noKind = await harness.client.POST('/v1/financial/categories', { ...auth, body: { name: 'Misc' } });
    assert.equal(fieldOf(noKind.error), 'kind');
    const contradicting = await harness.client.POST('/v1/financial/categories', { ...auth, body: { name: 'Bonus', parentId: food.id, kind: 'income' } });
    assert.equal(fieldOf(contradicting.error), 'kind');
    const duplicate = await harness.client.POST('/v1/financial/categories', { ...auth, body: { name: 'groceries', parentId: food.id } });
    assert.equal(duplicate.response.status, 409);
    const sameNameElsewhere = await harness.client.POST('/v1/financial/categories', { ...auth, body: { name: 'Groceries', kind: 'expense' } });
    assert.equal(sameNameElsewhere.response.status, 201, 'names are unique among siblings only');
  });

  test('a category never moves under itself or a descendant', async () => {
    const auth = await harness.as(randomUUID());
    const a = await category(auth, { name: 'A', kind: 'expense' });
    const b = await category(auth, { name: 'B', parentId: a.id });
    const c = await category(auth, { name: 'C', parentId: b.id });
    for (const parentId of [a.id, c.id]) {
      const moved = await harness.client.PATCH('/v1/financial/categories/{categoryId}', { ...auth, params: { path: { categoryId: a.id } }, body: { parentId } });
      assert.equal(moved.response.status, 409);
      assert.equal(fieldOf(moved.error), 'parentId');
    }
    const up = await harness.client.PATCH('/v1/financial/categories/{categoryId}', { ...auth, params: { path: { categoryId: c.id } }, body: { parentId: null } });
    assert.equal(up.data!.depth, 0);
    const under = await harness.client.PATCH('/v1/financial/categories/{categoryId}', { ...auth, params: { path: { categoryId: a.id } }, body: { parentId: c.id } });
    assert.equal(under.response.status, 200, 'A under C is fine once C left A’s subtree');
    assert.deepEqual(under.data!.path, ['C', 'A']);
  });

  test('a top-level kind change applies to the subtree; a child cannot change kind alone', async () => {
    const auth = await harness.as(randomUUID());
    const root = await category(auth, { name: 'Side job', kind: 'expense' });
    const child = await category(auth, { name: 'Invoices', parentId: root.id });
    const refused = await harness.client.PATCH('/v1/financial/categories/{categoryId}', { ...auth, params: { path: { categoryId: child.id } }, body: { kind: 'income' } });
    assert.equal(fieldOf(refused.error), 'kind');
    await harness.client.PATCH('/v1/financial/categories/{categoryId}', { ...auth, params: { path: { categoryId: root.id } }, body: { kind: 'income' } });
    const got = await harness.client.GET('/v1/financial/categories/{categoryId}', { ...auth, params: { path: { categoryId: child.id } } });
    assert.equal(got.data!.kind, 'income');
  });

  test('deleting a used category is refused unless its uses are reassigned', async () => {
    const auth = await harness.as(randomUUID());
    const account = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'A', type: 'cash', currency: 'EUR' } })).data!;
    const old = await category(auth, { name: 'Old', kind: 'expense' });
    const child = await category(auth, { name: 'Child', parentId: old.id });
    const target = await category(auth, { name: 'New', kind: 'expense' });
    const income = await category(auth, { name: 'Income', kind: 'income' });
    const transaction = (
      await harness.client.POST('/v1/financial/transactions', {
        ...auth,
        body: { accountId: account.id, bookingDate: '2024-01-01', amount: '-5', categoryId: old.id, splits: [{ amount: '-2', categoryId: old.id }, { amount: '-3' }] },
      })
    ).data!;
    const path = { params: { path: { categoryId: old.id } } };
    const refused = await harness.client.DELETE('/v1/financial/categories/{categoryId}', { ...auth, ...path });
    assert.equal(refused.response.status, 409);
    assert.equal((refused.error as { code: string }).code, 'in_use');
    const wrongKind = await harness.client.DELETE('/v1/financial/categories/{categoryId}', { ...auth, params: { path: { categoryId: old.id }, query: { reassignTo: income.id } } });
    assert.equal(fieldOf(wrongKind.error), 'reassignTo');
    const deleted = await harness.client.DELETE('/v1/financial/categories/{categoryId}', { ...auth, params: { path: { categoryId: old.id }, query: { reassignTo: target.id } } });
    assert.equal(deleted.response.status, 204);
    const moved = (await harness.client.GET('/v1/financial/transactions/{transactionId}', { ...auth, params: { path: { transactionId: transaction.id } } })).data!;
    assert.equal(moved.categoryId, target.id);
    assert.equal(moved.splits[0]!.categoryId, target.id);
    const orphan = (await harness.client.GET('/v1/financial/categories/{categoryId}', { ...auth, params: { path: { categoryId: child.id } } })).data!;
    assert.equal(orphan.parentId, null, 'children move up to the deleted category’s parent');
    const unused = await category(auth, { name: 'Unused', kind: 'expense' });
    assert.equal((await harness.client.DELETE('/v1/financial/categories/{categoryId}', { ...auth, params: { path: { categoryId: unused.id } } })).response.status, 204);
  });
});

describe('tags', () => {
  test('create, rename, list and delete; names are unique regardless of case; deleting removes it from transactions', async () => {
    const auth = await harness.as(randomUUID());
    const account = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'A', type: 'cash', currency: 'EUR' } })).data!;
    const trip = (await harness.client.POST('/v1/financial/tags', { ...auth, body: { name: 'Trip' } })).data!;
    const work = (await harness.client.POST('/v1/financial/tags', { ...auth, body: { name: 'work' } })).data!;
    assert.equal((await harness.client.POST('/v1/financial/tags', { ...auth, body: { name: 'TRIP' } })).response.status, 409);
    const renameClash = await harness.client.PATCH('/v1/financial/tags/{tagId}', { ...auth, params: { path: { tagId: work.id } }, body: { name: 'trip' } });
    assert.equal(renameClash.response.status, 409);
    const renamed = await harness.client.PATCH('/v1/financial/tags/{tagId}', { ...auth, params: { path: { tagId: work.id } }, body: { name: 'Business' } });
    assert.equal(renamed.data!.name, 'Business');
    assert.deepEqual(
      (await harness.client.GET('/v1/financial/tags', auth)).data!.items.map((item) => item.name),
      ['Business', 'Trip'],
    );
    const transaction = (
      await harness.client.POST('/v1/financial/transactions', { ...auth, body: { accountId: account.id, bookingDate: '2024-01-01', amount: '-1', tagIds: [trip.id, work.id] } })
    ).data!;
    assert.equal((await harness.client.DELETE('/v1/financial/tags/{tagId}', { ...auth, params: { path: { tagId: trip.id } } })).response.status, 204);
    assert.equal((await harness.client.GET('/v1/financial/tags/{tagId}', { ...auth, params: { path: { tagId: trip.id } } })).response.status, 404);
    const after = (await harness.client.GET('/v1/financial/transactions/{transactionId}', { ...auth, params: { path: { transactionId: transaction.id } } })).data!;
    assert.deepEqual(after.tagIds, [work.id]);
  });
});

describe('counterparties', () => {
  test('create, search, page and update; deleting keeps the name on its transactions', async () => {
    const auth = await harness.as(randomUUID());
    const account = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'A', type: 'cash', currency: 'EUR' } })).data!;
    const names = ['Zeta SL', 'alpha GmbH', 'Beta Ltd', 'gamma', 'Delta Inc'];
    const created = [];
    for (const name of names) {
      const response = await harness.client.POST('/v1/financial/counterparties', { ...auth, body: { name, kind: 'vendor', email: `${name.split(' ')[0]!.toLowerCase()}@example.org` } });
      assert.equal(response.response.status, 201);
      created.push(response.data!);
    }
    const client = await harness.client.POST('/v1/financial/counterparties', {
      ...auth,
      body: { name: 'Omega', kind: 'client', taxId: 'ESB12345678', iban: 'ES91 2100 0418 4502 0005 1332', address: { city: 'Madrid', country: 'ES' } },
    });
    assert.equal(client.data!.iban, 'ES9121000418450200051332');
    assert.deepEqual(client.data!.address, { city: 'Madrid', country: 'ES' });
    assert.equal((await harness.client.POST('/v1/financial/counterparties', { ...auth, body: { name: 'ZETA sl' } })).response.status, 409);

    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await harness.client.GET('/v1/financial/counterparties', { ...auth, params: { query: { limit: 2, ...(cursor ? { cursor } : {}) } } })).data!;
      walked.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(walked, ['alpha GmbH', 'Beta Ltd', 'Delta Inc', 'gamma', 'Omega', 'Zeta SL']);
    const search = async (query: Record<string, string>) =>
      (await harness.client.GET('/v1/financial/counterparties', { ...auth, params: { query } })).data!.items.map((item) => item.name);
    assert.deepEqual(await search({ q: 'ltd' }), ['Beta Ltd']);
    assert.deepEqual(await search({ q: 'esb123' }), ['Omega'], 'tax id');
    assert.deepEqual(await search({ q: 'delta@' }), ['Delta Inc'], 'email');
    assert.deepEqual(await search({ kind: 'client' }), ['Omega']);

    const zeta = created[0]!;
    const updated = await harness.client.PATCH('/v1/financial/counterparties/{counterpartyId}', {
      ...auth,
      params: { path: { counterpartyId: zeta.id } },
      body: { notes: 'pays late', kind: 'client' },
    });
    assert.equal(updated.data!.notes, 'pays late');
    const transaction = (
      await harness.client.POST('/v1/financial/transactions', { ...auth, body: { accountId: account.id, bookingDate: '2024-01-01', amount: '10', counterpartyId: zeta.id } })
    ).data!;
    assert.equal(transaction.counterpartyName, 'Zeta SL', 'the linked counterparty lends its name');
    assert.equal((await harness.client.DELETE('/v1/financial/counterparties/{counterpartyId}', { ...auth, params: { path: { counterpartyId: zeta.id } } })).response.status, 204);
    const kept = (await harness.client.GET('/v1/financial/transactions/{transactionId}', { ...auth, params: { path: { transactionId: transaction.id } } })).data!;
    assert.deepEqual([kept.counterpartyId, kept.counterpartyName], [null, 'Zeta SL']);
  });
});
