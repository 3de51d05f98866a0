import { runBacktest, type BacktestInput, type BacktestResult } from '@ai-service/trading';

export type RunRequest = Omit<BacktestInput, 'onProgress'>;

/** The simulator's result, and how long the simulation itself took (for candles per second). */
export type RunOutcome = { result: BacktestResult; engineMs: number };

/**
 * Runs one simulation; `onProgress` receives the candles processed so far (as often as the engine
 * reports them). Rejects with the engine's message when the simulation itself fails.
 */
export type BacktestRunner = (request: RunRequest, onProgress: (processedCandles: number) => void) => Promise<RunOutcome>;

/** The simulation on the calling thread: for tests and small runs (it blocks the event loop while it runs). */
export const inProcessRunner: BacktestRunner = async (request, onProgress) => {
  const started = performance.now();
  const result = runBacktest({ ...request, onProgress });
  return { result, engineMs: performance.now() - started };
};
