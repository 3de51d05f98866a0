import { timeframeMs, type Timeframe } from './timeframes.ts';

export type CandleGap = {
  /** Open time of the first missing candle. */
  from: number;
  /** Open time of the next candle present (exclusive end of the gap). */
  to: number;
  /** Candles missing between the two present ones. */
  missing: number;
};

/** Gaps in ascending candle open times: any step longer than one timeframe. */
export function findGaps(times: ArrayLike<number>, timeframe: Timeframe): CandleGap[] {
  const step = timeframeMs(timeframe);
  const gaps: CandleGap[] = [];
  for (let index = 1; index < times.length; index++) {
    const previous = times[index - 1] as number;
    const current = times[index] as number;
    if (current - previous > step) {
      gaps.push({ from: previous + step, to: current, missing: Math.ceil((current - previous) / step) - 1 });
    }
  }
  return gaps;
}
