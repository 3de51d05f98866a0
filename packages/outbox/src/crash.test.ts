import { testDatastores, type TestDatastore } from '@ai-service/jobs/testing';
import { createTestDatabase, requireTestDatabaseUrl, runScript, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { consumeInto, subscriberJobs } from './test-fixtures/consumers.ts';
import { delivery } from './test-fixtures/deliveries.ts';
import { newTenant, setUpFixture } from './test-fixtures/harness.ts';

const serverUrl = requireTestDatabaseUrl();
const database = await createTestDatabase(serverUrl);
const fixture = await setUpFixture(database, serverUrl);
after(() => fixture.close());

const LOCK_DURATION_MS = 1_000;

async function countFor(table: 'effects' | 'inbox', tenantId: string): Promise<number> {
  const { rows } = await fixture.admin.query(`select count(*)::int as n from relay_fixture.${table} where tenant_id = $1`, [tenantId]);
  return rows[0].n;
}

/** Runs one job in a worker process, kills it with SIGKILL at `stop`, then lets a fresh worker finish. */
async function killMidJob(store: TestDatastore, stop: 'before-commit' | 'after-commit') {
  const tenantId = newTenant();
  const queue = `crash-${stop}-${store.kind}`;
  const config = { datastore: store.datastore, ...(store.prefix ? { prefix: store.prefix } : {}), queue, databaseUrl: database.url, lockDurationMs: LOCK_DURATION_MS, stop };
  const child = runScript('packages/outbox/src/test-fixtures/consumer-worker.ts', {}, [JSON.stringify(config)]);
  const jobs = subscriberJobs(store, [queue], { lockDurationMs: LOCK_DURATION_MS });
  try {
    await waitFor(async () => (child.output().includes('ready') ? true : undefined), { what: 'the worker process', timeoutMs: 20_000 });
    const message = delivery(tenantId, randomUUID());
    await jobs.enqueue(queue, 'StrategyStateChanged', message, { jobId: message.event.id });
    const marker = stop === 'after-commit' ? 'effect committed' : 'effect written, not committed';
    await waitFor(async () => (child.output().includes(marker) ? true : undefined), { what: `the worker to reach "${marker}"` });
    assert.equal(await countFor('effects', tenantId), stop === 'after-commit' ? 1 : 0);

    const { signal } = await child.stop('SIGKILL');
    assert.equal(signal, 'SIGKILL');

    // A healthy worker: its stalled-job check hands it the dead worker's job once the lock lapses.
    consumeInto(jobs, fixture.db, [queue], { concurrency: 1 });
    await waitFor(async () => ((await jobs.stats())[0]?.counts.completed === 1 ? true : undefined), { what: 'the job to be retried and completed', timeoutMs: 20_000 });
    assert.equal(await countFor('effects', tenantId), 1, 'the effect is recorded exactly once');
    assert.equal(await countFor('inbox', tenantId), 1);
    assert.equal((await jobs.stats())[0]?.counts.dead, 0);
  } finally {
    await child.stop('SIGKILL');
    await jobs.close();
  }
}

for (const store of testDatastores(fixture.databaseUrl)) {
  describe(`kill -9 of a worker on ${store.kind}`, () => {
    after(() => store.cleanup());

    test('killed after its transaction committed: the retry finds the inbox record and adds nothing', () => killMidJob(store, 'after-commit'));

    test('killed inside its transaction: nothing was committed, the retry applies the effect once', () => killMidJob(store, 'before-commit'));
  });
}
