export { TradingError, isTradingError, type TradingErrorCode } from './errors.ts';

export { candleSeries, type Candle, type CandleSeries } from './market-data/candles.ts';
export { TIMEFRAMES, timeframeMs, type Timeframe } from './market-data/timeframes.ts';
export { findGaps, type CandleGap } from './market-data/findGaps.ts';
export { parseCandlesCsv, type CandleCsvReport } from './market-data/parseCandlesCsv.ts';

export { SESSION_STATES, SESSION_TRANSITIONS, canTransition, transition, type SessionState, type SessionTransition } from './session/sessionStates.ts';

export type { CandleHistory, RiskSettings, Signal, Strategy, StrategyContext } from './strategies/strategy.ts';
export type { StrategyName } from './strategies/strategyDefinition.ts';
export { createStrategyCursor, type StrategyCursor } from './strategies/strategyContext.ts';
export { STRATEGY_NAMES, createStrategy, parseStrategyParameters, strategyDescription, strategyParameterJsonSchema } from './strategies/strategies.ts';
export { Ema, RollingSma, Rsi } from './indicators/indicators.ts';

export { backtestStrategy, runBacktest } from './backtest/runBacktest.ts';
export { exitLevels, levelExitAt, stopLossPrice, takeProfitPrice, trailingStopBinds, trailingStopPrice, type ExitLevels, type LevelExit } from './backtest/exitLevels.ts';
export type { BacktestInput, BacktestMetrics, BacktestResult, BacktestTrade, EquityPoint, ExitReason, StrategyBacktestInput } from './backtest/types.ts';
export { rankBacktests, sweepGrid, type SweepValue } from './backtest/sweepGrid.ts';
export { walkForwardWindows, type TimeRange, type WalkForwardWindow } from './backtest/walkForwardWindows.ts';
