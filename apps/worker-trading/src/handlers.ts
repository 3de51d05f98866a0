import { unavailableHandler, type Jobs } from '@ai-service/jobs';

/**
 * Every job of the `trading` queue, by name. Each name of the catalogue must be here: the worker
 * refuses to start otherwise. The session state machine comes with issue 8; until then each job
 * fails for good with that reason and waits in `trading.dead`.
 */
export function registerTradingHandlers(jobs: Jobs): void {
  jobs.handle('trading', 'deploy', unavailableHandler('deploy', 'issue 8 (live and paper sessions)'));
  jobs.handle('trading', 'stop', unavailableHandler('stop', 'issue 8 (live and paper sessions)'));
  jobs.handle('trading', 'tick', unavailableHandler('tick', 'issue 8 (live and paper sessions)'));
}
