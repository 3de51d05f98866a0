import { Queue, Worker, createPostgresBackend, withBackend, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { drive, until } from './drive.ts';
import { figures, type Figures } from './figures.ts';
import type { Run } from './pipeline.ts';

type Sent = { sentAt: number };

/** The baseline: BullMQ alone, `queue.add` and a worker that does nothing, on the same datastore. */
export async function rawBullmq({ datastore, prefix, workerConcurrency, drive: drive_ }: Omit<Run, 'fixture'>): Promise<Figures> {
  const name = `raw-${randomBytes(4).toString('hex')}`;
  const latencies: number[] = [];
  const processor = async (job: Job<Sent>) => {
    latencies.push(Date.now() - job.data.sentAt);
  };
  let queue: Queue<Sent>;
  let worker: Worker<Sent>;
  let redis: Redis | undefined;
  if ('redisUrl' in datastore) {
    redis = new Redis(datastore.redisUrl, { maxRetriesPerRequest: null });
    const keys = prefix ? { prefix } : {};
    queue = new Queue<Sent>(name, { connection: redis, ...keys });
    worker = new Worker<Sent>(name, processor, { connection: redis, concurrency: workerConcurrency, ...keys });
  } else {
    const postgres = withBackend(createPostgresBackend);
    const connection = (max: number) => ({ connectionString: datastore.postgresUrl, migrate: true, max });
    queue = new postgres.Queue<Sent>(name, { connection: connection(16) }) as unknown as Queue<Sent>;
    worker = new postgres.Worker<Sent>(name, processor, { connection: connection(workerConcurrency + 2), concurrency: workerConcurrency }) as unknown as Worker<Sent>;
  }
  try {
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    const started = performance.now();
    await drive(drive_, async () => {
      await queue.add('noop', { sentAt: Date.now() }, { removeOnComplete: true });
    });
    await until(() => latencies.length, drive_.total, 120_000);
    return figures(latencies, (performance.now() - started) / 1000);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await redis?.quit();
  }
}
