import { JobsError, type Jobs } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import {
  advanceDeploy,
  DEPLOY_JOB,
  runStop,
  runTick,
  SESSION_QUEUE,
  STOP_JOB,
  TICK_JOB,
  type SessionJobData,
  type SessionWorkerContext,
} from '@ai-service/trading-domain';
import type { SessionTelemetry } from './session-metrics.ts';

export type SessionHandlerDeps = Omit<SessionWorkerContext, 'traceId'> & {
  telemetry: SessionTelemetry;
  /** Attempts of a job (JOBS_ATTEMPTS): on a deploy's last one, an unreachable exchange moves the session to Error. */
  attempts: number;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The session a job is about; anything else can never succeed. */
function sessionOf(data: unknown, name: string): SessionJobData {
  const { tenantId, sessionId } = (data ?? {}) as Partial<SessionJobData>;
  if (typeof tenantId !== 'string' || !UUID.test(tenantId) || typeof sessionId !== 'string' || !UUID.test(sessionId)) {
    throw new JobsError('permanent_failure', `${name} needs { tenantId, sessionId } (uuids)`);
  }
  return { tenantId, sessionId };
}

/** deploy, tick and stop: the state machine of strategy sessions (packages/trading-domain/src/domain/sessions). */
export function registerSessionHandlers(jobs: Jobs, deps: SessionHandlerDeps): void {
  const { telemetry, attempts, ...context } = deps;
  const ctx = (): SessionWorkerContext => ({ ...context, traceId: currentTraceId() });
  jobs.handle(SESSION_QUEUE, DEPLOY_JOB, (data, job) => advanceDeploy({ ctx: ctx(), input: { ...sessionOf(data, DEPLOY_JOB), finalAttempt: job.attempt >= attempts } }));
  jobs.handle(SESSION_QUEUE, TICK_JOB, async (data) => {
    const input = sessionOf(data, TICK_JOB);
    const outcome = await runTick({ ctx: ctx(), input });
    telemetry.ticked(input.sessionId, outcome.state === 'Live' || outcome.state === 'Monitoring' ? outcome.pnl : null);
    return outcome;
  });
  jobs.handle(SESSION_QUEUE, STOP_JOB, async (data) => {
    const input = sessionOf(data, STOP_JOB);
    const outcome = await runStop({ ctx: ctx(), input });
    telemetry.ticked(input.sessionId, null);
    return outcome;
  });
}
