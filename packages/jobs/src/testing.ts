import { testConfig } from '@ai-service/testing';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Datastore, DatastoreKind } from './datastore.ts';

/**
 * The datastores a queue test runs on: Postgres always (the test file's own database, so BullMQ's
 * `bullmq` schema is private to it), Redis when TEST_REDIS_URL is set, under a key prefix private
 * to the test file. The same test body runs on each.
 */
export type TestDatastore = { kind: DatastoreKind; datastore: Datastore; prefix?: string; cleanup: () => Promise<void> };

export function testDatastores(databaseUrl: string): TestDatastore[] {
  const postgres: TestDatastore = { kind: 'postgres', datastore: { postgresUrl: databaseUrl }, cleanup: async () => undefined };
  const redisUrl = testConfig.TEST_REDIS_URL;
  if (!redisUrl) return [postgres];
  const prefix = `test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  return [postgres, { kind: 'redis', datastore: { redisUrl }, prefix, cleanup: () => deleteKeys(redisUrl, prefix) }];
}

/** Removes this test file's keys only: other files share the Redis server. */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

/** The environment that points a service or worker process at this test datastore. */
export function datastoreEnv(store: TestDatastore): Record<string, string> {
  if ('redisUrl' in store.datastore) return { REDIS_URL: store.datastore.redisUrl, JOBS_REDIS_PREFIX: store.prefix ?? 'bull' };
  return {};
}
