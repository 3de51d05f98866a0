import { withTenant } from '@ai-service/db';
import { testDatastores } from '@ai-service/jobs/testing';
import { createLogger, initTracing } from '@ai-service/observability';
import { createTestDatabase, requireTestDatabaseUrl, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { appendEvent } from './append.ts';
import { startOutboxRelay, type RelayOptions } from './relay.ts';
import { consumeInto, subscriberJobs } from './test-fixtures/consumers.ts';
import { commitEvents, effects, newTenant, outbox, setUpFixture, stateChange } from './test-fixtures/harness.ts';
import type { Jobs } from '@ai-service/jobs';

const serverUrl = requireTestDatabaseUrl();
const fixture = await setUpFixture(await createTestDatabase(serverUrl), serverUrl);
const tracing = initTracing({ service: 'relay-test', version: '0.0.0' });
after(async () => {
  await tracing.shutdown();
  await fixture.close();
});

const silent = createLogger({ service: 'relay-test', level: 'silent' });
const relayLock = 'ai-service:outbox-relay:relay_fixture';

function relay(jobs: Jobs, extra: Partial<RelayOptions> = {}) {
  return startOutboxRelay({ url: fixture.ownerUrl, outbox, jobs, logger: silent, registry: new Registry(), batchSize: 100, pollMs: 200, ...extra });
}

/** Effects per consumer queue for one tenant, as the superuser sees them. */
async function effectsOf(tenantId: string): Promise<Array<{ consumer: string; event_id: string }>> {
  const { rows } = await fixture.admin.query('select consumer, event_id from relay_fixture.effects where tenant_id = $1 order by seq', [tenantId]);
  return rows;
}

async function unpublished(ids: string[]): Promise<number> {
  const { rows } = await fixture.admin.query('select count(*)::int as n from relay_fixture.outbox where id = any($1) and published_at is null', [ids]);
  return rows[0].n;
}

const byConsumer = (rows: Array<{ consumer: string; event_id: string }>, consumer: string) =>
  rows.filter((row) => row.consumer === consumer).map((row) => row.event_id);

for (const store of testDatastores(fixture.databaseUrl)) {
  describe(`outbox relay on ${store.kind}`, () => {
    after(() => store.cleanup());
    const queues = (name: string) => [`${name}-ledger-${store.kind}`, `${name}-alerts-${store.kind}`];

    test('events committed while no relay runs are delivered to every subscriber once it starts; rolled-back ones never', async () => {
      const tenantId = newTenant();
      const session = randomUUID();
      const ids = await commitEvents(fixture.db, tenantId, [stateChange(tenantId, session, 1), stateChange(tenantId, session, 2), stateChange(tenantId, session, 3)]);
      await assert.rejects(
        withTenant(fixture.db, tenantId, async (tx) => {
          await appendEvent(tx, outbox, stateChange(tenantId, session, 4));
          throw new Error('the domain change failed');
        }),
        /the domain change failed/,
      );
      const [ledger, alerts] = queues('late') as [string, string];
      const jobs = subscriberJobs(store, [ledger, alerts]);
      consumeInto(jobs, fixture.db, [ledger, alerts]);
      const running = relay(jobs);
      try {
        await waitFor(async () => ((await effectsOf(tenantId)).length === 6 ? true : undefined), { what: 'both subscribers to apply the three events' });
        const applied = await effectsOf(tenantId);
        assert.deepEqual(byConsumer(applied, ledger), ids);
        assert.deepEqual(byConsumer(applied, alerts), ids);
        const { rows } = await fixture.admin.query('select delivered_to from relay_fixture.outbox where id = any($1) and published_at is not null', [ids]);
        assert.equal(rows.length, 3);
        for (const row of rows) assert.deepEqual([...row.delivered_to].sort(), [alerts, ledger].sort());
        const { rows: all } = await fixture.admin.query('select count(*)::int as n from relay_fixture.outbox where tenant_id = $1', [tenantId]);
        assert.equal(all[0].n, 3, 'the rolled-back event was never written');
      } finally {
        await running.stop();
        await jobs.close();
      }
    });

    test('a relay that dies after publishing and before marking republishes on restart, and consumers apply each event once', async () => {
      const tenantId = newTenant();
      const session = randomUUID();
      const ids = await commitEvents(fixture.db, tenantId, [stateChange(tenantId, session, 1), stateChange(tenantId, session, 2)]);
      const [ledger, alerts] = queues('crash') as [string, string];
      const jobs = subscriberJobs(store, [ledger, alerts]);
      consumeInto(jobs, fixture.db, [ledger, alerts]);
      // Hold back the relay's "mark published" (an UPDATE) while letting it read and publish.
      const blocker = await fixture.admin.connect();
      await blocker.query('begin');
      await blocker.query('lock table relay_fixture.outbox in share mode');
      const first = relay(jobs, { retryMs: 60_000 });
      try {
        await waitFor(async () => ((await effectsOf(tenantId)).length === 4 ? true : undefined), { what: 'the first relay to publish' });
        const { rows } = await fixture.admin.query(
          `select pid from pg_stat_activity
            where application_name = 'outbox-relay:relay_fixture' and wait_event_type = 'Lock' and datname = current_database()`,
        );
        assert.equal(rows.length, 1, 'the relay is stuck marking the events published');
        // The crash: its connection dies mid-statement and the process is gone.
        const stopped = first.stop();
        await fixture.admin.query('select pg_terminate_backend($1)', [rows[0].pid]);
        await stopped;
      } finally {
        await blocker.query('rollback');
        blocker.release();
      }
      assert.equal(await unpublished(ids), 2, 'the crash left both events unmarked');

      const second = relay(jobs);
      try {
        await waitFor(async () => ((await unpublished(ids)) === 0 ? true : undefined), { what: 'the restarted relay to republish' });
        await waitFor(async () => {
          const depth = (await jobs.stats()).map((queue) => queue.counts.waiting + queue.counts.active + queue.counts.delayed);
          return depth.every((n) => n === 0) ? true : undefined;
        }, { what: 'the queues to drain' });
        const applied = await effectsOf(tenantId);
        assert.deepEqual(byConsumer(applied, ledger), ids);
        assert.deepEqual(byConsumer(applied, alerts), ids);
      } finally {
        await second.stop();
        await jobs.close();
      }
    });

    test('one relay is active at a time; a standby takes over when it stops', async () => {
      const tenantId = newTenant();
      const session = randomUUID();
      const [ledger] = queues('standby') as [string];
      const jobs = subscriberJobs(store, [ledger]);
      consumeInto(jobs, fixture.db, [ledger]);
      const active = relay(jobs);
      let standby: ReturnType<typeof relay> | undefined;
      try {
        const holders = async () => {
          const { rows } = await fixture.admin.query(
            // Sessions, not locks: a busy relay also holds its hot lock (relay-pace.ts).
            `select count(distinct pid)::int as n from pg_locks l join pg_stat_activity a using (pid)
              where l.locktype = 'advisory' and l.granted and a.application_name = 'outbox-relay:relay_fixture' and a.datname = current_database()`,
          );
          return rows[0].n as number;
        };
        await waitFor(async () => ((await holders()) === 1 ? true : undefined), { what: 'the first relay to take the lock' });
        standby = relay(jobs);
        const [firstId] = await commitEvents(fixture.db, tenantId, [stateChange(tenantId, session, 1)]);
        await waitFor(async () => ((await effectsOf(tenantId)).length === 1 ? true : undefined), { what: 'the first event' });
        assert.equal(await holders(), 1, 'the standby waits instead of publishing too');

        await active.stop();
        const [secondId] = await commitEvents(fixture.db, tenantId, [stateChange(tenantId, session, 2)]);
        await waitFor(async () => ((await effectsOf(tenantId)).length === 2 ? true : undefined), { what: 'the standby to publish' });
        assert.deepEqual(byConsumer(await effectsOf(tenantId), ledger), [firstId, secondId]);
      } finally {
        await active.stop();
        await standby?.stop();
        await jobs.close();
      }
    });

    test('the request trace reaches the outbox row and every log line of the consumer; backlog metrics follow the outbox', async () => {
      const tenantId = newTenant();
      const chunks: string[] = [];
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk.toString());
          done();
        },
      });
      const logger = createLogger({ service: 'relay-test', level: 'info', pretty: false, destination });
      const [ledger] = queues('trace') as [string];
      const jobs = subscriberJobs(store, [ledger], { logger });
      consumeInto(jobs, fixture.db, [ledger]);
      const registry = new Registry();
      // Another session holds the relay lock: this relay stands by, so the events stay pending.
      const holder = await fixture.admin.connect();
      await holder.query('select pg_advisory_lock(hashtext($1))', [relayLock]);
      const standby = relay(jobs, { registry });
      try {
        const { traceId, eventId } = await tracing.tracer.startActiveSpan('POST /v1/trading/stop', async (span) => {
          const [id] = await commitEvents(fixture.db, tenantId, [stateChange(tenantId, randomUUID(), 1)]);
          span.end();
          return { traceId: span.spanContext().traceId, eventId: id };
        });
        await waitFor(async () => (/outbox_pending\{schema="relay_fixture"\} [1-9]/.test(await registry.metrics()) ? true : undefined), { what: 'a pending event in the metrics' });
        assert.match(await registry.metrics(), /outbox_lag_seconds\{schema="relay_fixture"\} [0-9.e-]+/);

        await holder.query('select pg_advisory_unlock_all()');
        await waitFor(async () => ((await effectsOf(tenantId)).length === 1 ? true : undefined), { what: 'the event to be consumed' });
        await waitFor(async () => (/outbox_pending\{schema="relay_fixture"\} 0/.test(await registry.metrics()) ? true : undefined), { what: 'the backlog to drain' });

        const { rows } = await fixture.admin.query('select trace_id from relay_fixture.outbox where id = $1', [eventId]);
        assert.equal(rows[0].trace_id, traceId);
        const lines = chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
        const jobLines = lines.filter((line) => line['jobId'] === eventId);
        assert.deepEqual(jobLines.map((line) => line['msg']), ['applying event', 'job completed']);
        for (const line of jobLines) assert.equal(line['traceId'], traceId);
      } finally {
        holder.release();
        await standby.stop();
        await jobs.close();
      }
    });
  });
}

