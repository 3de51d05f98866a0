import { TradingError } from '../errors.ts';
import { TIMEFRAMES } from '../market-data/timeframes.ts';
import type { CandleSeries } from '../market-data/candles.ts';
import type { BacktestInput } from './types.ts';

type SimulationOptions = Omit<BacktestInput, 'strategy' | 'parameters'>;

/**
 * Series already checked: a sweep or walk-forward backtests one series many times, and streaming
 * five columns through memory costs about a tenth of a run. A series is not to be changed after
 * its first backtest.
 */
const checkedSeries = new WeakSet<CandleSeries>();

function fail(field: string, message: string): never {
  throw new TradingError('invalid_backtest', message, { field });
}

/** Rejects inputs the simulation cannot price: one pass over the series, before any strategy runs. */
export function validateBacktestInput(input: SimulationOptions): void {
  if (!(Number.isFinite(input.initialCapital) && input.initialCapital > 0)) fail('initialCapital', 'initialCapital must be a positive number');
  if (!(input.fee >= 0 && input.fee < 1)) fail('fee', 'fee must be a fraction in [0, 1)');
  if (!(input.slippage >= 0 && input.slippage < 1)) fail('slippage', 'slippage must be a fraction in [0, 1)');
  if (!TIMEFRAMES.includes(input.timeframe)) fail('timeframe', `timeframe must be one of ${TIMEFRAMES.join(', ')}`);
  checkSeries(input.series);
}

function checkSeries(series: CandleSeries): void {
  if (checkedSeries.has(series)) return;
  const { length, time, open, high, low, close, volume } = series;
  if (!(Number.isInteger(length) && length > 0)) fail('series', 'the backtest needs at least one candle');
  if ([time, open, high, low, close, volume].some((column) => column.length < length)) fail('series', 'a series column is shorter than its length');
  let previousTime = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < length; index++) {
    const openTime = time[index] as number;
    if (!(openTime > previousTime)) fail('series', `candle ${index}: times must strictly increase`);
    if (!((open[index] as number) > 0 && (high[index] as number) > 0 && (low[index] as number) > 0 && (close[index] as number) > 0)) {
      fail('series', `candle ${index}: prices must be positive numbers`);
    }
    previousTime = openTime;
  }
  checkedSeries.add(series);
}
