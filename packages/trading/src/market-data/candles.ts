/** One OHLCV candle; `time` is the epoch milliseconds of the candle's open. */
export type Candle = { time: number; open: number; high: number; low: number; close: number; volume: number };

/** Candles stored column by column: the backtester walks typed arrays, never objects. */
export type CandleSeries = {
  length: number;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
};

export function candleSeries(candles: readonly Candle[]): CandleSeries {
  const length = candles.length;
  const series: CandleSeries = {
    length,
    time: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
  candles.forEach((candle, index) => {
    series.time[index] = candle.time;
    series.open[index] = candle.open;
    series.high[index] = candle.high;
    series.low[index] = candle.low;
    series.close[index] = candle.close;
    series.volume[index] = candle.volume;
  });
  return series;
}
