import {
  Queue,
  Worker,
  createPostgresBackend,
  withBackend,
  type DefaultJobOptions,
  type IQueueBackend,
  type JobProgress,
  type Processor,
} from 'bullmq';
import { Redis } from 'ioredis';

/** Where the queues live: Redis in production, Postgres (schema `bullmq`) when there is no Redis. */
export type Datastore = { redisUrl: string } | { postgresUrl: string };

export type DatastoreKind = 'redis' | 'postgres';

// One shape for both backends: our code only uses the datastore-neutral Queue/Worker API. BullMQ's
// classes are invariant in their backend type parameter, hence the casts where they are created.
export type AnyQueue = Queue<unknown, unknown, string, unknown, unknown, string, IQueueBackend, unknown>;
export type AnyWorker = Worker<unknown, unknown, string, IQueueBackend, JobProgress, unknown>;
export type AnyProcessor = Processor<unknown, unknown, string>;

export type WorkerSettings = { concurrency: number; lockDurationMs: number; stalledIntervalMs: number };

export type QueueFactory = {
  kind: DatastoreKind;
  queue: (name: string, defaultJobOptions: DefaultJobOptions) => AnyQueue;
  worker: (name: string, processor: AnyProcessor, settings: WorkerSettings) => AnyWorker;
  /** Closes what the factory itself opened (the shared Redis connection), after the queues and workers. */
  close: () => Promise<void>;
};

/** The datastore the configuration selects: Redis when REDIS_URL is set, else the service's Postgres. */
export function datastoreFromConfig(config: { REDIS_URL?: string | undefined; DATABASE_URL: string }): Datastore {
  return config.REDIS_URL ? { redisUrl: config.REDIS_URL } : { postgresUrl: config.DATABASE_URL };
}

const POSTGRES_QUEUE_POOL_MAX = 4;

export function queueFactory(datastore: Datastore, prefix: string | undefined): QueueFactory {
  if ('redisUrl' in datastore) {
    // Shared by every queue and worker; BullMQ duplicates it for each worker's blocking reads.
    // maxRetriesPerRequest: null is what BullMQ requires of a connection workers use.
    const connection = new Redis(datastore.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    connection.on('error', () => undefined); // surfaced through the queues' own 'error' events
    const keyPrefix = prefix ? { prefix } : {};
    return {
      kind: 'redis',
      queue: (name, defaultJobOptions) => new Queue(name, { connection, defaultJobOptions, ...keyPrefix }) as unknown as AnyQueue,
      worker: (name, processor, settings) =>
        new Worker(name, processor, {
          connection,
          ...keyPrefix,
          concurrency: settings.concurrency,
          lockDuration: settings.lockDurationMs,
          stalledInterval: settings.stalledIntervalMs,
        }) as unknown as AnyWorker,
      close: async () => {
        await connection.quit().catch(() => connection.disconnect());
      },
    };
  }
  // BullMQ's own Postgres backend: each queue or worker owns a small pool (plus a LISTEN connection
  // for workers); `migrate: true` creates or upgrades its tables in schema `bullmq` under its own lock.
  const postgres = withBackend(createPostgresBackend);
  const connection = (max: number) => ({ connectionString: datastore.postgresUrl, migrate: true, max });
  return {
    kind: 'postgres',
    queue: (name, defaultJobOptions) =>
      new postgres.Queue(name, { connection: connection(POSTGRES_QUEUE_POOL_MAX), defaultJobOptions }) as unknown as AnyQueue,
    worker: (name, processor, settings) =>
      new postgres.Worker(name, processor, {
        connection: connection(settings.concurrency + 2),
        concurrency: settings.concurrency,
        lockDuration: settings.lockDurationMs,
        stalledInterval: settings.stalledIntervalMs,
      }) as unknown as AnyWorker,
    close: async () => undefined,
  };
}
