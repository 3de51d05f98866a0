import { withTenant } from '@ai-service/db';
import { testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import { createTestDatabase, requireTestDatabaseUrl, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { Registry } from 'prom-client';
import { appendEvent } from './append.ts';
import { outboxChannel } from './notify.ts';
import { startOutboxRelay } from './relay.ts';
import { consumeInto, subscriberJobs } from './test-fixtures/consumers.ts';
import { commitEvents, newTenant, outbox, setUpFixture, stateChange } from './test-fixtures/harness.ts';

const serverUrl = requireTestDatabaseUrl();
const fixture = await setUpFixture(await createTestDatabase(serverUrl), serverUrl);
after(() => fixture.close());

/** Far beyond any wait below: whatever is delivered was not picked up by the fallback poll. */
const POLL_MS = 600_000;

/** Counts the notifications commits send to the relay's channel. */
async function listen(): Promise<{ count: () => Promise<number>; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: fixture.databaseUrl });
  await client.connect();
  let received = 0;
  client.on('notification', () => (received += 1));
  await client.query(`listen "${outboxChannel(outbox)}"`);
  return {
    // A round trip first: a notification sent before it has arrived by the time it returns.
    count: async () => (await client.query('select 1'), received),
    close: () => client.end(),
  };
}

/** Advisory locks the relay's session holds: 1 = leader only, 2 = leader and hot. */
async function relayLocks(): Promise<number> {
  const { rows } = await fixture.admin.query(
    `select count(*)::int as n from pg_locks l join pg_stat_activity a using (pid)
      where l.locktype = 'advisory' and l.granted and a.application_name = 'outbox-relay:relay_fixture' and a.datname = current_database()`,
  );
  return rows[0].n;
}

async function effectCount(tenantId: string): Promise<number> {
  const { rows } = await fixture.admin.query('select count(*)::int as n from relay_fixture.effects where tenant_id = $1', [tenantId]);
  return rows[0].n;
}

// The fallback poll is ten minutes away (POLL_MS), so a generous deadline still proves that an event
// arrived without it: CI runs these next to hundreds of other tests on two cores.
const until = (probe: () => Promise<boolean>, what: string) => waitFor(async () => ((await probe()) ? true : undefined), { what, intervalMs: 20, timeoutMs: 90_000 });

for (const store of testDatastores(fixture.databaseUrl)) {
  describe(`relay pace on ${store.kind}`, () => {
    after(() => store.cleanup());

    function start(queue: string) {
      const jobs = subscriberJobs(store, [queue]);
      consumeInto(jobs, fixture.db, [queue]);
      const relay = startOutboxRelay({
        url: fixture.ownerUrl,
        outbox,
        jobs,
        logger: createLogger({ service: 'relay-pace-test', level: 'silent' }),
        registry: new Registry(),
        batchSize: 100,
        pollMs: POLL_MS,
      });
      return {
        stop: async () => {
          await relay.stop();
          await jobs.close();
        },
      };
    }

    test('an idle relay is woken by the commit; a busy one polls on its own and commits do not notify; quiet again, it is woken again', async () => {
      const tenantId = newTenant();
      const session = randomUUID();
      const notifications = await listen();
      const running = start(`paced-${store.kind}`);
      try {
        await until(async () => (await relayLocks()) === 1, 'the relay to lead');
        await commitEvents(fixture.db, tenantId, [stateChange(tenantId, session, 1)]);
        await until(async () => (await effectCount(tenantId)) === 1, 'the first event');
        assert.equal(await notifications.count(), 1, 'the idle relay was notified');
        assert.equal(await relayLocks(), 1, 'one event at a time does not make it hot');

        // Three events in one batch: commits come faster than the relay publishes.
        await commitEvents(fixture.db, tenantId, [2, 3, 4].map((step) => stateChange(tenantId, session, step)));
        await until(async () => (await relayLocks()) === 2, 'the relay to turn hot');
        for (const step of [5, 6, 7]) await commitEvents(fixture.db, tenantId, [stateChange(tenantId, session, step)]);
        await until(async () => (await effectCount(tenantId)) === 7, 'the events committed while hot');
        assert.equal(await notifications.count(), 2, 'no notification while the relay polls on its own');

        await until(async () => (await relayLocks()) === 1, 'the relay to cool down (a second with few events)');
        await commitEvents(fixture.db, tenantId, [stateChange(tenantId, session, 8)]);
        await until(async () => (await effectCount(tenantId)) === 8, 'the event committed after it cooled down');
        assert.equal(await notifications.count(), 3, 'the idle relay was notified again');
      } finally {
        await running.stop();
        await notifications.close();
      }
    });

    test('a transaction that appended while the relay was hot and commits after it cooled down is still delivered at once', async () => {
      const tenantId = newTenant();
      const session = randomUUID();
      const notifications = await listen();
      const running = start(`straggler-${store.kind}`);
      try {
        await until(async () => (await relayLocks()) === 1, 'the relay to lead');
        await commitEvents(fixture.db, tenantId, [1, 2, 3].map((step) => stateChange(tenantId, session, step)));
        await until(async () => (await relayLocks()) === 2, 'the relay to turn hot');
        await withTenant(fixture.db, tenantId, async (tx) => {
          await appendEvent(tx, outbox, stateChange(tenantId, session, 4));
          await until(async () => (await relayLocks()) === 1, 'the relay to cool down while this transaction is open');
        });
        await until(async () => (await effectCount(tenantId)) === 4, 'the straggler, without the fallback poll');
        assert.equal(await notifications.count(), 1, 'the straggler did not notify: the cooling relay waited for it');
      } finally {
        await running.stop();
        await notifications.close();
      }
    });
  });
}
