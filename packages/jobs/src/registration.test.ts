import { createLogger } from '@ai-service/observability';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { isJobsError } from './errors.ts';
import { createJobs } from './jobs.ts';

// Nothing here reaches the datastore: the checks happen before any connection is opened.
const jobs = () =>
  createJobs({
    datastore: { postgresUrl: 'postgres://127.0.0.1:1/unused' },
    queues: { billing: ['charge', 'refund'] },
    logger: createLogger({ service: 'test', level: 'silent' }),
    registry: new Registry(),
  });

test('a second handler for the same job name throws at registration', () => {
  const registry = jobs();
  registry.handle('billing', 'charge', async () => undefined);
  assert.throws(
    () => registry.handle('billing', 'charge', async () => undefined),
    (error) => isJobsError(error, 'duplicate_handler'),
  );
});

test('a handler for a name the queue does not declare, or for an unknown queue, throws', () => {
  assert.throws(() => jobs().handle('billing', 'chargeTwice', async () => undefined), (error) => isJobsError(error, 'unknown_job'));
  assert.throws(() => jobs().handle('shipping', 'send', async () => undefined), (error) => isJobsError(error, 'unknown_queue'));
});

test('work() refuses to start until every declared job name has a handler', () => {
  const registry = jobs();
  registry.handle('billing', 'charge', async () => undefined);
  assert.throws(
    () => registry.work('billing', { concurrency: 1 }),
    (error) => isJobsError(error, 'missing_handlers') && /refund/.test(error.message),
  );
});

test('enqueuing or scheduling a name nobody declared fails before anything is written', async () => {
  const registry = jobs();
  await assert.rejects(registry.enqueue('billing', 'chargeTwice', {}), (error) => isJobsError(error, 'unknown_job'));
  await assert.rejects(registry.enqueueMany('billing', [{ name: 'charge', data: {} }, { name: 'nope', data: {} }]), (error) => isJobsError(error, 'unknown_job'));
  await assert.rejects(registry.schedule('billing', 'nightly', { every: 1000 }, { name: 'nope' }), (error) => isJobsError(error, 'unknown_job'));
  await assert.rejects(registry.enqueue('shipping', 'send', {}), (error) => isJobsError(error, 'unknown_queue'));
  await registry.close();
});
