import { setTransactionCategory } from '@ai-service/financial-domain';
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

async function newTenant(currency = 'EUR') {
  const tenant = randomUUID();
  const auth = await harness.as(tenant);
  const account = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'Main', type: 'checking', currency } })).data!;
  return { tenant, auth, account };
}

async function category(auth: Auth, name: string, kind: 'income' | 'expense' = 'expense', parentId?: string) {
  const created = await harness.client.POST('/v1/financial/categories', { ...auth, body: { name, ...(parentId ? { parentId } : { kind }) } });
  assert.equal(created.response.status, 201);
  return created.data!;
}

async function tag(auth: Auth, name: string) {
  return (await harness.client.POST('/v1/financial/tags', { ...auth, body: { name } })).data!;
}

const outboxEvents = (tenant: string) =>
  harness.queryAsOwner<{ type: string; payload: Record<string, unknown> }>(`select type, payload from financial.outbox where tenant_id = $1 order by position`, [tenant]);

describe('manual transactions', () => {
  test('created with splits, tags and a category: the category is the user’s and is published', async () => {
    const { tenant, auth, account } = await newTenant();
    const food = await category(auth, 'Food');
    const home = await category(auth, 'Home');
    const holiday = await tag(auth, 'holiday');
    const created = await harness.client.POST('/v1/financial/transactions', {
      ...auth,
      body: {
        accountId: account.id,
        bookingDate: '2024-03-01',
        amount: '-100.00',
        description: 'Supermarket',
        categoryId: food.id,
        tagIds: [holiday.id],
        splits: [
          { amount: '-60.5', categoryId: food.id },
          { amount: '-39.5', categoryId: home.id, description: 'detergent' },
        ],
      },
    });
    assert.equal(created.response.status, 201);
    const transaction = created.data!;
    assert.equal(transaction.amount, '-100.00');
    assert.equal(transaction.currency, 'EUR');
    assert.equal(transaction.source, 'manual');
    assert.equal(transaction.categoryProvenance, 'user');
    assert.deepEqual(transaction.tagIds, [holiday.id]);
    assert.deepEqual(
      transaction.splits.map((split) => [split.amount, split.categoryId, split.description]),
      [
        ['-60.50', food.id, null],
        ['-39.50', home.id, 'detergent'],
      ],
    );
    const events = await outboxEvents(tenant);
    assert.deepEqual(
      events.map((event) => [event.type, event.payload['provenance'], event.payload['categoryId']]),
      [['TransactionCategorized', 'user', food.id]],
    );
    const fetched = await harness.client.GET('/v1/financial/transactions/{transactionId}', { ...auth, params: { path: { transactionId: transaction.id } } });
    assert.deepEqual(fetched.data, transaction);
  });

  test('splits must sum to the amount: 422 naming the field and nothing written; the database refuses it too', async () => {
    const { tenant, auth, account } = await newTenant();
    const bad = await harness.client.POST('/v1/financial/transactions', {
      ...auth,
      body: { accountId: account.id, bookingDate: '2024-03-01', amount: '-100', splits: [{ amount: '-60' }, { amount: '-39.99' }] },
    });
    assert.equal(bad.response.status, 422);
    assert.equal((bad.error as { errors: { field: string }[] }).errors[0]!.field, 'splits');
    const single = await harness.client.POST('/v1/financial/transactions', {
      ...auth,
      body: { accountId: account.id, bookingDate: '2024-03-01', amount: '-100', splits: [{ amount: '-100' }] },
    });
    assert.equal(single.response.status, 422);
    const precise = await harness.client.POST('/v1/financial/transactions', {
      ...auth,
      body: { accountId: account.id, bookingDate: '2024-03-01', amount: '-100', splits: [{ amount: '-60.001' }, { amount: '-39.999' }] },
    });
    assert.equal((precise.error as { errors: { field: string }[] }).errors[0]!.field, 'splits.0.amount');
    assert.equal((await harness.queryAsOwner('select 1 from financial.transactions where tenant_id = $1', [tenant])).length, 0);

    const good = (
      await harness.client.POST('/v1/financial/transactions', {
        ...auth,
        body: { accountId: account.id, bookingDate: '2024-03-01', amount: '-100', splits: [{ amount: '-60' }, { amount: '-40' }] },
      })
    ).data!;
    await assert.rejects(
      harness.queryAsOwner('update financial.transactions set amount = -101 where id = $1', [good.id]),
      /splits of transaction .* sum to/,
      'the deferred constraint trigger guards writes that bypass the domain',
    );
  });

  test('changing a split transaction’s amount needs splits that sum to it', async () => {
    const { auth, account } = await newTenant();
    const created = (
      await harness.client.POST('/v1/financial/transactions', {
        ...auth,
        body: { accountId: account.id, bookingDate: '2024-03-01', amount: '-10', splits: [{ amount: '-6' }, { amount: '-4' }] },
      })
    ).data!;
    const path = { params: { path: { transactionId: created.id } } };
    const alone = await harness.client.PATCH('/v1/financial/transactions/{transactionId}', { ...auth, ...path, body: { amount: '-12' } });
    assert.equal(alone.response.status, 422);
    assert.equal((alone.error as { errors: { field: string }[] }).errors[0]!.field, 'amount');
    const withSplits = await harness.client.PATCH('/v1/financial/transactions/{transactionId}', {
      ...auth,
      ...path,
      body: { amount: '-12', splits: [{ amount: '-7' }, { amount: '-5' }] },
    });
    assert.equal(withSplits.response.status, 200, JSON.stringify(withSplits.error));
    assert.deepEqual(
      withSplits.data!.splits.map((split) => split.amount),
      ['-7.00', '-5.00'],
    );
    const unsplit = await harness.client.PATCH('/v1/financial/transactions/{transactionId}', { ...auth, ...path, body: { splits: [] } });
    assert.equal(unsplit.response.status, 200, JSON.stringify(unsplit.error));
    assert.deepEqual(unsplit.data!.splits, []);
  });

  test('a category the user sets is never overwritten by an automatic provenance', async () => {
    const { tenant, auth, account } = await newTenant();
    const food = await category(auth, 'Food');
    const fun = await category(auth, 'Fun');
    const created = (await harness.client.POST('/v1/financial/transactions', { ...auth, body: { accountId: account.id, bookingDate: '2024-03-01', amount: '-3' } }))
      .data!;
    const ctx = harness.ctxFor(tenant, null);
    const ruleId = randomUUID();
    assert.deepEqual(await setTransactionCategory({ ctx, input: { transactionId: created.id, categoryId: fun.id, provenance: 'rule', ruleId } }), {
      outcome: 'applied',
      previousCategoryId: null,
    });
    assert.equal(
      (await setTransactionCategory({ ctx, input: { transactionId: created.id, categoryId: fun.id, provenance: 'rule', ruleId } })).outcome,
      'unchanged',
    );
    await assert.rejects(setTransactionCategory({ ctx, input: { transactionId: created.id, categoryId: fun.id, provenance: 'rule' } }), { code: 'invalid_input', field: 'ruleId' });

    const patched = await harness.client.PATCH('/v1/financial/transactions/{transactionId}', {
      ...auth,
      params: { path: { transactionId: created.id } },
      body: { categoryId: food.id },
    });
    assert.equal(patched.data!.categoryProvenance, 'user');
    assert.equal(patched.data!.categoryRuleId, null);

    for (const provenance of ['rule', 'history', 'ai'] as const) {
      const result = await setTransactionCategory({
        ctx,
        input: { transactionId: created.id, categoryId: fun.id, provenance, ruleId: provenance === 'rule' ? ruleId : null },
      });
      assert.equal(result.outcome, 'kept_user_choice');
    }
    const kept = (await harness.client.GET('/v1/financial/transactions/{transactionId}', { ...auth, params: { path: { transactionId: created.id } } })).data!;
    assert.equal(kept.categoryId, food.id);
    assert.equal(kept.categoryProvenance, 'user');
    assert.equal((await setTransactionCategory({ ctx, input: { transactionId: created.id, categoryId: fun.id, provenance: 'user' } })).outcome, 'applied');

    const events = (await outboxEvents(tenant)).map((event) => [event.payload['provenance'], event.payload['categoryId'], event.payload['previousCategoryId']]);
    assert.deepEqual(events, [
      ['rule', fun.id, null],
      ['user', food.id, fun.id],
      ['user', fun.id, food.id],
    ]);
  });

  test('a deleted transaction leaves lists and can no longer be read or changed', async () => {
    const { auth, account } = await newTenant();
    const created = (await harness.client.POST('/v1/financial/transactions', { ...auth, body: { accountId: account.id, bookingDate: '2024-03-01', amount: '-3' } }))
      .data!;
    const path = { params: { path: { transactionId: created.id } } };
    assert.equal((await harness.client.DELETE('/v1/financial/transactions/{transactionId}', { ...auth, ...path })).response.status, 204);
    assert.equal((await harness.client.GET('/v1/financial/transactions/{transactionId}', { ...auth, ...path })).response.status, 404);
    assert.equal((await harness.client.PATCH('/v1/financial/transactions/{transactionId}', { ...auth, ...path, body: { notes: 'x' } })).response.status, 404);
    assert.equal((await harness.client.DELETE('/v1/financial/transactions/{transactionId}', { ...auth, ...path })).response.status, 404);
    assert.deepEqual((await harness.client.GET('/v1/financial/transactions', auth)).data!.items, []);
  });
});

