import { buildHttpApp } from '@ai-service/http';
import { createHealth, createLogger, createMetrics, initTracing, type Logger } from '@ai-service/observability';
import { createTestDatabase, requireTestDatabaseUrl, waitFor } from '@ai-service/testing';
import { trace } from '@opentelemetry/api';
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { adminQueueRoutes, jobsErrorMapper } from './admin-routes.ts';
import { queueBoard } from './board.ts';
import { JobsError } from './errors.ts';
import { createJobs, type CreateJobsOptions, type Jobs } from './jobs.ts';
import { testDatastores, type TestDatastore } from './testing.ts';

const database = await createTestDatabase(requireTestDatabaseUrl());
const tracing = initTracing({ service: 'jobs-test', version: '0.0.0' });
after(async () => {
  await tracing.shutdown();
  await database.drop();
});

const silent = createLogger({ service: 'jobs-test', level: 'silent' });

/** A logger whose JSON lines the test can read back. */
function capturedLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ service: 'jobs-test', level: 'debug', pretty: false, destination });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

function jobsOn(store: TestDatastore, queues: CreateJobsOptions['queues'], extra: Partial<CreateJobsOptions> = {}): Jobs {
  return createJobs({
    datastore: store.datastore,
    ...(store.prefix ? { prefix: store.prefix } : {}),
    queues,
    logger: silent,
    registry: new Registry(),
    ...extra,
  });
}

async function adminApp(jobs: Jobs) {
  const metrics = createMetrics('jobs-test');
  const health = createHealth({ checks: {}, maxEventLoopLagMs: 10_000, maxHeapRatio: 1 });
  const app = buildHttpApp({
    service: 'jobs-test',
    version: '0.0.0',
    logger: silent,
    tracer: trace.getTracer('jobs-test'),
    metrics,
    health,
    bodyLimitBytes: 1_048_576,
    errorMappers: [jobsErrorMapper],
  });
  await app.register(adminQueueRoutes, { jobs });
  await app.register(queueBoard, { jobs });
  await app.ready();
  return { app, close: async () => (await app.close(), health.stop()) };
}

