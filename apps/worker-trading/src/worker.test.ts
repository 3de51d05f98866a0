import { createJobs, queueCatalogue } from '@ai-service/jobs';
import { datastoreEnv, testDatastores } from '@ai-service/jobs/testing';
import { createLogger } from '@ai-service/observability';
import type { EventDelivery } from '@ai-service/outbox';
import { createTestDatabase, freePort, requireTestDatabaseUrl, startServiceProcess, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';

/** The jobs of strategy sessions (run end to end in apps/trading-svc/src/sessions.test.ts); `BacktestRunRequested` in backtests.test.ts. */
const SESSION_JOBS = ['deploy', 'stop', 'tick'];

const database = await createTestDatabase(requireTestDatabaseUrl());
const stores = testDatastores(database.url);
after(async () => {
  for (const store of stores) await store.cleanup();
  await database.drop();
});

before(async () => {
  // The worker works in the trading schema: trading-svc owns it and migrates it at boot.
  const port = await freePort();
  const owner = await startServiceProcess('trading-svc', port, { DATABASE_URL: database.url, TRADING_SVC_PORT: String(port) });
  await owner.stop();
});

for (const store of stores) {
  test(`worker-trading on ${store.kind}: runs the trading queue; jobs that can never succeed go to the dead letter at once, saying why`, async () => {
    const port = await freePort();
    const worker = await startServiceProcess('worker-trading', port, {
      DATABASE_URL: database.url,
      WORKER_TRADING_PORT: String(port),
      ...datastoreEnv(store),
    });
    const producer = createJobs({
      datastore: store.datastore,
      ...(store.prefix ? { prefix: store.prefix } : {}),
      queues: { trading: queueCatalogue.trading },
      logger: createLogger({ service: 'worker-test', level: 'silent' }),
      registry: new Registry(),
    });
    try {
      const ready = (await (await fetch(`${worker.url}/health/ready`)).json()) as { checks: Record<string, { ok: boolean }> };
      assert.equal(ready.checks['queues']?.ok, true, 'readiness covers the queue datastore');

      for (const name of SESSION_JOBS) await producer.enqueue('trading', name, { sessionId: 's1' }, { jobId: `${name}-1` });
      // A run requested for a backtest that does not exist (another tenant's, say) completes without effect.
      const backtestId = randomUUID();
      const delivery: EventDelivery = {
        event: {
          id: backtestId,
          type: 'BacktestRunRequested',
          version: 1,
          occurredAt: new Date().toISOString(),
          tenantId: randomUUID(),
          traceId: null,
          aggregate: { type: 'backtest', id: backtestId },
          payload: { backtestId, parentId: null },
        },
        after: null,
      };
      await producer.enqueue('trading', 'BacktestRunRequested', delivery, { jobId: backtestId });
      // A delivery that is not a valid BacktestRunRequested can never succeed: dead at once.
      await producer.enqueue('trading', 'BacktestRunRequested', { event: { ...delivery.event, payload: { backtestId: 'not-a-uuid' } }, after: null }, { jobId: 'invalid-run' });
      await waitFor(async () => ((await producer.stats())[0]?.counts.dead === 4 ? true : undefined), { what: 'four dead letters' });
      await waitFor(async () => ((await producer.stats())[0]?.counts.completed === 1 ? true : undefined), { what: 'the backtest job completed' });
      const dead = await producer.deadJobs('trading');
      assert.deepEqual(dead.map((job) => job.jobId).sort(), ['deploy-1', 'invalid-run', 'stop-1', 'tick-1']);
      const invalid = dead.find((job) => job.jobId === 'invalid-run');
      assert.match(invalid?.failedReason ?? '', /^permanent_failure: not a BacktestRunRequested event: payload\.backtestId/);
      assert.equal(invalid?.attemptsMade, 1, 'an invalid event is not retried');
      for (const job of dead.filter((deadJob) => deadJob !== invalid)) {
        assert.match(job.failedReason, new RegExp(`^permanent_failure: ${job.name} needs \\{ tenantId, sessionId \\}`));
        assert.equal(job.attemptsMade, 1, 'a job without its session is not retried');
      }

      const metrics = await (await fetch(`${worker.url}/metrics`)).text();
      for (const name of SESSION_JOBS) assert.match(metrics, new RegExp(`jobs_processed_total\\{queue="trading",name="${name}",status="dead",service="worker-trading"\\} 1`));
      assert.match(metrics, /jobs_processed_total\{queue="trading",name="BacktestRunRequested",status="completed",service="worker-trading"\} 1/);
      assert.match(metrics, /queue_depth\{queue="trading",state="dead",service="worker-trading"\} 4/);
    } finally {
      await producer.close();
      const exit = await worker.stop();
      assert.equal(exit.code, 0, worker.output());
    }
  });
}
