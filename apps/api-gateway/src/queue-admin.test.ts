import { createJobs, queueCatalogue, unavailableHandler, type Jobs } from '@ai-service/jobs';
import { datastoreEnv, testDatastores } from '@ai-service/jobs/testing';
import { createLogger, createMetrics } from '@ai-service/observability';
import { createTestDatabase, createTokenIssuer, requireTestDatabaseUrl, serveJwks, type TestDatabase, type TokenIssuer, waitFor } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGateway, type RunningGateway } from './test-fixtures/gateway.ts';

let database: TestDatabase;
let issuer: TokenIssuer;
let jwks: Awaited<ReturnType<typeof serveJwks>>;

before(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl());
  issuer = await createTokenIssuer();
  jwks = await serveJwks([issuer]);
});
after(async () => {
  await jwks.close();
  await database.drop();
});

type Overview = { datastore: string; queues: Array<{ queue: string; counts: { dead: number; waiting: number } }> };

for (const store of testDatastores(requireTestDatabaseUrl())) {
  describe(`queue admin through the gateway on ${store.kind}`, () => {
    let gateway: RunningGateway;
    let worker: Jobs;
    let adminToken: string;

    before(async () => {
      const datastore = 'postgresUrl' in store.datastore ? { postgresUrl: database.url } : store.datastore;
      worker = createJobs({
        datastore,
        ...(store.prefix ? { prefix: store.prefix } : {}),
        retry: { attempts: 1, backoffMs: 10, jitter: 0 },
        queues: { financial: queueCatalogue.financial },
        logger: createLogger({ service: 'test-worker', level: 'silent' }),
        registry: createMetrics('test-worker').registry,
      });
      for (const name of queueCatalogue.financial) worker.handle('financial', name, unavailableHandler(name, 'a later issue'));
      worker.work('financial', { concurrency: 1 });
      gateway = await startGateway({ AUTH_JWKS_URL: jwks.url, DATABASE_URL: database.url, ...datastoreEnv(store) });
      adminToken = await issuer.sign({ perms: ['admin:system'] });
    });
    after(async () => {
      await gateway.close();
      await worker.close();
      await store.cleanup();
    });

    const call = async (path: string, init: RequestInit & { token?: string } = {}) => {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      const response = await fetch(`${gateway.url}${path}`, { ...init, headers });
      const text = await response.text();
      return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
    };

    test('the admin API needs a token with admin:system', async () => {
      assert.equal((await call('/v1/admin/queues')).status, 401);
      const member = await call('/v1/admin/queues', { token: await issuer.sign({ perms: ['financial:read'] }) });
      assert.equal(member.status, 403);
      assert.match(member.type, /problem\+json/);
      const board = await fetch(`${gateway.url}/admin/queues`);
      assert.equal(board.status, 401, `Bull Board is behind the same permission: ${board.status} ${await board.text()}`);
    });

    test('a failing job shows up as dead, can be retried, and an unknown one is a 404 problem', async () => {
      const jobId = await worker.enqueue('financial', 'syncBank', { accountId: 'a1' });
      const overview = await waitFor(
        async () => {
          const response = await call('/v1/admin/queues', { token: adminToken });
          const financial = (response.body as Overview).queues.find((entry) => entry.queue === 'financial');
          return financial && financial.counts.dead >= 1 ? (response.body as Overview) : undefined;
        },
        { what: 'the job in the dead letter' },
      );
      assert.equal(overview.datastore, store.kind);

      const dead = await call('/v1/admin/queues/financial/dead', { token: adminToken });
      assert.equal(dead.status, 200);
      const entry = dead.body.jobs.find((job: { name: string; failedReason: string }) => job.name === 'syncBank');
      assert.match(entry.failedReason, /not available until a later issue/);
      assert.ok(jobId);

      assert.equal((await call(`/v1/admin/queues/financial/dead/${entry.jobId}/retry`, { method: 'POST', token: adminToken })).status, 204);
      const missing = await call('/v1/admin/queues/financial/dead/no-such-job', { method: 'DELETE', token: adminToken });
      assert.equal(missing.status, 404);
      assert.match(missing.type, /problem\+json/);
      assert.equal((await call('/v1/admin/queues/nope/dead', { token: adminToken })).status, 404);
    });

    test('Bull Board answers for an admin, with the token in a header or the access-token cookie', async () => {
      const byHeader = await fetch(`${gateway.url}/admin/queues`, { headers: { authorization: `Bearer ${adminToken}` } });
      assert.equal(byHeader.status, 200);
      assert.match(await byHeader.text(), /<html/i);
      const byCookie = await fetch(`${gateway.url}/admin/queues`, { headers: { cookie: `theme=dark; ai_access_token=${adminToken}` } });
      assert.equal(byCookie.status, 200);
    });
  });
}
