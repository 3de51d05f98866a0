import { TradingError } from '../errors.ts';

export type TimeRange = { from: number; to: number };
export type WalkForwardWindow = { index: number; inSample: TimeRange; outOfSample: TimeRange };

/**
 * Rolling walk-forward: each window optimizes on an in-sample range and is tested on the range
 * right after it; the out-of-sample ranges follow each other without overlap up to `to`, and each
 * window slides forward by one out-of-sample length. With ratio r, in-sample = r / (1 - r) ×
 * out-of-sample, so the first in-sample range starts at `from`. Boundaries are whole milliseconds,
 * half-open [from, to).
 */
export function walkForwardWindows(input: { from: number; to: number; windows: number; inSampleRatio: number }): WalkForwardWindow[] {
  const { from, to, windows, inSampleRatio } = input;
  if (!(Number.isFinite(from) && Number.isFinite(to) && to > from)) throw new TradingError('invalid_backtest', 'the range needs from < to', { field: 'to' });
  if (!(Number.isInteger(windows) && windows >= 1)) throw new TradingError('invalid_backtest', 'windows must be a positive integer', { field: 'windows' });
  if (!(inSampleRatio > 0 && inSampleRatio < 1)) throw new TradingError('invalid_backtest', 'inSampleRatio must be between 0 and 1', { field: 'inSampleRatio' });

  const inSampleShare = inSampleRatio / (1 - inSampleRatio);
  const outOfSampleLength = (to - from) / (windows + inSampleShare);
  const inSampleLength = inSampleShare * outOfSampleLength;
  if (outOfSampleLength < 1 || inSampleLength < 1) {
    throw new TradingError('invalid_backtest', 'the range is too short for that many windows', { field: 'windows' });
  }
  const boundary = (offset: number) => Math.min(to, from + Math.round(offset));
  return Array.from({ length: windows }, (_, index) => {
    const start = boundary(index * outOfSampleLength);
    const split = boundary(inSampleLength + index * outOfSampleLength);
    const end = index === windows - 1 ? to : boundary(inSampleLength + (index + 1) * outOfSampleLength);
    return { index, inSample: { from: start, to: split }, outOfSample: { from: split, to: end } };
  });
}