describe('listing', () => {
  test('each filter keeps exactly the matching transactions', async () => {
    const { auth, account } = await newTenant();
    const other = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'Card', type: 'credit_card', currency: 'EUR' } })).data!;
    const food = await category(auth, 'Food');
    const groceries = await category(auth, 'Groceries', 'expense', food.id);
    const salary = await category(auth, 'Salary', 'income');
    const trip = await tag(auth, 'trip');
    const acme = (await harness.client.POST('/v1/financial/counterparties', { ...auth, body: { name: 'ACME Corp', kind: 'client' } })).data!;
    const make = async (name: string, body: Record<string, unknown>) => {
      const created = await harness.client.POST('/v1/financial/transactions', {
        ...auth,
        body: { accountId: account.id, bookingDate: '2024-01-15', amount: '-10', description: name, ...body },
      });
      assert.equal(created.response.status, 201, JSON.stringify(created.error));
      return [name, created.data!.id] as const;
    };
    const ids = Object.fromEntries([
      await make('groceries', { categoryId: groceries.id, bookingDate: '2024-01-05', counterpartyName: 'Mercadona' }),
      await make('salary', { categoryId: salary.id, amount: '2500', counterpartyId: acme.id, bookingDate: '2024-01-31' }),
      await make('split', { amount: '-20', splits: [{ amount: '-15', categoryId: food.id }, { amount: '-5' }], bookingDate: '2024-02-01' }),
      await make('plain 50% off', { tagIds: [trip.id], notes: 'Paid in cash', bookingDate: '2024-02-10', status: 'pending' }),
      await make('card', { accountId: other.id, amount: '-99.99', bookingDate: '2024-03-01' }),
    ]) as Record<string, string>;
    const list = async (query: Record<string, unknown>) => {
      const result = await harness.client.GET('/v1/financial/transactions', { ...auth, params: { query } });
      assert.equal(result.response.status, 200, JSON.stringify(result.error));
      return result.data!.items.map((item) => item.description).sort();
    };
    assert.deepEqual(await list({}), Object.keys(ids).sort());
    assert.deepEqual(await list({ from: '2024-01-31', to: '2024-02-10' }), ['plain 50% off', 'salary', 'split']);
    assert.deepEqual(await list({ accountId: other.id }), ['card']);
    assert.deepEqual(await list({ categoryId: food.id }), ['groceries', 'split'], 'the category, its descendants and splits');
    assert.deepEqual(await list({ categoryId: groceries.id }), ['groceries']);
    assert.deepEqual(await list({ uncategorized: true }), ['card', 'plain 50% off']);
    assert.deepEqual(await list({ uncategorized: false }), ['groceries', 'salary', 'split']);
    assert.deepEqual(await list({ counterpartyId: acme.id }), ['salary']);
    assert.deepEqual(await list({ counterparty: 'acme' }), ['salary'], 'the linked counterparty’s name');
    assert.deepEqual(await list({ counterparty: 'MERCA' }), ['groceries'], 'the name as written');
    assert.deepEqual(await list({ minAmount: '-20', maxAmount: '0' }), ['groceries', 'plain 50% off', 'split']);
    assert.deepEqual(await list({ minAmount: '100' }), ['salary']);
    assert.deepEqual(await list({ maxAmount: '-99.99' }), ['card']);
    assert.deepEqual(await list({ q: 'CASH' }), ['plain 50% off'], 'notes, regardless of case');
    assert.deepEqual(await list({ q: '50%' }), ['plain 50% off'], '% is literal');
    assert.deepEqual(await list({ q: 'mercadona' }), ['groceries'], 'the counterparty as written');
    assert.deepEqual(await list({ status: 'pending' }), ['plain 50% off']);
    assert.deepEqual(await list({ tagId: trip.id }), ['plain 50% off']);
    assert.deepEqual(await list({ categoryId: food.id, from: '2024-02-01' }), ['split'], 'filters combine');
  });

  test('cursor pagination walks every row exactly once, newest first', async () => {
    const { auth, account } = await newTenant();
    const created: string[] = [];
    for (let index = 0; index < 23; index += 1) {
      const bookingDate = `2024-01-${String(1 + (index % 4)).padStart(2, '0')}`;
      created.push(
        (await harness.client.POST('/v1/financial/transactions', { ...auth, body: { accountId: account.id, bookingDate, amount: String(index + 1) } })).data!.id,
      );
    }
    const seen: { id: string; bookingDate: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (await harness.client.GET('/v1/financial/transactions', { ...auth, params: { query: { limit: 5, ...(cursor ? { cursor } : {}) } } })).data!;
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    assert.equal(pages, 5);
    assert.equal(seen.length, 23);
    assert.deepEqual(new Set(seen.map((item) => item.id)), new Set(created));
    const order = seen.map((item) => `${item.bookingDate}/${item.id}`);
    assert.deepEqual(order, [...order].sort().reverse(), 'booking date then id, descending');

    const bad = await harness.client.GET('/v1/financial/transactions', { ...auth, params: { query: { cursor: 'not-a-cursor' } } });
    assert.equal(bad.response.status, 400);
    assert.equal((bad.error as { code: string }).code, 'invalid_cursor');
    const over = await harness.client.GET('/v1/financial/transactions', { ...auth, params: { query: { limit: 501 } } });
    assert.equal(over.response.status, 400);
  });
});

