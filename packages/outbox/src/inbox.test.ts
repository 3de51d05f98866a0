import type { JobContext } from '@ai-service/jobs';
import { testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import { createTestDatabase, requireTestDatabaseUrl, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { isOutboxError } from './errors.ts';
import { eventHandler } from './event-handler.ts';
import { consumeOnce } from './inbox.ts';
import { consumeInto, subscriberJobs } from './test-fixtures/consumers.ts';
import { delivery } from './test-fixtures/deliveries.ts';
import { effects, inbox, newTenant, setUpFixture } from './test-fixtures/harness.ts';

const serverUrl = requireTestDatabaseUrl();
const fixture = await setUpFixture(await createTestDatabase(serverUrl), serverUrl);
after(() => fixture.close());

async function effectCount(tenantId: string): Promise<number> {
  const { rows } = await fixture.admin.query('select count(*)::int as n from relay_fixture.effects where tenant_id = $1', [tenantId]);
  return rows[0].n;
}

const recordEffect = (tenantId: string, eventId: string) => async (tx: Parameters<Parameters<typeof consumeOnce>[3]>[0]) => {
  await tx.insert(effects).values({ consumer: 'billing', eventId, tenantId, aggregateId: 'a' });
  return 'charged';
};

test('the same message consumed twice has one effect; the second call reports a duplicate', async () => {
  const tenantId = newTenant();
  const messageId = randomUUID();
  const first = await consumeOnce(fixture.db, inbox, { consumer: 'billing', messageId, tenantId }, recordEffect(tenantId, messageId));
  const second = await consumeOnce(fixture.db, inbox, { consumer: 'billing', messageId, tenantId }, recordEffect(tenantId, messageId));
  assert.deepEqual(first, { status: 'applied', value: 'charged' });
  assert.deepEqual(second, { status: 'duplicate' });
  assert.equal(await effectCount(tenantId), 1);
  const other = await consumeOnce(fixture.db, inbox, { consumer: 'ledger', messageId, tenantId }, async () => 'booked');
  assert.deepEqual(other, { status: 'applied', value: 'booked' }, 'another consumer gets its own once');
});

test('five deliveries of one message at the same moment have exactly one effect', async () => {
  const tenantId = newTenant();
  const messageId = randomUUID();
  const results = await Promise.all(
    [1, 2, 3, 4, 5].map(() => consumeOnce(fixture.db, inbox, { consumer: 'billing', messageId, tenantId }, recordEffect(tenantId, messageId))),
  );
  assert.equal(results.filter((result) => result.status === 'applied').length, 1);
  assert.equal(await effectCount(tenantId), 1);
});

test('an effect that throws leaves no inbox record, so the redelivery applies it', async () => {
  const tenantId = newTenant();
  const messageId = randomUUID();
  await assert.rejects(
    consumeOnce(fixture.db, inbox, { consumer: 'billing', messageId, tenantId }, async (tx) => {
      await recordEffect(tenantId, messageId)(tx);
      throw new Error('payment provider down');
    }),
    /payment provider down/,
  );
  assert.equal(await effectCount(tenantId), 0);
  const retried = await consumeOnce(fixture.db, inbox, { consumer: 'billing', messageId, tenantId }, recordEffect(tenantId, messageId));
  assert.equal(retried.status, 'applied');
  assert.equal(await effectCount(tenantId), 1);
});

test('a message whose predecessor this consumer has not processed waits for it', async () => {
  const tenantId = newTenant();
  const [firstId, secondId] = [randomUUID(), randomUUID()];
  await assert.rejects(
    consumeOnce(fixture.db, inbox, { consumer: 'billing', messageId: secondId, tenantId, after: firstId }, recordEffect(tenantId, secondId)),
    (error) => isOutboxError(error, 'predecessor_pending'),
  );
  await consumeOnce(fixture.db, inbox, { consumer: 'billing', messageId: firstId, tenantId }, recordEffect(tenantId, firstId));
  const second = await consumeOnce(fixture.db, inbox, { consumer: 'billing', messageId: secondId, tenantId, after: firstId }, recordEffect(tenantId, secondId));
  assert.equal(second.status, 'applied');
});

test('a predecessor gone from the queue was either applied since the check (the event goes on) or is dead (the attempt fails)', async () => {
  const tenantId = newTenant();
  const session = randomUUID();
  const handle = eventHandler<'StrategyStateChanged'>({ db: fixture.db, inbox }, async (event, tx) => {
    await tx.insert(effects).values({ consumer: 'billing', eventId: event.id, tenantId, aggregateId: session });
  });
  const context = (stateOf: JobContext['stateOf']): JobContext => ({
    queue: 'billing',
    name: 'StrategyStateChanged',
    jobId: randomUUID(),
    attempt: 1,
    deferrals: 0,
    logger: createLogger({ service: 'inbox-test', level: 'silent' }),
    defer: () => Promise.reject(new Error('a missing predecessor is not waited for')),
    stateOf,
  });
  const first = delivery(tenantId, session);
  const second = delivery(tenantId, session, first.event.id);
  // Completed deliveries are removed from the queue: the predecessor completes between the check and the look-up.
  await handle(second, context(async () => {
    await handle(first, context(async () => ({ state: 'missing' })));
    return { state: 'missing' };
  }));
  const { rows } = await fixture.admin.query('select event_id from relay_fixture.effects where tenant_id = $1 order by seq', [tenantId]);
  assert.deepEqual(rows.map((row) => row.event_id), [first.event.id, second.event.id]);

  const orphan = delivery(tenantId, session, randomUUID());
  await assert.rejects(handle(orphan, context(async () => ({ state: 'missing' }))), (error) => isOutboxError(error, 'predecessor_pending'));
  assert.equal(await effectCount(tenantId), 2);
});

for (const store of testDatastores(fixture.databaseUrl)) {
  describe(`redelivery through the queue on ${store.kind}`, () => {
    after(() => store.cleanup());

    test('the same event delivered twice (two jobs) has one effect', async () => {
      const tenantId = newTenant();
      const queue = `twice-${store.kind}`;
      const jobs = subscriberJobs(store, [queue]);
      consumeInto(jobs, fixture.db, [queue], { concurrency: 2 });
      try {
        const message = delivery(tenantId, randomUUID());
        // Distinct job ids bypass BullMQ's dedupe, as a redelivery after the first job was removed would.
        await jobs.enqueue(queue, 'StrategyStateChanged', message, { jobId: `${message.event.id}-a` });
        await jobs.enqueue(queue, 'StrategyStateChanged', message, { jobId: `${message.event.id}-b` });
        await waitFor(async () => ((await jobs.stats())[0]?.counts.completed === 2 ? true : undefined), { what: 'both deliveries' });
        assert.equal(await effectCount(tenantId), 1);
      } finally {
        await jobs.close();
      }
    });

    test('an event whose predecessor is still waiting for its retry is applied after it, without using up attempts', async () => {
      const tenantId = newTenant();
      const session = randomUUID();
      const queue = `reordered-${store.kind}`;
      // One attempt each: waiting for the predecessor must not cost one, or the successor would die.
      const registry = new Registry();
      const jobs = subscriberJobs(store, [queue], { registry, retry: { attempts: 2, backoffMs: 300, jitter: 0 } });
      let calls = 0;
      consumeInto(jobs, fixture.db, [queue], {
        concurrency: 2,
        beforeEffect: () => {
          calls += 1;
          if (calls === 1) throw new Error('the first event fails once');
        },
      });
      try {
        const first = delivery(tenantId, session);
        const second = delivery(tenantId, session, first.event.id);
        await jobs.enqueue(queue, 'StrategyStateChanged', first, { jobId: first.event.id });
        await waitFor(async () => (calls === 1 ? true : undefined), { what: 'the first attempt to fail' });
        await jobs.enqueue(queue, 'StrategyStateChanged', second, { jobId: second.event.id });
        await waitFor(async () => ((await jobs.stats())[0]?.counts.completed === 2 ? true : undefined), { what: 'both events' });
        const { rows } = await fixture.admin.query('select event_id from relay_fixture.effects where tenant_id = $1 order by seq', [tenantId]);
        assert.deepEqual(rows.map((row) => row.event_id), [first.event.id, second.event.id]);
        const metrics = await registry.metrics();
        assert.match(metrics, new RegExp(`jobs_processed_total\\{queue="${queue}",name="StrategyStateChanged",status="deferred"\\} [1-9]`), 'the second waited');
        assert.match(metrics, new RegExp(`jobs_processed_total\\{queue="${queue}",name="StrategyStateChanged",status="retrying"\\} 1\n`), 'only the first failure used an attempt');
      } finally {
        await jobs.close();
      }
    });

    test('an event whose predecessor went to the dead letter fails too, and waits there for it', async () => {
      const tenantId = newTenant();
      const session = randomUUID();
      const queue = `orphaned-${store.kind}`;
      const jobs = subscriberJobs(store, [queue], { retry: { attempts: 2, backoffMs: 50, jitter: 0 } });
      consumeInto(jobs, fixture.db, [queue], { concurrency: 1 });
      try {
        const second = delivery(tenantId, session, randomUUID());
        await jobs.enqueue(queue, 'StrategyStateChanged', second, { jobId: second.event.id });
        await waitFor(async () => ((await jobs.stats())[0]?.counts.dead === 1 ? true : undefined), { what: 'the dead letter' });
        const [letter] = await jobs.deadJobs(queue);
        assert.match(letter?.failedReason ?? '', /has not processed .* which precedes/);
        assert.equal(await effectCount(tenantId), 0);
      } finally {
        await jobs.close();
      }
    });
  });
}
