import { SIMPLEFIN_FIXTURE, startSimpleFinReplay, type SimpleFinReplay } from '@ai-service/bank-sync/testing';
import { serviceConfigSchemas } from '@ai-service/config';
import {
  createBankConnection,
  createBankSyncDeps,
  jobsSyncQueue,
  linkConnectionAccount,
  secretsKeyFrom,
  type SyncContext,
  type SyncQueue,
} from '@ai-service/financial-domain';
import type { Jobs } from '@ai-service/jobs';
import { buildService, type BuiltService } from '@ai-service/service-runtime';
import { createTestDatabase, freePort, requireTestDatabaseUrl, startServiceProcess, waitFor } from '@ai-service/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { defineWorker } from './service.ts';
import { financialProducer } from './test-producer.ts';

const SECRETS_KEY = randomBytes(32).toString('base64');
const clock = () => new Date('2025-06-30T08:00:00Z');
const http = { allowInsecureHttp: true, clock };
const inert: SyncQueue = { enqueueSync: async () => undefined, scheduleConnection: async () => undefined, unscheduleConnection: async () => undefined };

const database = await createTestDatabase(requireTestDatabaseUrl());
const owner = new pg.Pool({ connectionString: database.url, max: 2 });
let simplefin: SimpleFinReplay;
let worker: BuiltService;
let producer: Jobs;
before(async () => {
  // The financial schema belongs to financial-svc, which migrates it at boot.
  const port = await freePort();
  const financial = await startServiceProcess('financial-svc', port, { DATABASE_URL: database.url, FINANCIAL_SVC_PORT: String(port) });
  await financial.stop();
  simplefin = await startSimpleFinReplay();
  const config = serviceConfigSchemas['worker-financial'].parse({
    DATABASE_URL: database.url,
    WORKER_FINANCIAL_PORT: String(await freePort()),
    FINANCIAL_SECRETS_KEY: SECRETS_KEY,
    LOG_LEVEL: 'silent',
  });
  worker = await buildService(defineWorker(config, { clock, bankSyncHttp: http }));
  await worker.listen();
  producer = financialProducer(database.url, 'sync-test');
});
after(async () => {
  await producer?.close();
  await worker?.close();
  await simplefin?.close();
  await owner.end();
  await database.drop();
});

const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[]) => (await owner.query<T>(text, values)).rows;

/** What financial-svc does when a user connects SimpleFIN, directly through the domain. */
function userCtx(tenantId: string): SyncContext {
  const bankSync = createBankSyncDeps({ secretsKey: secretsKeyFrom(SECRETS_KEY), defaultIntervalMinutes: 360, goCardlessApiUrl: 'https://unused.example/', http, queue: inert });
  return { db: drizzle(owner), tenantId, actorId: randomUUID(), traceId: undefined, clock, bankSync };
}

test('syncBank: a provider 429 puts the job back until the reset, then it syncs; transactions_synced_total counts it', async () => {
  const tenant = randomUUID();
  const ctx = userCtx(tenant);
  const connection = await createBankConnection({ ctx, input: { provider: 'simplefin', setupToken: simplefin.setupToken } });
  const connectionId = connection.id;
  const checking = connection.accounts.find((account) => account.providerAccountId === SIMPLEFIN_FIXTURE.checkingAccountId);
  const linked = await linkConnectionAccount({ ctx, input: { connectionId, connectionAccountId: checking?.id ?? '', createAccount: { type: 'checking' } } });

  simplefin.rateLimit(1, 1);
  await jobsSyncQueue(producer).enqueueSync({ tenantId: tenant, connectionId, trigger: 'manual' });

  const runs = await waitFor(
    async () => {
      const rows = await query<{ status: string; created: number; next_attempt_at: Date | null }>(
        `select status, created, next_attempt_at from financial.sync_runs where connection_id = $1 order by started_at, finished_at`,
        [connectionId],
      );
      return rows.some((row) => row.status === 'succeeded') ? rows : undefined;
    },
    { what: 'a succeeded sync run after the rate limit' },
  );
  assert.deepEqual(
    runs.map((run) => [run.status, run.created]),
    [
      ['rate_limited', 0],
      ['succeeded', 6],
    ],
  );
  assert.ok(runs[0]?.next_attempt_at, 'the rate-limited run says when it is tried again');
  const [{ count } = { count: '0' }] = await query<{ count: string }>(`select count(*) from financial.transactions where account_id = $1 and deleted_at is null`, [linked.accountId]);
  assert.equal(count, '6');

  // The run's row commits before the handler counts it and the job completes: wait for the job's end.
  const completed = /jobs_processed_total\{queue="financial",name="syncBank",status="completed",service="worker-financial"\} 1/;
  const metrics = await waitFor(
    async () => {
      const body = (await worker.app.inject({ method: 'GET', url: '/metrics' })).body;
      return completed.test(body) ? body : undefined;
    },
    { what: 'the sync job completed in the metrics' },
  );
  assert.match(metrics, /transactions_synced_total\{provider="simplefin",status="created",service="worker-financial"\} 6/);
  assert.match(metrics, /jobs_processed_total\{queue="financial",name="syncBank",status="deferred",service="worker-financial"\} 1/);
});

test('syncBank for a connection that no longer exists fails for good, without retries', async () => {
  await jobsSyncQueue(producer).enqueueSync({ tenantId: randomUUID(), connectionId: randomUUID(), trigger: 'schedule' });
  const dead = await waitFor(async () => {
    const jobs = await producer.deadJobs('financial');
    return jobs.length > 0 ? jobs : undefined;
  });
  assert.match(dead[0]?.failedReason ?? '', /^permanent_failure: not_found/);
  assert.equal(dead[0]?.attemptsMade, 1);

  await producer.enqueue('financial', 'syncBank', { accountId: 'a1' });
  const malformed = await waitFor(async () => (await producer.deadJobs('financial')).find((job) => /needs \{ tenantId, connectionId \}/.test(job.failedReason)));
  assert.equal(malformed.attemptsMade, 1, 'a malformed job is not retried');
});
