import type { Jobs } from '@ai-service/jobs';
import { DEPLOY_JOB, deployJobId, SESSION_QUEUE, STOP_JOB, stopJobId, TICK_JOB, tickSchedulerId, type SessionScheduler } from '@ai-service/trading-domain';

/** A session's jobs on the `trading` queue: deploy and stop once per session (job ids), ticks from a job scheduler keyed by the session. */
export function sessionScheduler(jobs: Jobs): SessionScheduler {
  return {
    deploy: async (session) => {
      await jobs.enqueue(SESSION_QUEUE, DEPLOY_JOB, session, { jobId: deployJobId(session.sessionId) });
    },
    stop: async (session) => {
      await jobs.enqueue(SESSION_QUEUE, STOP_JOB, session, { jobId: stopJobId(session.sessionId) });
    },
    scheduleTicks: async (session, everyMs) => {
      await jobs.schedule(SESSION_QUEUE, tickSchedulerId(session.sessionId), { every: everyMs }, { name: TICK_JOB, data: session });
    },
    unscheduleTicks: async (sessionId) => {
      await jobs.unschedule(SESSION_QUEUE, tickSchedulerId(sessionId));
    },
  };
}
