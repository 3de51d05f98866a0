/**
 * Running statistics of the equity marked at each candle close: per-candle returns (sums for the
 * mean, variance and downside deviation; returns are small numbers around zero, so plain sums
 * lose no precision that matters) and the deepest drawdown from a running peak.
 */
export class EquityStatistics {
  candles = 0;
  sumReturns = 0;
  sumSquaredReturns = 0;
  sumSquaredDownside = 0;
  maxDrawdown = 0;
  #previous: number;
  #peak: number;
  /** Equity below which the drawdown from the current peak exceeds maxDrawdown. */
  #drawdownFloor: number;

  constructor(initialCapital: number) {
    this.#previous = initialCapital;
    this.#peak = initialCapital;
    this.#drawdownFloor = initialCapital;
  }

  mark(equity: number): void {
    this.candles++;
    // Flat candles (no position, or an unchanged price) add a zero return and move no peak.
    if (equity === this.#previous) return;
    const change = equity / this.#previous - 1;
    this.#previous = equity;
    this.sumReturns += change;
    this.sumSquaredReturns += change * change;
    if (change < 0) this.sumSquaredDownside += change * change;
    if (equity > this.#peak) {
      this.#peak = equity;
      this.#drawdownFloor = equity * (1 - this.maxDrawdown);
    } else if (equity < this.#drawdownFloor) {
      // Divides only when the drawdown deepens, not on every candle below the peak.
      this.maxDrawdown = (this.#peak - equity) / this.#peak;
      this.#drawdownFloor = equity;
    }
  }

  /** Annualized mean over sample standard deviation of per-candle returns (risk-free rate 0); 0 when undefined. */
  sharpe(periodsPerYear: number): number {
    const n = this.candles;
    if (n < 2) return 0;
    const mean = this.sumReturns / n;
    const variance = (this.sumSquaredReturns - n * mean * mean) / (n - 1);
    return variance > 0 ? (mean / Math.sqrt(variance)) * Math.sqrt(periodsPerYear) : 0;
  }

  /** Annualized mean over downside deviation (root mean square of the negative returns, target 0); 0 when no return was negative. */
  sortino(periodsPerYear: number): number {
    const n = this.candles;
    if (n === 0 || this.sumSquaredDownside === 0) return 0;
    return (this.sumReturns / n / Math.sqrt(this.sumSquaredDownside / n)) * Math.sqrt(periodsPerYear);
  }
}
