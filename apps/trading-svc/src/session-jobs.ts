import type { Jobs } from '@ai-service/jobs';
import { DEPLOY_JOB, deployJobId, SESSION_QUEUE, STOP_JOB, stopJobId, type SessionJobs } from '@ai-service/trading-domain';

/** Enqueues a session's deploy and stop jobs on the `trading` queue, one job id per session and kind. */
export function sessionJobsOn(jobs: Jobs): SessionJobs {
  return {
    deploy: async (session) => {
      await jobs.enqueue(SESSION_QUEUE, DEPLOY_JOB, session, { jobId: deployJobId(session.sessionId) });
    },
    stop: async (session) => {
      await jobs.enqueue(SESSION_QUEUE, STOP_JOB, session, { jobId: stopJobId(session.sessionId) });
    },
  };
}
