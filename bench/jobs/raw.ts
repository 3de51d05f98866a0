import { Queue, Worker, createPostgresBackend, withBackend, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { drive, until } from './drive.ts';
import { figures, type Figures } from './figures.ts';
import type { Run } from './pipeline.ts';

type Sent = { sentAt: number };

/** A BullMQ queue and a worker of `concurrency` slots running `processor`, on the datastore, with nothing of ours around them. */
export async function bareQueue<T>(datastore: Run['datastore'], prefix: string | undefined, processor: (job: Job<T>) => Promise<void>, concurrency: number) {
  const name = `raw-${randomBytes(4).toString('hex')}`;
  let queue: Queue<T>;
  let worker: Worker<T>;
  let redis: Redis | undefined;
  if ('redisUrl' in datastore) {
    redis = new Redis(datastore.redisUrl, { maxRetriesPerRequest: null });
    const keys = prefix ? { prefix } : {};
    queue = new Queue<T>(name, { connection: redis, ...keys });
    worker = new Worker<T>(name, processor, { connection: redis, concurrency, ...keys });
  } else {
    const postgres = withBackend(createPostgresBackend);
    const connection = (max: number) => ({ connectionString: datastore.postgresUrl, migrate: true, max });
    queue = new postgres.Queue<T>(name, { connection: connection(16) }) as unknown as Queue<T>;
    worker = new postgres.Worker<T>(name, processor, { connection: connection(concurrency + 2), concurrency }) as unknown as Worker<T>;
  }
  await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
  return {
    queue,
    close: async () => {
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await redis?.quit();
    },
  };
}

/** The baseline: BullMQ alone, `queue.add` and a worker that does nothing, on the same datastore. */
export async function rawBullmq({ datastore, prefix, workerConcurrency, drive: drive_ }: Omit<Run, 'fixture'>): Promise<Figures> {
  const latencies: number[] = [];
  const { queue, close } = await bareQueue<Sent>(datastore, prefix, async (job) => void latencies.push(Date.now() - job.data.sentAt), workerConcurrency);
  try {
    const started = performance.now();
    await drive(drive_, async () => {
      await queue.add('noop', { sentAt: Date.now() }, { removeOnComplete: true });
    });
    await until(() => latencies.length, drive_.total, 120_000);
    return figures(latencies, (performance.now() - started) / 1000);
  } finally {
    await close();
  }
}
