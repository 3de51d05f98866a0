import type { EquityPoint } from './types.ts';

export const MAX_EQUITY_POINTS = 1000;

/**
 * Keeps the equity of evenly spaced candles — the first and last always among them — as the run
 * goes, instead of storing the equity of every candle and sampling at the end.
 */
export class EquitySampler {
  readonly points: EquityPoint[] = [];
  /** Index of the candle whose equity is kept next. */
  next = 0;
  readonly #candles: number;
  readonly #samples: number;

  constructor(candles: number, maxPoints = MAX_EQUITY_POINTS) {
    this.#candles = candles;
    this.#samples = Math.min(candles, maxPoints);
  }

  keep(time: number, equity: number): void {
    this.points.push({ time, equity });
    const sample = this.points.length;
    this.next = sample >= this.#samples ? -1 : this.#samples === this.#candles ? sample : Math.round((sample * (this.#candles - 1)) / (this.#samples - 1));
  }
}
