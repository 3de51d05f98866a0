/**
 * How sessions reach worker-trading: the `deploy`, `stop` and `tick` jobs of the `trading` queue
 * (packages/jobs catalogue), each with the session it is about. trading-svc enqueues deploy and
 * stop after the transaction that recorded the request commits; a request whose enqueue was lost
 * (a crash between the commit and the enqueue) is found by worker-trading's boot sweep, which
 * enqueues it again under the same job id (see domain/sessions/resume-sessions.ts).
 */
export const SESSION_QUEUE = 'trading';
export const DEPLOY_JOB = 'deploy';
export const STOP_JOB = 'stop';
export const TICK_JOB = 'tick';

export type SessionJobData = { tenantId: string; sessionId: string };

export type SessionJobs = {
  deploy: (session: SessionJobData) => Promise<void>;
  stop: (session: SessionJobData) => Promise<void>;
};

/** The worker's side: a tick scheduler per session, keyed by its id. */
export type SessionScheduler = SessionJobs & {
  scheduleTicks: (session: SessionJobData, everyMs: number) => Promise<void>;
  unscheduleTicks: (sessionId: string) => Promise<void>;
};

/** Job ids: one deploy and one stop per session, so a re-enqueue of either is a no-op while it exists. */
export const deployJobId = (sessionId: string) => `deploy-${sessionId}`;
export const stopJobId = (sessionId: string) => `stop-${sessionId}`;
export const tickSchedulerId = (sessionId: string) => `tick-${sessionId}`;
