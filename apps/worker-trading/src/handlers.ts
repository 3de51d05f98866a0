import { unavailableHandler, type Jobs } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import { BACKTEST_JOB, BACKTEST_QUEUE, runBacktestJob, type BacktestJobContext, type BacktestJobData } from '@ai-service/trading-domain';

export type TradingHandlerDeps = Omit<BacktestJobContext, 'traceId'>;

/**
 * Every job of the `trading` queue, by name. Each name of the catalogue must be here: the worker
 * refuses to start otherwise. The session jobs come with issue 8; until then each fails for good
 * with that reason and waits in `trading.dead`.
 */
export function registerTradingHandlers(jobs: Jobs, deps: TradingHandlerDeps): void {
  jobs.handle<BacktestJobData>(BACKTEST_QUEUE, BACKTEST_JOB, (data) => runBacktestJob({ ctx: { ...deps, traceId: currentTraceId() }, input: data }));
  jobs.handle('trading', 'deploy', unavailableHandler('deploy', 'issue 8 (live and paper sessions)'));
  jobs.handle('trading', 'stop', unavailableHandler('stop', 'issue 8 (live and paper sessions)'));
  jobs.handle('trading', 'tick', unavailableHandler('tick', 'issue 8 (live and paper sessions)'));
}
