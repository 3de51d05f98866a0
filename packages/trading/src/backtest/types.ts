import type { CandleSeries } from '../market-data/candles.ts';
import type { Timeframe } from '../market-data/timeframes.ts';
import type { Strategy } from '../strategies/strategy.ts';
import type { StrategyName } from '../strategies/strategyDefinition.ts';
import type { LevelExit } from './exitLevels.ts';

export type BacktestInput = {
  series: CandleSeries;
  strategy: StrategyName;
  parameters: Record<string, unknown>;
  /** Quote currency available at the start. */
  initialCapital: number;
  /** Fraction of the notional paid on every fill, e.g. 0.001 (0.1 %). */
  fee: number;
  /** Fraction the fill price moves against the trade, e.g. 0.0005. */
  slippage: number;
  timeframe: Timeframe;
  /** Called every 65,536 candles and at the end with the candles processed so far. */
  onProgress?: (processedCandles: number) => void;
};

/** A backtest of a strategy instance instead of a built-in one by name. */
export type StrategyBacktestInput = Omit<BacktestInput, 'strategy' | 'parameters'> & { strategy: Strategy };

export type ExitReason = 'signal' | LevelExit | 'end-of-data';

/** One round trip. Times are epoch ms of the fills; prices include slippage. */
export type BacktestTrade = {
  side: 'long';
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  quantity: number;
  /** Entry and exit fees together, in quote currency. */
  fees: number;
  /** Quote currency received at the exit (after its fee) less the cash spent at the entry (fee included). */
  pnl: number;
  /** pnl as a percentage of the cash spent at the entry (2.5 = +2.5 %). */
  returnPct: number;
  exitReason: ExitReason;
};

/** Fractions are fractions (0.12 = 12 %); see docs/backtesting.md for each definition. */
export type BacktestMetrics = {
  initialCapital: number;
  finalEquity: number;
  totalReturn: number;
  cagr: number;
  /** Largest fall from a previous equity peak, as a positive fraction of that peak. */
  maxDrawdown: number;
  sharpe: number;
  sortino: number;
  winRate: number;
  /** Gross profit over gross loss; null when no trade lost money. */
  profitFactor: number | null;
  /** Fraction of candles that closed with a position open. */
  exposure: number;
  fills: number;
  trades: number;
  fees: number;
};

export type EquityPoint = { time: number; equity: number };

export type BacktestResult = {
  candles: number;
  trades: BacktestTrade[];
  /** Equity at candle closes (epoch ms of the close), at most 1000 points, first and last included. */
  equityCurve: EquityPoint[];
  metrics: BacktestMetrics;
};
