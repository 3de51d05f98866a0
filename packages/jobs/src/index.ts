export { queueCatalogue, deadLetterQueueName, type QueueCatalogue, type QueueName } from './catalogue.ts';
export { datastoreFromConfig, type Datastore, type DatastoreKind } from './datastore.ts';
export type { DeadJobSummary, DeadLetter } from './dead-letter.ts';
export { JobsError, isJobsError, type JobsErrorCode } from './errors.ts';
export {
  createJobs,
  type CreateJobsOptions,
  type EnqueueOptions,
  type Jobs,
  type QueueCounts,
  type QueueStats,
  type RetryPolicy,
  type Schedule,
} from './jobs.ts';
export type { JobContext, JobHandler, OtherJobState } from './run-job.ts';
export type { TraceCarrier } from './trace.ts';
export { adminQueueRoutes, jobsErrorMapper, type AdminRoutesOptions } from './admin-routes.ts';
export { queueBoard, type QueueBoardOptions } from './board.ts';
export { jobsOptionsFromConfig, type JobsConfig } from './config.ts';
export { unavailableHandler } from './unavailable.ts';