test('the runtime role sees only its tenant in the outbox; the owner-run relay sees every tenant', async () => {
  const [tenantA, tenantB] = [newTenant(), newTenant()];
  await commitEvents(fixture.db, tenantA, [stateChange(tenantA, randomUUID())]);
  await commitEvents(fixture.db, tenantB, [stateChange(tenantB, randomUUID())]);
  const visible = await withTenant(fixture.db, tenantA, (tx) => tx.select({ tenantId: outbox.tenantId }).from(outbox));
  assert.deepEqual([...new Set(visible.map((row) => row.tenantId))], [tenantA]);
  assert.equal((await fixture.db.select().from(effects)).length, 0, 'without a tenant, nothing');
  const { default: pg } = await import('pg');
  const owner = new pg.Client({ connectionString: fixture.ownerUrl });
  await owner.connect();
  try {
    const { rows } = await owner.query('select count(distinct tenant_id)::int as n from relay_fixture.outbox where tenant_id = any($1)', [[tenantA, tenantB]]);
    assert.equal(rows[0].n, 2);
    const { rows: superuser } = await owner.query('select rolsuper from pg_roles where rolname = current_user');
    assert.equal(superuser[0].rolsuper, false, 'the owner is an ordinary role: the outbox_relay policy, not a bypass, lets it read');
    await owner.query('delete from relay_fixture.outbox where tenant_id = any($1)', [[tenantA, tenantB]]);
  } finally {
    await owner.end();
  }
});