describe('bulk edit', () => {
  test('changes every transaction or none', async () => {
    const { tenant, auth, account } = await newTenant();
    const food = await category(auth, 'Food');
    const a = await tag(auth, 'a');
    const b = await tag(auth, 'b');
    const ids: string[] = [];
    for (const amount of ['-1', '-2', '-3']) {
      ids.push((await harness.client.POST('/v1/financial/transactions', { ...auth, body: { accountId: account.id, bookingDate: '2024-01-01', amount, tagIds: [b.id] } })).data!.id);
    }
    const stranger = await newTenant();
    const foreign = (
      await harness.client.POST('/v1/financial/transactions', { ...stranger.auth, body: { accountId: stranger.account.id, bookingDate: '2024-01-01', amount: '-1' } })
    ).data!.id;

    const refused = await harness.client.POST('/v1/financial/transactions/bulk', { ...auth, body: { ids: [...ids, foreign], patch: { categoryId: food.id, notes: 'x' } } });
    assert.equal(refused.response.status, 404);
    const untouched = await harness.queryAsOwner<{ n: number }>(
      'select count(*)::int as n from financial.transactions where tenant_id = $1 and (category_id is not null or notes is not null)',
      [tenant],
    );
    assert.equal(untouched[0]!.n, 0, 'nothing changed');

    const badTag = await harness.client.POST('/v1/financial/transactions/bulk', { ...auth, body: { ids, patch: { categoryId: food.id, addTagIds: [randomUUID()] } } });
    assert.equal(badTag.response.status, 422);
    assert.equal((await harness.queryAsOwner('select 1 from financial.transactions where tenant_id = $1 and category_id is not null', [tenant])).length, 0);

    const done = await harness.client.POST('/v1/financial/transactions/bulk', {
      ...auth,
      body: { ids, patch: { categoryId: food.id, notes: 'checked', addTagIds: [a.id], removeTagIds: [b.id] } },
    });
    assert.deepEqual(done.data, { updated: 3 });
    const items = (await harness.client.GET('/v1/financial/transactions', auth)).data!.items;
    for (const item of items) {
      assert.equal(item.categoryId, food.id);
      assert.equal(item.categoryProvenance, 'user');
      assert.equal(item.notes, 'checked');
      assert.deepEqual(item.tagIds, [a.id]);
    }
    assert.equal((await outboxEvents(tenant)).filter((event) => event.type === 'TransactionCategorized').length, 3);
  });
});

