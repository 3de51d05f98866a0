import type { Candle } from '@ai-service/trading';

/** Candles as the CSV `POST /v1/trading/candles` takes: epoch-millisecond timestamps, values as JS prints them (exact round trip). */
export function candlesCsv(candles: readonly Candle[], header = 'timestamp,open,high,low,close,volume'): string {
  return [header, ...candles.map((candle) => [candle.time, candle.open, candle.high, candle.low, candle.close, candle.volume].join(','))].join('\n') + '\n';
}
