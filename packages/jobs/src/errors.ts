/** Everything packages/jobs throws on purpose carries one of these codes. */
export type JobsErrorCode =
  /** A queue name that is not in the catalogue given to createJobs. */
  | 'unknown_queue'
  /** A job name that the queue's catalogue entry does not declare. */
  | 'unknown_job'
  /** A second handler for a job name that already has one. */
  | 'duplicate_handler'
  /** work() on a queue whose declared job names do not all have a handler. */
  | 'missing_handlers'
  /** The handler exists but its domain logic does not yet: fails at once, straight to the dead letter. */
  | 'handler_unavailable'
  /** A handler's own permanent failure: retrying cannot help, so no further attempts are made. */
  | 'permanent_failure'
  | 'dead_job_not_found'
  /** Retrying a dead job whose id is still in use on its queue (waiting, active or delayed). */
  | 'job_id_in_use'
  | 'closed';

export class JobsError extends Error {
  readonly code: JobsErrorCode;

  constructor(code: JobsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobsError';
    this.code = code;
  }

  /** Failures that another attempt cannot fix skip the remaining attempts. */
  get permanent(): boolean {
    return this.code === 'handler_unavailable' || this.code === 'permanent_failure';
  }
}

export const isJobsError = (error: unknown, code?: JobsErrorCode): error is JobsError =>
  error instanceof JobsError && (code === undefined || error.code === code);
