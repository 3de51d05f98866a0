import type { Logger } from '@ai-service/observability';
import { DelayedError, type Job, type JobsOptions as BullJobOptions } from 'bullmq';
import type { Registry } from 'prom-client';
import type { QueueCatalogue } from './catalogue.ts';
import { deadLetterQueueName } from './catalogue.ts';
import { queueFactory, type AnyQueue, type AnyWorker, type Datastore, type DatastoreKind } from './datastore.ts';
import { discardDeadJob, listDeadJobs, moveToDeadLetter, retryDeadJob, type DeadJobSummary } from './dead-letter.ts';
import { JobsError } from './errors.ts';
import { jobMetrics } from './metrics.ts';
import { runJob, type JobHandler } from './run-job.ts';
import { traceMetadata, type TraceCarrier } from './trace.ts';

export type RetryPolicy = {
  attempts: number;
  /** First retry delay; each further retry doubles it. */
  backoffMs: number;
  /** Share (0–0.5) randomly taken off each delay so failures do not retry in lockstep. */
  jitter: number;
};

export type CreateJobsOptions = {
  datastore: Datastore;
  /** Queue names and the job names each accepts (see catalogue.ts). */
  queues: QueueCatalogue;
  logger: Logger;
  registry: Registry;
  /** Key prefix on Redis (tests use one per file); the Postgres backend always uses schema `bullmq`. */
  prefix?: string;
  retry?: Partial<RetryPolicy>;
  /** A crashed worker's job is handed to another worker once its lock lapses (ms). */
  lockDurationMs?: number;
  /**
   * Report `queue_depth` for the catalogue's queues at each scrape (default true). Producers that
   * only enqueue (the services' relays) leave it to the workers, instead of opening every queue.
   */
  reportDepth?: boolean;
};

export type EnqueueOptions = {
  /** Dedupe key: a job with the same id on the queue makes this enqueue a no-op. */
  jobId?: string;
  delayMs?: number;
  /** 1 is the most urgent; jobs without a priority go before prioritized ones (BullMQ's rule). */
  priority?: number;
  attempts?: number;
  /** Trace context to continue in the worker; the active context's by default. */
  trace?: TraceCarrier;
  /**
   * Forget the job as soon as it completes, instead of keeping it 24 h to dedupe its id: for jobs
   * whose handler is idempotent by itself, such as event deliveries (the consumer's inbox dedupes).
   * Keeping completed jobs costs the Postgres backend a trim of the completed set at every completion.
   */
  removeOnComplete?: boolean;
};

export type Schedule = { every: number } | { pattern: string; tz?: string };

export type QueueCounts = { waiting: number; active: number; delayed: number; failed: number; completed: number; dead: number };

export type QueueStats = { queue: string; paused: boolean; counts: QueueCounts };