describe('transfers', () => {
  test('a transfer creates two linked legs with opposite amounts; deleting one leg unlinks the other', async () => {
    const { auth, account } = await newTenant();
    const savings = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'Savings', type: 'savings', currency: 'EUR' } })).data!;
    const created = await harness.client.POST('/v1/financial/transfers', {
      ...auth,
      body: { fromAccountId: account.id, toAccountId: savings.id, amount: '250.5', bookingDate: '2024-04-01', description: 'Monthly saving' },
    });
    assert.equal(created.response.status, 201);
    const transfer = created.data!;
    assert.equal(transfer.outgoing.amount, '-250.50');
    assert.equal(transfer.incoming.amount, '250.50');
    assert.equal(transfer.outgoing.transferId, transfer.transferId);
    assert.equal(transfer.incoming.transferId, transfer.transferId);
    assert.equal(transfer.incoming.counterpartyName, 'Main');
    const balances = (await harness.client.GET('/v1/financial/accounts', auth)).data!.items.map((item) => [item.name, item.balance]);
    assert.deepEqual(balances, [
      ['Main', '-250.50'],
      ['Savings', '250.50'],
    ]);

    const legChange = await harness.client.PATCH('/v1/financial/transactions/{transactionId}', {
      ...auth,
      params: { path: { transactionId: transfer.outgoing.id } },
      body: { amount: '-1' },
    });
    assert.equal(legChange.response.status, 409);

    await harness.client.DELETE('/v1/financial/transactions/{transactionId}', { ...auth, params: { path: { transactionId: transfer.outgoing.id } } });
    const remaining = (await harness.client.GET('/v1/financial/transactions/{transactionId}', { ...auth, params: { path: { transactionId: transfer.incoming.id } } })).data!;
    assert.equal(remaining.transferId, null);
  });

  test('between currencies both amounts are given', async () => {
    const { auth, account } = await newTenant();
    const usd = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'USD', type: 'brokerage', currency: 'USD' } })).data!;
    const missing = await harness.client.POST('/v1/financial/transfers', {
      ...auth,
      body: { fromAccountId: account.id, toAccountId: usd.id, amount: '100', bookingDate: '2024-04-01' },
    });
    assert.equal(missing.response.status, 422);
    assert.equal((missing.error as { errors: { field: string }[] }).errors[0]!.field, 'toAmount');
    const created = await harness.client.POST('/v1/financial/transfers', {
      ...auth,
      body: { fromAccountId: account.id, toAccountId: usd.id, amount: '100', toAmount: '108.37', bookingDate: '2024-04-01' },
    });
    assert.equal(created.response.status, 201);
    assert.deepEqual(
      [created.data!.outgoing.amount, created.data!.outgoing.currency, created.data!.incoming.amount, created.data!.incoming.currency],
      ['-100.00', 'EUR', '108.37', 'USD'],
    );
    const same = await harness.client.POST('/v1/financial/transfers', {
      ...auth,
      body: { fromAccountId: account.id, toAccountId: account.id, amount: '1', bookingDate: '2024-04-01' },
    });
    assert.equal(same.response.status, 422);
  });

  test('two existing transactions can be marked as a transfer, and unlinked', async () => {
    const { auth, account } = await newTenant();
    const card = (await harness.client.POST('/v1/financial/accounts', { ...auth, body: { name: 'Card', type: 'credit_card', currency: 'EUR' } })).data!;
    const add = async (accountId: string, amount: string) =>
      (await harness.client.POST('/v1/financial/transactions', { ...auth, body: { accountId, bookingDate: '2024-05-01', amount } })).data!.id;
    const out = await add(account.id, '-300');
    const into = await add(card.id, '300');
    const wrong = await add(card.id, '299');
    const sameAccount = await add(account.id, '300');

    const mismatch = await harness.client.POST('/v1/financial/transfers/link', { ...auth, body: { outgoingTransactionId: out, incomingTransactionId: wrong } });
    assert.equal(mismatch.response.status, 422);
    const reversed = await harness.client.POST('/v1/financial/transfers/link', { ...auth, body: { outgoingTransactionId: into, incomingTransactionId: out } });
    assert.equal(reversed.response.status, 422);
    const oneAccount = await harness.client.POST('/v1/financial/transfers/link', { ...auth, body: { outgoingTransactionId: out, incomingTransactionId: sameAccount } });
    assert.equal(oneAccount.response.status, 422);

    const linked = await harness.client.POST('/v1/financial/transfers/link', { ...auth, body: { outgoingTransactionId: out, incomingTransactionId: into } });
    assert.equal(linked.response.status, 200);
    assert.equal(linked.data!.outgoing.transferId, linked.data!.transferId);
    const again = await harness.client.POST('/v1/financial/transfers/link', { ...auth, body: { outgoingTransactionId: out, incomingTransactionId: into } });
    assert.equal(again.response.status, 409);

    const unlinked = await harness.client.DELETE('/v1/financial/transfers/{transferId}', { ...auth, params: { path: { transferId: linked.data!.transferId } } });
    assert.equal(unlinked.response.status, 204);
    const legs = await harness.queryAsOwner('select 1 from financial.transactions where transfer_id = $1', [linked.data!.transferId]);
    assert.equal(legs.length, 0);
    assert.equal(
      (await harness.client.DELETE('/v1/financial/transfers/{transferId}', { ...auth, params: { path: { transferId: linked.data!.transferId } } })).response.status,
      404,
    );
  });
});
