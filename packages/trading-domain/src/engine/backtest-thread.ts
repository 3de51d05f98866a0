import { runBacktest } from '@ai-service/trading';
import { parentPort, workerData } from 'node:worker_threads';
import type { RunOutcome, RunRequest } from './runner.ts';

/** Messages from the simulation thread to the worker's main thread (see thread-runner.ts). */
export type ThreadMessage =
  | { type: 'progress'; processedCandles: number }
  | { type: 'done'; outcome: RunOutcome }
  | { type: 'failed'; message: string };

const port = parentPort!;
const request = workerData as RunRequest;
const post = (message: ThreadMessage) => port.postMessage(message);
try {
  const started = performance.now();
  const result = runBacktest({ ...request, onProgress: (processedCandles) => post({ type: 'progress', processedCandles }) });
  post({ type: 'done', outcome: { result, engineMs: performance.now() - started } });
} catch (error) {
  // Error subclasses lose their identity between threads; the message is what the backtest keeps.
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
