/** Slots of `EquityStatistics.running`. */
export const LAST_EQUITY = 0;
export const PEAK = 1;
/** Equity below which the drawdown from the current peak exceeds the max drawdown. */
export const DRAWDOWN_FLOOR = 2;
export const MAX_DRAWDOWN = 3;
export const SUM_RETURNS = 4;
export const SUM_SQUARED_RETURNS = 5;
export const SUM_SQUARED_DOWNSIDE = 6;

/**
 * Statistics of the equity marked at each candle close: sums of the per-candle returns for the
 * mean, variance and downside deviation (returns are small numbers around zero, so plain sums lose
 * no precision that matters) and the deepest drawdown from a running peak. The candle loop keeps
 * the running values in local variables and stores them in `running` between chunks of candles
 * (`CandleReplay.advance` holds the per-candle update): V8 keeps local doubles in registers and the
 * doubles of a typed array unboxed, where the number fields of an object are boxed.
 */
export class EquityStatistics {
  readonly running = new Float64Array(7);

  constructor(initialCapital: number) {
    this.running[LAST_EQUITY] = initialCapital;
    this.running[PEAK] = initialCapital;
    this.running[DRAWDOWN_FLOOR] = initialCapital;
  }

  /** Largest fall from a previous peak, as a positive fraction of that peak. */
  get maxDrawdown(): number {
    return this.running[MAX_DRAWDOWN] as number;
  }

  /** Annualized mean over sample standard deviation of the `candles` per-candle returns (risk-free rate 0); 0 when undefined. */
  sharpe(candles: number, periodsPerYear: number): number {
    if (candles < 2) return 0;
    const mean = (this.running[SUM_RETURNS] as number) / candles;
    const variance = ((this.running[SUM_SQUARED_RETURNS] as number) - candles * mean * mean) / (candles - 1);
    return variance > 0 ? (mean / Math.sqrt(variance)) * Math.sqrt(periodsPerYear) : 0;
  }

  /** Annualized mean over downside deviation (root mean square of the negative returns, target 0); 0 when no return was negative. */
  sortino(candles: number, periodsPerYear: number): number {
    const sumSquaredDownside = this.running[SUM_SQUARED_DOWNSIDE] as number;
    if (candles === 0 || sumSquaredDownside === 0) return 0;
    return ((this.running[SUM_RETURNS] as number) / candles / Math.sqrt(sumSquaredDownside / candles)) * Math.sqrt(periodsPerYear);
  }
}
