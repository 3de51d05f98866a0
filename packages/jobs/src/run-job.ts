import type { Logger } from '@ai-service/observability';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { DelayedError, UnrecoverableError, type Job, type JobState } from 'bullmq';
import { JobsError } from './errors.ts';
import type { JobMetrics, JobOutcome } from './metrics.ts';
import { producerContext } from './trace.ts';

export type JobContext = {
  queue: string;
  name: string;
  jobId: string;
  /** 1 on the first attempt. */
  attempt: number;
  /** How many times this job was put back with `defer` so far. */
  deferrals: number;
  /** Carries queue, job name and id; inside the job's span, so every line also carries its traceId. */
  logger: Logger;
  /** Puts the job back for `delayMs` without using up an attempt (e.g. waiting for an earlier event). */
  defer: (delayMs: number) => Promise<never>;
  /** Where another job of this queue stands (to decide how long to defer for it). */
  stateOf: (jobId: string) => Promise<OtherJobState>;
};

/** `missing`: no such job on the queue (never added, removed, or moved to the dead letter). */
export type OtherJobState = { state: JobState | 'unknown' | 'missing'; /** Its last retry delay, when delayed. */ delayMs?: number };

export type JobHandler<T = unknown> = (data: T, context: JobContext) => Promise<unknown>;

type RunJobInput = {
  queue: string;
  job: Job;
  token: string | undefined;
  handler: JobHandler<unknown> | undefined;
  findJob: (jobId: string) => Promise<Job | undefined>;
  logger: Logger;
  metrics: JobMetrics;
};

const tracer = trace.getTracer('@ai-service/jobs');

function outcomeOf(error: unknown, job: Job): JobOutcome {
  if (error instanceof DelayedError) return 'deferred';
  if (error instanceof JobsError && error.permanent) return 'dead';
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1) ? 'dead' : 'retrying';
}

/**
 * One attempt of one job: continues the producer's trace, runs the handler registered for the job
 * name, records the outcome, and turns a permanent failure into BullMQ's UnrecoverableError so the
 * remaining attempts are skipped.
 */
export function runJob({ queue, job, token, handler, findJob, logger, metrics }: RunJobInput): Promise<unknown> {
  const labels = { queue, name: job.name };
  const parent = producerContext(job.opts.telemetry?.metadata);
  const attributes = { 'messaging.system': 'bullmq', 'messaging.destination.name': queue, 'messaging.message.id': job.id ?? '', 'job.name': job.name };
  return tracer.startActiveSpan(`process ${queue}.${job.name}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    const started = performance.now();
    const attempt = job.attemptsMade + 1;
    const jobLogger = logger.child({ queue, job: job.name, jobId: job.id, attempt });
    let outcome: JobOutcome = 'completed';
    try {
      // Workers check at boot that every declared name has a handler; this covers a job whose name
      // was dropped from the catalogue while it was still queued.
      if (!handler) throw new JobsError('permanent_failure', `no handler for ${queue}.${job.name}`);
      const context: JobContext = {
        queue,
        name: job.name,
        jobId: job.id ?? '',
        attempt,
        deferrals: Math.max(0, job.attemptsStarted - 1 - job.attemptsMade),
        logger: jobLogger,
        defer: async (delayMs) => {
          await job.moveToDelayed(Date.now() + delayMs, token);
          throw new DelayedError();
        },
        stateOf: async (jobId) => {
          const other = await findJob(jobId);
          if (!other) return { state: 'missing' };
          const state = await other.getState();
          return state === 'delayed' ? { state, delayMs: other.delay } : { state };
        },
      };
      jobLogger.debug('job started');
      const result = await handler(job.data, context);
      jobLogger.info({ durationMs: Math.round(performance.now() - started) }, 'job completed');
      return result;
    } catch (error) {
      outcome = outcomeOf(error, job);
      if (outcome === 'deferred') throw error;
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      jobLogger.warn({ err: error, final: outcome === 'dead' }, outcome === 'dead' ? 'job failed for good' : 'job failed; will retry');
      if (error instanceof JobsError && error.permanent) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    } finally {
      metrics.processed.inc({ ...labels, status: outcome });
      metrics.duration.observe({ ...labels, status: outcome }, (performance.now() - started) / 1000);
      span.end();
    }
  });
}
