/**
 * What a strategy asks for after a closed candle; it is acted on at the next candle's open.
 * An entry while a position is open, or an exit while flat, is ignored. The object form sizes one
 * entry with a fraction (0, 1] of the available cash instead of the strategy's `positionSize`.
 */
export type Signal = 'hold' | 'enter-long' | 'exit' | { action: 'enter-long'; fraction: number };

/**
 * The only way a strategy sees market data: candles up to and including the current closed one.
 * `offset` counts back from it (0 = current, 1 = previous, …) and must be an integer in
 * [0, length - 1]; anything else, a negative offset reaching for the future above all, throws a RangeError.
 */
export interface CandleHistory {
  /** Closed candles reachable, the current one included. */
  readonly length: number;
  time(offset?: number): number;
  open(offset?: number): number;
  high(offset?: number): number;
  low(offset?: number): number;
  close(offset?: number): number;
  volume(offset?: number): number;
}

export interface StrategyContext extends CandleHistory {
  /** Whether a long position is open at this candle's close. */
  readonly inPosition: boolean;
  /** Fill price of the open position's entry (NaN when flat). */
  readonly entryPrice: number;
}

/** Exit levels as fractions of the entry price; null turns one off. */
export type RiskSettings = {
  /** Sell when the price falls this fraction below the entry price (0.05 = 5 %). */
  stopLoss: number | null;
  /** Sell when the price rises this fraction above the entry price. */
  takeProfit: number | null;
  /** Sell when the price falls this fraction below the highest price since entry. */
  trailingStop: number | null;
};

/**
 * One running instance of a strategy: it keeps its own incremental indicators, so a backtest or a
 * live session creates a fresh one and feeds it every closed candle, oldest first.
 */
export interface Strategy {
  /** Fraction (0, 1] of the available cash an 'enter-long' signal commits. */
  readonly positionSize: number;
  readonly risk: RiskSettings;
  onCandle(context: StrategyContext): Signal;
}
