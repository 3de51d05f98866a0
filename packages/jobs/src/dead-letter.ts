import type { BackoffOptions, Job } from 'bullmq';
import type { AnyQueue } from './datastore.ts';
import { JobsError } from './errors.ts';

/**
 * What a dead letter keeps of a job whose attempts are exhausted: enough to understand the failure
 * (error, stack of every attempt) and to run the job again exactly as it was enqueued.
 */
export type DeadLetter = {
  queue: string;
  /** The id the job had on its queue. */
  jobId: string;
  name: string;
  data: unknown;
  failedReason: string;
  /** One stack trace per failed attempt, oldest first. */
  stacktrace: string[];
  attemptsMade: number;
  enqueuedAt: string;
  failedAt: string;
  opts: { attempts?: number; backoff?: number | BackoffOptions; priority?: number };
  /** The producer's trace context, so a retried job still belongs to the original trace. */
  traceMetadata?: string;
};

/** `jobId` is the dead letter's id (what retry and discard take): the job's own id, or `job-<n>` for an automatic one. */
export type DeadJobSummary = { jobId: string; name: string; failedReason: string; attemptsMade: number; failedAt: string; data: unknown };

/**
 * The dead letter keeps the job's own id, so a second move of the same job is a no-op. BullMQ's
 * automatic ids are integers, which it refuses as explicit ids: those get a `job-` prefix.
 */
const isAutomaticId = (jobId: string) => /^\d+$/.test(jobId);
const deadLetterId = (jobId: string) => (isAutomaticId(jobId) ? `job-${jobId}` : jobId);

function deadLetterOf(queue: string, job: Job, jobId: string): DeadLetter {
  const { attempts, backoff, priority } = job.opts;
  return {
    queue,
    jobId,
    name: job.name,
    data: job.data,
    failedReason: job.failedReason,
    stacktrace: job.stacktrace ?? [],
    attemptsMade: job.attemptsMade,
    enqueuedAt: new Date(job.timestamp).toISOString(),
    failedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
    opts: { ...(attempts ? { attempts } : {}), ...(backoff ? { backoff } : {}), ...(priority ? { priority } : {}) },
    ...(job.opts.telemetry?.metadata ? { traceMetadata: job.opts.telemetry.metadata } : {}),
  };
}

/**
 * Copies a finally failed job into `<queue>.dead` under the same id, then removes it from the
 * failed set. Both steps are idempotent (the dead letter's job id dedupes), so a crash in between
 * is repaired by the next sweep of the failed set.
 */
export async function moveToDeadLetter(queue: string, dead: AnyQueue, job: Job): Promise<void> {
  if (!job.id) return;
  await dead.add(job.name, deadLetterOf(queue, job, job.id), { jobId: deadLetterId(job.id) });
  await job.remove();
}

export async function listDeadJobs(dead: AnyQueue, start: number, count: number): Promise<DeadJobSummary[]> {
  const jobs = await dead.getJobs(['waiting', 'prioritized'], start, start + count - 1, true);
  return jobs.flatMap((job) => {
    const letter = job.data as DeadLetter;
    return job.id
      ? [{ jobId: job.id, name: job.name, failedReason: letter.failedReason, attemptsMade: letter.attemptsMade, failedAt: letter.failedAt, data: letter.data }]
      : [];
  });
}

async function deadJob(dead: AnyQueue, jobId: string): Promise<Job> {
  const job = await dead.getJob(jobId);
  if (!job) throw new JobsError('dead_job_not_found', `no dead job ${jobId} in ${dead.name}`);
  return job as Job;
}

/**
 * Runs a dead job again on its queue with the same data and retry policy and a fresh set of
 * attempts; a job that had an explicit id (a dedupe key) gets it back.
 */
export async function retryDeadJob(queue: AnyQueue, dead: AnyQueue, deadJobId: string): Promise<void> {
  const job = await deadJob(dead, deadJobId);
  const letter = job.data as DeadLetter;
  const explicitId = isAutomaticId(letter.jobId) ? undefined : letter.jobId;
  const leftover = explicitId ? await queue.getJob(explicitId) : undefined;
  if (leftover) {
    // A failed copy left by a crash during moveToDeadLetter; anything else means the id is live.
    const state = await leftover.getState();
    if (state !== 'failed' && state !== 'completed') throw new JobsError('job_id_in_use', `job ${explicitId} is ${state} on ${queue.name}`);
    await leftover.remove();
  }
  await queue.add(letter.name, letter.data, {
    ...(explicitId ? { jobId: explicitId } : {}),
    ...letter.opts,
    ...(letter.traceMetadata ? { telemetry: { metadata: letter.traceMetadata } } : {}),
  });
  await job.remove();
}

export async function discardDeadJob(dead: AnyQueue, jobId: string): Promise<void> {
  await (await deadJob(dead, jobId)).remove();
}
