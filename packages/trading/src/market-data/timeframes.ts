export type Timeframe = '1m' | '5m' | '15m' | '30m' | '1h' | '4h' | '1d' | '1w';

const MINUTE = 60_000;

const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '4h': 240 * MINUTE,
  '1d': 1440 * MINUTE,
  '1w': 7 * 1440 * MINUTE,
};

export const TIMEFRAMES: readonly Timeframe[] = Object.freeze(Object.keys(TIMEFRAME_MS) as Timeframe[]);

export function timeframeMs(timeframe: Timeframe): number {
  return TIMEFRAME_MS[timeframe];
}

/** Markets traded here (crypto) never close, so a year is 365.25 days of candles. */
export const YEAR_MS = 365.25 * 1440 * MINUTE;