for (const store of testDatastores(database.url)) {
  describe(`jobs on ${store.kind}`, () => {
    after(() => store.cleanup());

    test('a poison job is retried with growing delays, lands in the dead letter, and runs again from there', async () => {
      const retry = { attempts: 4, backoffMs: 100, jitter: 0.2 };
      const jobs = jobsOn(store, { mail: ['send'] }, { retry });
      const { app, close } = await adminApp(jobs);
      const attempts: number[] = [];
      let healed = false;
      jobs.handle('mail', 'send', async (_data, context) => {
        attempts.push(Date.now());
        assert.equal(context.attempt, attempts.length > retry.attempts ? attempts.length - retry.attempts : attempts.length);
        if (!healed) throw new Error('mailbox on fire');
        return 'sent';
      });
      try {
        jobs.work('mail', { concurrency: 2 });
        const jobId = await jobs.enqueue('mail', 'send', { to: 'ops@example.com' }, { jobId: 'mail-1' });
        assert.equal(jobId, 'mail-1');

        const stats = await waitFor(async () => {
          const response = await app.inject({ method: 'GET', url: '/v1/admin/queues' });
          const body = response.json() as { datastore: string; queues: Array<{ queue: string; counts: Record<string, number> }> };
          const mail = body.queues.find((queue) => queue.queue === 'mail');
          // The move copies to the dead letter, then removes the failed job: wait for both.
          return mail?.counts['dead'] === 1 && mail.counts['failed'] === 0 ? body : undefined;
        }, { what: 'the poison job in the dead letter' });
        assert.equal(stats.datastore, store.kind);
        assert.deepEqual(stats.queues[0]?.counts, { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0, dead: 1 });

        // Exponential backoff with jitter: retry n waits at least (1 - jitter) · backoff · 2^(n-1).
        assert.equal(attempts.length, retry.attempts);
        for (let n = 1; n < attempts.length; n++) {
          const minimum = (1 - retry.jitter) * retry.backoffMs * 2 ** (n - 1);
          const waited = attempts[n]! - attempts[n - 1]!;
          assert.ok(waited >= minimum - 5, `retry ${n} came after ${waited} ms, before the backoff minimum of ${minimum} ms`);
        }

        const dead = await app.inject({ method: 'GET', url: '/v1/admin/queues/mail/dead' });
        assert.equal(dead.statusCode, 200);
        const [letter] = (dead.json() as { jobs: Array<Record<string, unknown>> }).jobs;
        assert.deepEqual(
          { jobId: letter?.['jobId'], name: letter?.['name'], reason: letter?.['failedReason'], attempts: letter?.['attemptsMade'], data: letter?.['data'] },
          { jobId: 'mail-1', name: 'send', reason: 'mailbox on fire', attempts: 4, data: { to: 'ops@example.com' } },
        );

        healed = true;
        const retried = await app.inject({ method: 'POST', url: '/v1/admin/queues/mail/dead/mail-1/retry' });
        assert.equal(retried.statusCode, 204);
        await waitFor(async () => ((await jobs.stats())[0]?.counts.completed === 1 ? true : undefined), { what: 'the retried job to complete' });
        assert.equal((await jobs.stats())[0]?.counts.dead, 0);
        assert.equal(attempts.length, retry.attempts + 1);

        const missing = await app.inject({ method: 'POST', url: '/v1/admin/queues/mail/dead/mail-1/retry' });
        assert.equal(missing.statusCode, 404);
        assert.match(String(missing.headers['content-type']), /^application\/problem\+json/);
        assert.equal((missing.json() as { code: string }).code, 'DEAD_JOB_NOT_FOUND');
        assert.equal((await app.inject({ method: 'GET', url: '/v1/admin/queues/parcels/dead' })).statusCode, 404);
      } finally {
        await close();
        await jobs.close();
      }
    });

    test('a permanent failure skips the remaining attempts; a discarded dead job is gone', async () => {
      const jobs = jobsOn(store, { reports: ['render'] }, { retry: { attempts: 5, backoffMs: 50, jitter: 0 } });
      let calls = 0;
      jobs.handle('reports', 'render', async () => {
        calls += 1;
        throw new JobsError('handler_unavailable', 'render is not available yet');
      });
      const { app, close } = await adminApp(jobs);
      try {
        jobs.work('reports', { concurrency: 1 });
        await jobs.enqueue('reports', 'render', {}, { jobId: 'report-1' });
        await waitFor(async () => ((await jobs.stats())[0]?.counts.dead === 1 ? true : undefined), { what: 'the dead letter' });
        assert.equal(calls, 1);
        const [letter] = await jobs.deadJobs('reports');
        assert.match(letter?.failedReason ?? '', /handler_unavailable: render is not available yet/);
        assert.equal((await app.inject({ method: 'DELETE', url: '/v1/admin/queues/reports/dead/report-1' })).statusCode, 204);
        assert.equal((await jobs.stats())[0]?.counts.dead, 0);
        assert.equal((await app.inject({ method: 'DELETE', url: '/v1/admin/queues/reports/dead/report-1' })).statusCode, 404);
      } finally {
        await close();
        await jobs.close();
      }
    });

    test('job id dedupes, priority orders, delay holds back, pause holds everything', async () => {
      const jobs = jobsOn(store, { orders: ['place'] });
      const seen: Array<{ id: string; at: number }> = [];
      jobs.handle<{ id: string }>('orders', 'place', async (data) => {
        seen.push({ id: data.id, at: Date.now() });
      });
      try {
        await jobs.pause('orders');
        assert.equal((await jobs.stats())[0]?.paused, true);
        await jobs.enqueue('orders', 'place', { id: 'low' }, { priority: 3 });
        await jobs.enqueue('orders', 'place', { id: 'urgent' }, { priority: 1, jobId: 'urgent' });
        await jobs.enqueue('orders', 'place', { id: 'urgent-again' }, { priority: 1, jobId: 'urgent' });
        await jobs.enqueue('orders', 'place', { id: 'middle' }, { priority: 2 });
        assert.equal((await jobs.stats())[0]?.counts.waiting, 3, 'the second "urgent" was a duplicate');
        jobs.work('orders', { concurrency: 1 });
        const enqueuedAt = Date.now();
        await jobs.enqueue('orders', 'place', { id: 'later' }, { delayMs: 400 });
        assert.equal(seen.length, 0, 'nothing runs while the queue is paused');
        await jobs.resume('orders');
        await waitFor(async () => (seen.length === 4 ? true : undefined), { what: 'four jobs' });
        assert.deepEqual(seen.slice(0, 3).map((job) => job.id), ['urgent', 'middle', 'low']);
        assert.equal(seen[3]?.id, 'later');
        assert.ok(seen[3]!.at - enqueuedAt >= 400 - 5, 'a delayed job does not run before its delay');
      } finally {
        await jobs.close();
      }
    });

    test('a job enqueued with removeOnComplete is forgotten once completed; others are kept for dedupe', async () => {
      const jobs = jobsOn(store, { receipts: ['send'] });
      const done: string[] = [];
      jobs.handle('receipts', 'send', async (_data, context) => {
        done.push(context.jobId);
      });
      try {
        jobs.work('receipts', { concurrency: 1 });
        await jobs.enqueue('receipts', 'send', {}, { jobId: 'kept' });
        await jobs.enqueue('receipts', 'send', {}, { jobId: 'forgotten', removeOnComplete: true });
        await waitFor(async () => (done.length === 2 ? true : undefined), { what: 'both jobs' });
        await waitFor(async () => ((await jobs.stats())[0]?.counts.completed === 1 ? true : undefined), { what: 'one completed job kept' });
        await jobs.enqueue('receipts', 'send', {}, { jobId: 'kept' });
        await jobs.enqueue('receipts', 'send', {}, { jobId: 'forgotten', removeOnComplete: true });
        await waitFor(async () => (done.length === 3 ? true : undefined), { what: 'the forgotten job to run again' });
        assert.deepEqual(done, ['kept', 'forgotten', 'forgotten'], 'the kept id still dedupes, the forgotten one no longer does');
      } finally {
        await jobs.close();
      }
    });

    test('defer() puts a job back without using an attempt; stateOf() sees other jobs of the queue', async () => {
      const jobs = jobsOn(store, { books: ['close'] }, { retry: { attempts: 1, backoffMs: 10, jitter: 0 } });
      const seen: Array<{ attempt: number; deferrals: number }> = [];
      jobs.handle('books', 'close', async (_data, context) => {
        seen.push({ attempt: context.attempt, deferrals: context.deferrals });
        if (context.deferrals < 2) return context.defer(50);
        assert.deepEqual(await context.stateOf('no-such-job'), { state: 'missing' });
        assert.equal((await context.stateOf(context.jobId)).state, 'active');
      });
      try {
        jobs.work('books', { concurrency: 1 });
        await jobs.enqueue('books', 'close', {}, { jobId: 'close-2025' });
        await waitFor(async () => ((await jobs.stats())[0]?.counts.completed === 1 ? true : undefined), { what: 'the job' });
        assert.deepEqual(seen, [
          { attempt: 1, deferrals: 0 },
          { attempt: 1, deferrals: 1 },
          { attempt: 1, deferrals: 2 },
        ]);
      } finally {
        await jobs.close();
      }
    });

    test("the worker continues the producer's trace: every log line of the job carries its traceId", async () => {
      const captured = capturedLogger();
      const jobs = jobsOn(store, { sync: ['pull'] }, { logger: captured.logger });
      jobs.handle('sync', 'pull', async (_data, context) => {
        context.logger.info('pulling');
        context.logger.info('pulled');
      });
      try {
        jobs.work('sync', { concurrency: 1 });
        const traceId = await trace.getTracer('test').startActiveSpan('POST /v1/sync', async (span) => {
          await jobs.enqueue('sync', 'pull', {}, { jobId: 'pull-1' });
          span.end();
          return span.spanContext().traceId;
        });
        await waitFor(async () => ((await jobs.stats())[0]?.counts.completed === 1 ? true : undefined), { what: 'the job' });
        const jobLines = captured.lines().filter((line) => line['jobId'] === 'pull-1');
        assert.deepEqual(jobLines.map((line) => line['msg']), ['job started', 'pulling', 'pulled', 'job completed']);
        for (const line of jobLines) assert.equal(line['traceId'], traceId, `"${String(line['msg'])}" carries the request's traceId`);
      } finally {
        await jobs.close();
      }
    });

    test('a job scheduler enqueues on every tick until it is removed', async () => {
      const jobs = jobsOn(store, { market: ['tick'] });
      let ticks = 0;
      jobs.handle<{ symbol: string }>('market', 'tick', async (data) => {
        assert.equal(data.symbol, 'BTC/USDT');
        ticks += 1;
      });
      try {
        jobs.work('market', { concurrency: 1 });
        await jobs.schedule('market', 'tick-btc', { every: 150 }, { name: 'tick', data: { symbol: 'BTC/USDT' } });
        await waitFor(async () => (ticks >= 3 ? true : undefined), { what: 'three ticks' });
        assert.equal(await jobs.unschedule('market', 'tick-btc'), true);
      } finally {
        await jobs.close();
      }
    });

    test('metrics count outcomes and report queue depth per state', async () => {
      const registry = new Registry();
      const jobs = jobsOn(store, { audit: ['write'] }, { registry, retry: { attempts: 1, backoffMs: 10, jitter: 0 } });
      jobs.handle<{ ok: boolean }>('audit', 'write', async (data) => {
        if (!data.ok) throw new Error('disk full');
      });
      try {
        jobs.work('audit', { concurrency: 1 });
        await jobs.enqueue('audit', 'write', { ok: true });
        await jobs.enqueue('audit', 'write', { ok: false });
        await waitFor(async () => {
          const counts = (await jobs.stats())[0]?.counts;
          return counts?.completed === 1 && counts.dead === 1 ? true : undefined;
        }, { what: 'one completed and one dead job' });
        const text = await registry.metrics();
        assert.match(text, /jobs_processed_total\{queue="audit",name="write",status="completed"\} 1/);
        assert.match(text, /jobs_processed_total\{queue="audit",name="write",status="dead"\} 1/);
        assert.match(text, /job_duration_seconds_count\{queue="audit",name="write",status="completed"\} 1/);
        assert.match(text, /queue_depth\{queue="audit",state="completed"\} 1/);
        assert.match(text, /queue_depth\{queue="audit",state="dead"\} 1/);
      } finally {
        await jobs.close();
      }
    });

    test('close() lets the active job finish before it resolves', async () => {
      const jobs = jobsOn(store, { slow: ['work'] });
      let started = false;
      let finished = false;
      jobs.handle('slow', 'work', async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished = true;
      });
      jobs.work('slow', { concurrency: 1 });
      await jobs.enqueue('slow', 'work', {});
      await waitFor(async () => (started ? true : undefined), { what: 'the job to start' });
      await jobs.close();
      assert.equal(finished, true);
    });

    test('Bull Board serves its page and lists every queue with its dead-letter queue; the admin API pauses and resumes', async () => {
      const jobs = jobsOn(store, { board: ['show'] });
      const { app, close } = await adminApp(jobs);
      try {
        const page = await app.inject({ method: 'GET', url: '/admin/queues' });
        assert.equal(page.statusCode, 200);
        assert.match(String(page.headers['content-type']), /text\/html/);
        assert.match(page.body, /<base href="\/admin\/queues\/"/, 'relative asset URLs resolve under the board');
        const script = /<script defer src="([^"]+)"/.exec(page.body)?.[1];
        assert.ok(script, 'the page loads its scripts from the board itself (allowed by the kit\'s CSP)');
        assert.equal((await app.inject({ method: 'GET', url: `/admin/queues/${script}` })).statusCode, 200);
        const api = await app.inject({ method: 'GET', url: '/admin/queues/api/queues' });
        assert.equal(api.statusCode, 200, api.body);
        const names = (api.json() as { queues: Array<{ name: string }> }).queues.map((queue) => queue.name).sort();
        assert.deepEqual(names, ['board', 'board.dead']);
        assert.equal((await app.inject({ method: 'POST', url: '/v1/admin/queues/board/pause' })).statusCode, 204);
        assert.equal((await jobs.stats())[0]?.paused, true);
        assert.equal((await app.inject({ method: 'POST', url: '/v1/admin/queues/board/resume' })).statusCode, 204);
        assert.equal((await jobs.stats())[0]?.paused, false);
      } finally {
        await close();
        await jobs.close();
      }
    });
  });
}
