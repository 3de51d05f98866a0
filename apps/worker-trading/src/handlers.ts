import { parseEvent } from '@ai-service/contracts/events';
import { JobsError, unavailableHandler, type Jobs } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import type { EventDelivery } from '@ai-service/outbox';
import { BACKTEST_JOB, BACKTEST_QUEUE, runBacktestJob, type BacktestJobContext, type BacktestJobData } from '@ai-service/trading-domain';

export type TradingHandlerDeps = Omit<BacktestJobContext, 'traceId'>;

/**
 * Every job of the `trading` queue, by name. Each name of the catalogue must be here: the worker
 * refuses to start otherwise. The session jobs come with issue 8; until then each fails for good
 * with that reason and waits in `trading.dead`.
 */
export function registerTradingHandlers(jobs: Jobs, deps: TradingHandlerDeps): void {
  // Not an inbox consumer (eventHandler): a simulation runs for minutes outside any transaction and
  // is not a database effect to record once; runBacktestJob is idempotent instead (a finished run
  // is not simulated twice), so a redelivery is harmless.
  jobs.handle<EventDelivery>(BACKTEST_QUEUE, BACKTEST_JOB, (delivery) => runBacktestJob({ ctx: { ...deps, traceId: currentTraceId() }, input: requestedRun(delivery) }));
  jobs.handle('trading', 'deploy', unavailableHandler('deploy', 'issue 8 (live and paper sessions)'));
  jobs.handle('trading', 'stop', unavailableHandler('stop', 'issue 8 (live and paper sessions)'));
  jobs.handle('trading', 'tick', unavailableHandler('tick', 'issue 8 (live and paper sessions)'));
}

/** The run a delivered BacktestRunRequested asks for; anything else can never succeed. */
function requestedRun(delivery: EventDelivery | undefined): BacktestJobData {
  const parsed = parseEvent(delivery?.event);
  if (!parsed.ok || parsed.event.type !== BACKTEST_JOB) {
    throw new JobsError('permanent_failure', `not a ${BACKTEST_JOB} event: ${parsed.ok ? parsed.event.type : parsed.problems.join('; ')}`);
  }
  return { tenantId: parsed.event.tenantId, backtestId: parsed.event.payload.backtestId };
}
