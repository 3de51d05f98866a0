import type { Datastore } from '@ai-service/jobs';
import { Queue, Worker, createPostgresBackend, withBackend, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

type Sent = { sentAt: number };

/**
 * The queue's own floor for a burst, on the same datastore: `count` jobs added with one addBulk (as
 * the outbox relay adds a burst's events) to BullMQ alone, with `concurrency` worker slots doing
 * nothing. Returns each job's time from the add until its worker started it, sorted. No saga can
 * finish its orders sooner than its queue hands them over.
 */
export async function queueFloor(datastore: Datastore, prefix: string | undefined, count: number, concurrency: number): Promise<number[]> {
  const name = `saga-floor-${randomBytes(4).toString('hex')}`;
  const latencies: number[] = [];
  const processor = async (job: Job<Sent>) => void latencies.push(Date.now() - job.data.sentAt);
  let queue: Queue<Sent>;
  let worker: Worker<Sent>;
  let redis: Redis | undefined;
  if ('redisUrl' in datastore) {
    redis = new Redis(datastore.redisUrl, { maxRetriesPerRequest: null });
    const keys = prefix ? { prefix } : {};
    queue = new Queue<Sent>(name, { connection: redis, ...keys });
    worker = new Worker<Sent>(name, processor, { connection: redis, concurrency, ...keys });
  } else {
    const postgres = withBackend(createPostgresBackend);
    const connection = (max: number) => ({ connectionString: datastore.postgresUrl, migrate: true, max });
    queue = new postgres.Queue<Sent>(name, { connection: connection(concurrency) }) as unknown as Queue<Sent>;
    worker = new postgres.Worker<Sent>(name, processor, { connection: connection(concurrency + 2), concurrency }) as unknown as Worker<Sent>;
  }
  const burst = async (size: number) => {
    latencies.length = 0;
    const sentAt = Date.now();
    await queue.addBulk(Array.from({ length: size }, () => ({ name: 'noop', data: { sentAt }, opts: { removeOnComplete: true } })));
    while (latencies.length < size) await sleep(2);
    return [...latencies].sort((a, b) => a - b);
  };
  try {
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    // Warm-up, not measured: the worker's connections and its first fetches.
    await burst(concurrency);
    return await burst(count);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await redis?.quit();
  }
}
