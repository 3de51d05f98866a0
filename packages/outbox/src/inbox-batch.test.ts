import type { Transaction } from '@ai-service/db';
import { createTestDatabase, requireTestDatabaseUrl } from '@ai-service/testing';
import { sql } from 'drizzle-orm';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { inboxBatcher } from './inbox-batch.ts';
import { consumeOnce } from './inbox.ts';
import { effects, inbox, newTenant, setUpFixture } from './test-fixtures/harness.ts';

const serverUrl = requireTestDatabaseUrl();
const fixture = await setUpFixture(await createTestDatabase(serverUrl), serverUrl);
after(() => fixture.close());

const consume = inboxBatcher(fixture.db, inbox);

async function effectRows(tenantId: string): Promise<string[]> {
  const { rows } = await fixture.admin.query('select event_id from relay_fixture.effects where tenant_id = $1 order by seq', [tenantId]);
  return rows.map((row) => row.event_id);
}

/** Records the effect and the id of the transaction it ran in. */
function recording(tenantId: string, messageId: string, transactions: Map<string, string>) {
  return async (tx: Transaction) => {
    await tx.insert(effects).values({ consumer: 'ledger', eventId: messageId, tenantId, aggregateId: 'a' });
    const { rows } = await tx.execute<{ id: string }>(sql`select txid_current()::text as id`);
    transactions.set(messageId, rows[0]!.id);
  };
}

/** Holds the batcher's current transaction open until released, so the next messages queue up behind it. */
function blocker(tenantId: string) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let started = () => {};
  const running = new Promise<void>((resolve) => (started = resolve));
  const messageId = randomUUID();
  const outcome = consume({ consumer: 'ledger', messageId, tenantId }, async () => {
    started();
    await released;
  });
  return { messageId, outcome, running, release };
}

test('messages that arrive while a transaction commits go together in the next one, each applied once and in order', async () => {
  const tenantId = newTenant();
  const first = blocker(tenantId);
  await first.running;
  const transactions = new Map<string, string>();
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  const outcomes = ids.map((messageId, index) =>
    // Each one follows the one before it: a predecessor applied earlier in the same transaction counts as processed.
    consume({ consumer: 'ledger', messageId, tenantId, after: index === 0 ? first.messageId : ids[index - 1]! }, recording(tenantId, messageId, transactions)),
  );
  first.release();
  assert.equal(await first.outcome, 'applied');
  assert.deepEqual(await Promise.all(outcomes), ['applied', 'applied', 'applied']);
  assert.equal(new Set(ids.map((id) => transactions.get(id))).size, 1, 'one shared transaction');
  assert.deepEqual(await effectRows(tenantId), ids);
  assert.deepEqual(
    await Promise.all(ids.map((messageId) => consume({ consumer: 'ledger', messageId, tenantId }, recording(tenantId, messageId, transactions)))),
    ['duplicate', 'duplicate', 'duplicate'],
  );
});

test('a failing effect fails its own message only; the others of its batch are applied once, alone', async () => {
  const tenantId = newTenant();
  const first = blocker(tenantId);
  await first.running;
  const runs = new Map<string, number>();
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  const outcomes = ids.map((messageId, index) =>
    consume({ consumer: 'ledger', messageId, tenantId }, async (tx) => {
      runs.set(messageId, (runs.get(messageId) ?? 0) + 1);
      await tx.insert(effects).values({ consumer: 'ledger', eventId: messageId, tenantId, aggregateId: 'a' });
      if (index === 1) throw new Error('card declined');
    }).catch((error: unknown) => (error as Error).message),
  );
  first.release();
  assert.deepEqual(await Promise.all(outcomes), ['applied', 'card declined', 'applied']);
  assert.equal(runs.get(ids[1]!), 1, 'the failed effect is not run a second time in the same attempt');
  assert.deepEqual(await effectRows(tenantId), [ids[0], ids[2]]);
  const { rows } = await fixture.admin.query('select message_id from relay_fixture.inbox where tenant_id = $1 order by message_id', [tenantId]);
  assert.deepEqual(
    rows.map((row) => row.message_id),
    [first.messageId, ids[0], ids[2]].sort(),
  );
});

test('a message whose predecessor is not processed stays unrecorded; once the predecessor is, it applies', async () => {
  const tenantId = newTenant();
  const [firstId, secondId] = [randomUUID(), randomUUID()];
  const transactions = new Map<string, string>();
  assert.equal(await consume({ consumer: 'ledger', messageId: secondId, tenantId, after: firstId }, recording(tenantId, secondId, transactions)), 'pending');
  assert.deepEqual(await effectRows(tenantId), []);
  await consumeOnce(fixture.db, inbox, { consumer: 'ledger', messageId: firstId, tenantId }, recording(tenantId, firstId, transactions));
  assert.equal(await consume({ consumer: 'ledger', messageId: secondId, tenantId, after: firstId }, recording(tenantId, secondId, transactions)), 'applied');
  assert.deepEqual(await effectRows(tenantId), [firstId, secondId]);
});

test('messages of several tenants and consumers in one batch: each runs under its own tenant, in its own job context', async () => {
  const [tenantA, tenantB] = [newTenant(), newTenant()];
  const first = blocker(tenantA);
  await first.running;
  const jobContext = new AsyncLocalStorage<string>();
  const seen = new Map<string, { tenant: string; job: string | undefined }>();
  const submissions = [
    { consumer: 'ledger', tenantId: tenantA },
    { consumer: 'ledger', tenantId: tenantB },
    { consumer: 'alerts', tenantId: tenantA },
  ].map(({ consumer, tenantId }) => {
    const messageId = randomUUID();
    return jobContext.run(`job-${messageId}`, () =>
      consume({ consumer, messageId, tenantId }, async (tx) => {
        const { rows } = await tx.execute<{ tenant: string }>(sql`select current_setting('app.tenant_id') as tenant`);
        seen.set(messageId, { tenant: rows[0]!.tenant, job: jobContext.getStore() });
      }).then((outcome) => ({ messageId, tenantId, outcome })),
    );
  });
  first.release();
  for (const { messageId, tenantId, outcome } of await Promise.all(submissions)) {
    assert.equal(outcome, 'applied');
    assert.deepEqual(seen.get(messageId), { tenant: tenantId, job: `job-${messageId}` });
  }
});

// A regression would deadlock this test (the first transaction is released only after the others): the timeout turns that into a failure.
test('while one transaction is under way, four waiting messages start another; a successor of the first waits for its outcome', { timeout: 30_000 }, async () => {
  const tenantId = newTenant();
  const first = blocker(tenantId);
  await first.running;
  const transactions = new Map<string, string>();
  const successorId = randomUUID();
  const successor = consume({ consumer: 'ledger', messageId: successorId, tenantId, after: first.messageId }, recording(tenantId, successorId, transactions));
  const independent = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const parallel = independent.map((messageId) => consume({ consumer: 'ledger', messageId, tenantId }, recording(tenantId, messageId, transactions)));
  assert.deepEqual(await Promise.all(parallel), ['applied', 'applied', 'applied', 'applied'], 'applied while the first transaction is still open');
  first.release();
  assert.equal(await successor, 'applied', 'held back, not found pending');
  assert.equal(new Set(independent.map((id) => transactions.get(id))).size, 1);
  assert.notEqual(transactions.get(successorId), transactions.get(independent[0]!));
});