export type Jobs = {
  readonly datastore: DatastoreKind;
  readonly queueNames: string[];
  /** The queues whose catalogue entry declares this job name (for events: the subscribers). */
  queuesDeclaring: (name: string) => string[];
  /** Registers the handler of one job name; a second handler for the same name throws. */
  handle: <T>(queue: string, name: string, handler: JobHandler<T>) => void;
  /** Starts processing a queue; throws unless every declared job name has a handler. */
  work: (queue: string, options: { concurrency: number }) => void;
  /** Adds a job; resolves with its id. Throws for a name the queue does not declare. */
  enqueue: (queue: string, name: string, data: unknown, options?: EnqueueOptions) => Promise<string>;
  /** Adds many jobs in one round trip, in order. */
  enqueueMany: (queue: string, jobs: Array<{ name: string; data: unknown; options?: EnqueueOptions }>) => Promise<void>;
  /** Creates or updates a BullMQ job scheduler: `job` is enqueued on every tick of `schedule`. */
  schedule: (queue: string, schedulerId: string, schedule: Schedule, job: { name: string; data?: unknown }) => Promise<void>;
  unschedule: (queue: string, schedulerId: string) => Promise<boolean>;
  pause: (queue: string) => Promise<void>;
  resume: (queue: string) => Promise<void>;
  stats: () => Promise<QueueStats[]>;
  deadJobs: (queue: string, page?: { start?: number; count?: number }) => Promise<DeadJobSummary[]>;
  retryDead: (queue: string, jobId: string) => Promise<void>;
  discardDead: (queue: string, jobId: string) => Promise<void>;
  /** Every BullMQ queue, the dead-letter queues included (for Bull Board). */
  bullQueues: () => AnyQueue[];
  /** One cheap round trip to the datastore, for readiness. */
  ping: () => Promise<void>;
  /** Lets active jobs finish (workers stop taking new ones), then closes every connection. */
  close: () => Promise<void>;
};

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 1_000, jitter: 0.2 };
const DEFAULT_LOCK_DURATION_MS = 30_000;
/** Completed jobs are kept this long so a republished job id is still recognised as a duplicate. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };

export function createJobs(options: CreateJobsOptions): Jobs {
  const { queues: catalogue, logger, registry } = options;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const lockDurationMs = options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS;
  const factory = queueFactory(options.datastore, options.prefix);
  const metrics = jobMetrics(registry);
  const defaultJobOptions = {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs, jitter: retry.jitter },
    removeOnComplete: KEEP_COMPLETED,
  };
  const queues = new Map<string, AnyQueue>();
  const handlers = new Map<string, Map<string, JobHandler<unknown>>>();
  const workers: AnyWorker[] = [];
  const timers: NodeJS.Timeout[] = [];
  let closed = false;
  let closing: Promise<void> | undefined;

  function declaredNames(queue: string): readonly string[] {
    const names = catalogue[queue];
    if (!names) throw new JobsError('unknown_queue', `unknown queue ${queue}; declared: ${Object.keys(catalogue).join(', ')}`);
    return names;
  }

  function known(queue: string): string {
    declaredNames(queue);
    return queue;
  }

  function assertDeclared(queue: string, name: string): void {
    if (!declaredNames(queue).includes(name)) throw new JobsError('unknown_job', `queue ${queue} declares no job named ${name}`);
  }

  // Queues are opened on first use: a process that only enqueues on one queue connects only that one.
  function queueOf(name: string): AnyQueue {
    if (closed) throw new JobsError('closed', 'jobs are closed');
    let queue = queues.get(name);
    if (!queue) {
      queue = factory.queue(name, defaultJobOptions);
      queue.on('error', (error: Error) => logger.warn({ err: error, queue: name }, 'queue connection error'));
      queues.set(name, queue);
    }
    return queue;
  }
  const deadQueueOf = (queue: string) => queueOf(deadLetterQueueName(queue));

  function bullOptions(opts: EnqueueOptions | undefined): BullJobOptions {
    const metadata = traceMetadata(opts?.trace);
    return {
      ...(opts?.jobId ? { jobId: opts.jobId } : {}),
      ...(opts?.delayMs ? { delay: opts.delayMs } : {}),
      ...(opts?.priority ? { priority: opts.priority } : {}),
      ...(opts?.attempts ? { attempts: opts.attempts } : {}),
      ...(opts?.removeOnComplete ? { removeOnComplete: true } : {}),
      ...(metadata ? { telemetry: { metadata } } : {}),
    };
  }

  async function deadLetterFailed(queue: string, job: Job): Promise<void> {
    await moveToDeadLetter(queue, deadQueueOf(queue), job);
    logger.error({ queue, job: job.name, jobId: job.id, attemptsMade: job.attemptsMade, reason: job.failedReason }, 'job moved to dead letter');
  }

  /** Catches jobs that failed without our handler seeing the last attempt (e.g. stalled too often). */
  async function sweepFailed(queue: string): Promise<void> {
    const failed = await queueOf(queue).getFailed(0, 99);
    for (const job of failed) await deadLetterFailed(queue, job as Job);
  }

  async function counts(queue: string): Promise<QueueStats> {
    const main = queueOf(queue);
    const [own, dead, paused] = await Promise.all([
      main.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'),
      deadQueueOf(queue).getJobCounts('waiting', 'prioritized'),
      main.isPaused(),
    ]);
    const n = (value: number | undefined) => value ?? 0;
    return {
      queue,
      paused,
      counts: {
        waiting: n(own['waiting']) + n(own['prioritized']),
        active: n(own['active']),
        delayed: n(own['delayed']),
        failed: n(own['failed']),
        completed: n(own['completed']),
        dead: n(dead['waiting']) + n(dead['prioritized']),
      },
    };
  }

  const jobs: Jobs = {
    datastore: factory.kind,
    queueNames: Object.keys(catalogue),
    queuesDeclaring: (name) => Object.keys(catalogue).filter((queue) => catalogue[queue]?.includes(name)),

    handle(queue, name, handler) {
      assertDeclared(queue, name);
      const byName = handlers.get(queue) ?? new Map<string, JobHandler<unknown>>();
      if (byName.has(name)) throw new JobsError('duplicate_handler', `job ${queue}.${name} already has a handler`);
      byName.set(name, handler as JobHandler<unknown>);
      handlers.set(queue, byName);
    },

    work(queue, { concurrency }) {
      const byName = handlers.get(queue) ?? new Map<string, JobHandler<unknown>>();
      const missing = declaredNames(queue).filter((name) => !byName.has(name));
      if (missing.length > 0) throw new JobsError('missing_handlers', `queue ${queue} has no handler for: ${missing.join(', ')}`);
      const worker = factory.worker(
        queue,
        (job, token) =>
          runJob({
            queue,
            job: job as Job,
            token,
            handler: byName.get(job.name),
            findJob: async (jobId) => (await queueOf(queue).getJob(jobId)) as Job | undefined,
            logger,
            metrics,
          }),
        { concurrency, lockDurationMs, stalledIntervalMs: lockDurationMs },
      );
      worker.on('error', (error: Error) => logger.error({ err: error, queue }, 'worker error'));
      worker.on('failed', (job: Job | undefined, error: Error) => {
        if (!job || error instanceof DelayedError) return;
        // BullMQ reports every failed attempt; only the last one (or a permanent failure) lands in `failed`.
        void job
          .isFailed()
          .then((final) => (final ? deadLetterFailed(queue, job) : undefined))
          .catch((cause: unknown) => logger.warn({ err: cause, queue, jobId: job.id }, 'dead-letter move failed; the sweep retries it'));
      });
      workers.push(worker);
      const sweep = () => void sweepFailed(queue).catch((error: unknown) => logger.warn({ err: error, queue }, 'failed-job sweep failed'));
      sweep();
      timers.push(setInterval(sweep, lockDurationMs).unref());
      logger.info({ queue, concurrency, datastore: factory.kind, jobs: [...byName.keys()] }, 'worker started');
    },

    async enqueue(queue, name, data, opts) {
      assertDeclared(queue, name);
      const job = await queueOf(queue).add(name, data, bullOptions(opts));
      return job.id ?? '';
    },

    async enqueueMany(queue, entries) {
      for (const { name } of entries) assertDeclared(queue, name);
      if (entries.length === 0) return;
      await queueOf(queue).addBulk(entries.map(({ name, data, options: opts }) => ({ name, data, opts: bullOptions(opts) })));
    },

    async schedule(queue, schedulerId, schedule, { name, data }) {
      assertDeclared(queue, name);
      await queueOf(queue).upsertJobScheduler(schedulerId, schedule, { name, data: data ?? {} });
    },
    unschedule: async (queue, schedulerId) => queueOf(known(queue)).removeJobScheduler(schedulerId),

    pause: async (queue) => queueOf(known(queue)).pause(),
    resume: async (queue) => queueOf(known(queue)).resume(),

    stats: () => Promise.all(Object.keys(catalogue).map(counts)),
    deadJobs: async (queue, page) => listDeadJobs(deadQueueOf(known(queue)), page?.start ?? 0, page?.count ?? 50),
    retryDead: async (queue, jobId) => retryDeadJob(queueOf(known(queue)), deadQueueOf(queue), jobId),
    discardDead: async (queue, jobId) => discardDeadJob(deadQueueOf(known(queue)), jobId),

    bullQueues: () => Object.keys(catalogue).flatMap((queue) => [queueOf(queue), deadQueueOf(queue)]),

    async ping() {
      const [first] = Object.keys(catalogue);
      if (first) await queueOf(first).isPaused();
    },

    close: () =>
      (closing ??= (async () => {
        closed = true;
        removeDepthSource();
        for (const timer of timers) clearInterval(timer);
        await Promise.all(workers.map((worker) => worker.close()));
        await Promise.all([...queues.values()].map((queue) => queue.close()));
        await factory.close();
      })()),
  };

  const removeDepthSource =
    options.reportDepth === false
      ? () => undefined
      : metrics.addDepthSource(async () => (await jobs.stats()).map(({ queue, counts: byState }) => ({ queue, counts: byState })));
  return jobs;
}
