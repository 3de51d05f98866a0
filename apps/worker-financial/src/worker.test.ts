import { createJobs, queueCatalogue } from '@ai-service/jobs';
import { datastoreEnv, testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import { createTestDatabase, freePort, requireTestDatabaseUrl, startServiceProcess, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';

const database = await createTestDatabase(requireTestDatabaseUrl());
const stores = testDatastores(database.url);
after(async () => {
  for (const store of stores) await store.cleanup();
  await database.drop();
});

before(async () => {
  // The worker works in the financial schema: financial-svc owns it and migrates it at boot.
  const port = await freePort();
  const owner = await startServiceProcess('financial-svc', port, { DATABASE_URL: database.url, FINANCIAL_SVC_PORT: String(port) });
  await owner.stop();
});

for (const store of stores) {
  test(`worker-financial on ${store.kind}: runs the financial queue; malformed jobs and jobs without their domain logic go to the dead letter at once`, async () => {
    const port = await freePort();
    const worker = await startServiceProcess('worker-financial', port, {
      DATABASE_URL: database.url,
      WORKER_FINANCIAL_PORT: String(port),
      ...datastoreEnv(store),
    });
    const producer = createJobs({
      datastore: store.datastore,
      ...(store.prefix ? { prefix: store.prefix } : {}),
      queues: { financial: queueCatalogue.financial },
      logger: createLogger({ service: 'worker-test', level: 'silent' }),
      registry: new Registry(),
    });
    try {
      const ready = (await (await fetch(`${worker.url}/health/ready`)).json()) as { checks: Record<string, { ok: boolean }> };
      assert.equal(ready.checks['queues']?.ok, true, 'readiness covers the queue datastore');

      // A malformed job (here: junk data) fails for good at once; backfill still has no domain handler.
      // syncBank is left out: its retry policy is covered by sync-bank.test.ts.
      const names = queueCatalogue.financial.filter((name) => name !== 'syncBank');
      for (const name of names) await producer.enqueue('financial', name, { accountId: 'a1' }, { jobId: `${name}-1` });
      await waitFor(async () => ((await producer.stats())[0]?.counts.dead === names.length ? true : undefined), { what: `${names.length} dead letters` });
      const dead = await producer.deadJobs('financial');
      assert.deepEqual(dead.map((job) => job.jobId).sort(), names.map((name) => `${name}-1`).sort());
      for (const job of dead) assert.equal(job.attemptsMade, 1, `${job.name}: a malformed job or a missing handler is not retried`);
      assert.match(dead.find((job) => job.name === 'backfill')?.failedReason ?? '', /^handler_unavailable: backfill is not available until issue 5/);
      assert.match(dead.find((job) => job.name === 'StatementImportRequested')?.failedReason ?? '', /^permanent_failure: not a StatementImportRequested event/);

      const metrics = await (await fetch(`${worker.url}/metrics`)).text();
      for (const name of names) assert.match(metrics, new RegExp(`jobs_processed_total\\{queue="financial",name="${name}",status="dead",service="worker-financial"\\} 1`));
      assert.match(metrics, new RegExp(`queue_depth\\{queue="financial",state="dead",service="worker-financial"\\} ${names.length}`));
    } finally {
      await producer.close();
      const exit = await worker.stop();
      assert.equal(exit.code, 0, worker.output());
    }
  });
}
