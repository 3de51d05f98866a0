import { testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import { createTestDatabase, requireTestDatabaseUrl, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { startOutboxRelay } from './relay.ts';
import { consumeInto, subscriberJobs } from './test-fixtures/consumers.ts';
import { commitEvents, newTenant, outbox, setUpFixture, stateChange } from './test-fixtures/harness.ts';

const serverUrl = requireTestDatabaseUrl();
const fixture = await setUpFixture(await createTestDatabase(serverUrl), serverUrl);
after(() => fixture.close());

const EVENTS = 1_000;
const AGGREGATES = 10;
const EVENTS_PER_TRANSACTION = 10;

for (const store of testDatastores(fixture.databaseUrl)) {
  describe(`ordering on ${store.kind}`, () => {
    after(() => store.cleanup());

    test('1,000 events across 10 aggregates: every consumer applies each aggregate in commit order, despite concurrency and failures', async () => {
      const tenantId = newTenant();
      const sessions = Array.from({ length: AGGREGATES }, () => randomUUID());
      const queues = [`ledger-${store.kind}`, `alerts-${store.kind}`];
      const jobs = subscriberJobs(store, queues);
      // Every 17th effect fails once: its retry comes later than its successors' first attempts.
      let calls = 0;
      consumeInto(jobs, fixture.db, queues, {
        concurrency: 8,
        beforeEffect: () => {
          calls += 1;
          if (calls % 17 === 0) throw new Error('transient failure');
        },
      });
      const relay = startOutboxRelay({
        url: fixture.ownerUrl,
        outbox,
        jobs,
        logger: createLogger({ service: 'ordering-test', level: 'silent' }),
        registry: new Registry(),
        batchSize: 200,
        pollMs: 200,
      });
      try {
        for (let first = 0; first < EVENTS; first += EVENTS_PER_TRANSACTION) {
          const batch = Array.from({ length: EVENTS_PER_TRANSACTION }, (_, offset) => {
            const n = first + offset;
            return stateChange(tenantId, sessions[(n * 7) % AGGREGATES]!, n);
          });
          await commitEvents(fixture.db, tenantId, batch);
        }
        await waitFor(
          async () => {
            const { rows } = await fixture.admin.query('select count(*)::int as n from relay_fixture.effects where tenant_id = $1', [tenantId]);
            return rows[0].n === EVENTS * queues.length ? true : undefined;
          },
          { timeoutMs: 45_000, intervalMs: 250, what: 'every event applied by both consumers' },
        );
        const committed = await fixture.admin.query('select aggregate_id, id from relay_fixture.outbox where tenant_id = $1 order by position', [tenantId]);
        const applied = await fixture.admin.query('select consumer, aggregate_id, event_id from relay_fixture.effects where tenant_id = $1 order by seq', [tenantId]);
        for (const session of sessions) {
          const expected = committed.rows.filter((row) => row.aggregate_id === session).map((row) => row.id);
          assert.equal(expected.length, EVENTS / AGGREGATES);
          for (const queue of queues) {
            const seen = applied.rows.filter((row) => row.consumer === queue && row.aggregate_id === session).map((row) => row.event_id);
            assert.deepEqual(seen, expected, `${queue} applied session ${session} in order, each event once`);
          }
        }
        const dead = (await jobs.stats()).reduce((sum, queue) => sum + queue.counts.dead, 0);
        assert.equal(dead, 0);
      } finally {
        await relay.stop();
        await jobs.close();
      }
    });
  });
}
