import { candleSeries, type Candle, type CandleSeries } from './market-data/candles.ts';

/**
 * Deterministic pseudo-random numbers in [0, 1) (mulberry32): tests and benchmarks need the same
 * candles on every run, which Math.random cannot give, and a 32-bit generator is plenty for that.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Candles of a geometric random walk (moves of up to ±`volatility` per candle), one per `stepMs`. */
export function randomWalkCandles(options: { candles: number; seed: number; stepMs?: number; start?: number; startPrice?: number; volatility?: number }): Candle[] {
  const { candles, seed, stepMs = 60_000, start = Date.UTC(2024, 0, 1), startPrice = 100, volatility = 0.01 } = options;
  const random = seededRandom(seed);
  const result: Candle[] = [];
  let price = startPrice;
  for (let index = 0; index < candles; index++) {
    const open = price;
    const close = open * (1 + (random() * 2 - 1) * volatility);
    const high = Math.max(open, close) * (1 + random() * volatility * 0.5);
    const low = Math.min(open, close) * (1 - random() * volatility * 0.5);
    result.push({ time: start + index * stepMs, open, high, low, close, volume: 1 + random() * 100 });
    price = close;
  }
  return result;
}

export function randomWalkSeries(options: Parameters<typeof randomWalkCandles>[0]): CandleSeries {
  return candleSeries(randomWalkCandles(options));
}
