import { parseEvent } from '@ai-service/contracts/events';
import { JobsError, type Jobs } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import type { EventDelivery } from '@ai-service/outbox';
import { BACKTEST_JOB, BACKTEST_QUEUE, runBacktestJob, type BacktestJobContext, type BacktestJobData } from '@ai-service/trading-domain';

export type TradingHandlerDeps = Omit<BacktestJobContext, 'traceId'>;

/**
 * The backtest jobs of the `trading` queue. The worker refuses to start unless every name of the
 * catalogue has a handler: the session jobs are in session-handlers.ts, the order saga's in
 * order-saga-handlers.ts, the arbitrage watches' scanArbitrage in arbitrage-handlers.ts.
 */
export function registerTradingHandlers(jobs: Jobs, deps: TradingHandlerDeps): void {
  // Not an inbox consumer (eventHandler): a simulation runs for minutes outside any transaction and
  // is not a database effect to record once; runBacktestJob is idempotent instead (a finished run
  // is not simulated twice), so a redelivery is harmless.
  jobs.handle<EventDelivery>(BACKTEST_QUEUE, BACKTEST_JOB, (delivery) => runBacktestJob({ ctx: { ...deps, traceId: currentTraceId() }, input: requestedRun(delivery) }));
}

/** The run a delivered BacktestRunRequested asks for; anything else can never succeed. */
function requestedRun(delivery: EventDelivery | undefined): BacktestJobData {
  const parsed = parseEvent(delivery?.event);
  if (!parsed.ok || parsed.event.type !== BACKTEST_JOB) {
    throw new JobsError('permanent_failure', `not a ${BACKTEST_JOB} event: ${parsed.ok ? parsed.event.type : parsed.problems.join('; ')}`);
  }
  return { tenantId: parsed.event.tenantId, backtestId: parsed.event.payload.backtestId };
}
