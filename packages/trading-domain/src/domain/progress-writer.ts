import type { Clock } from '../context.ts';

export type ProgressWriter = {
  /** Records the candles processed so far; written at most once per interval, never two writes at a time. */
  report: (processedCandles: number) => void;
  /** Waits for the write in flight, if any. */
  settle: () => Promise<void>;
};

/**
 * Throttles progress writes of a running backtest: the engine reports every 65,536 candles (many
 * times a second), the row needs updating only as often as someone might look. A failed write is
 * dropped: progress is advisory, and the final count is written with the results.
 */
export function progressWriter({ write, clock, intervalMs }: { write: (processedCandles: number) => Promise<void>; clock: Clock; intervalMs: number }): ProgressWriter {
  let lastWrite = clock().getTime();
  let inFlight: Promise<void> | undefined;
  return {
    report(processedCandles) {
      const now = clock().getTime();
      if (inFlight || now - lastWrite < intervalMs) return;
      lastWrite = now;
      inFlight = write(processedCandles)
        .catch(() => undefined)
        .finally(() => {
          inFlight = undefined;
        });
    },
    settle: async () => {
      await inFlight;
    },
  };
}
