import { Worker } from 'node:worker_threads';
import type { ThreadMessage } from './backtest-thread.ts';
import type { BacktestRunner } from './runner.ts';

const THREAD_ENTRY = new URL('./backtest-thread.ts', import.meta.url);

/**
 * Runs each simulation on its own worker thread. The simulation is one synchronous loop; on the
 * main thread it would stall everything else the worker does for its whole duration (renewing job
 * locks, answering health checks, writing progress). A thread per run (started in tens of ms,
 * negligible next to a backtest) keeps the main thread free; the candle columns are transferred,
 * not copied. Hand-written on node:worker_threads: a pool library (piscina) would add little for
 * one long task at a time and has no channel for progress messages during a task.
 */
export function threadRunner(): BacktestRunner {
  return (request, onProgress) =>
    new Promise((resolve, reject) => {
      const { series } = request;
      const columns = [series.time, series.open, series.high, series.low, series.close, series.volume];
      const thread = new Worker(THREAD_ENTRY, { workerData: request, transferList: columns.map((column) => column.buffer as ArrayBuffer) });
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        finish();
      };
      thread.on('message', (message: ThreadMessage) => {
        if (message.type === 'progress') onProgress(message.processedCandles);
        else if (message.type === 'done') settle(() => resolve(message.outcome));
        else settle(() => reject(new Error(message.message)));
      });
      thread.on('error', (error) => settle(() => reject(error)));
      thread.on('exit', (code) => settle(() => reject(new Error(`the backtest thread exited with code ${code} before finishing`))));
    });
}
