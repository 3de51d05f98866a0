export type { Clock, TenantContext, TradingContext } from './context.ts';
export { isTradingDomainError, TradingDomainError, type FieldProblem, type TradingDomainErrorCode } from './errors.ts';
export { BACKTEST_JOB, BACKTEST_QUEUE, type BacktestJobData } from './queue.ts';
export { inProcessRunner, type BacktestRunner, type RunOutcome, type RunRequest } from './engine/runner.ts';
export { threadRunner } from './engine/thread-runner.ts';

export { importCandles, type ImportCandlesInput } from './domain/import-candles.ts';
export { fetchCandles, MAX_FETCH_CANDLES, type CandleFetchContext, type FetchCandlesInput } from './domain/fetch-candles.ts';
export type { CandleOrigin, ImportCandlesReport } from './domain/store-candles.ts';
export type { CandleSource, CandleSources } from './exchange/candle-source.ts';
export type {
  AssetBalance,
  ExchangeConnector,
  ExchangeOrder,
  ExchangeOrderStatus,
  MarketInfo,
  OrderBook,
  OrderFee,
  OrderSide,
  OrderType,
  PlaceOrderRequest,
  PriceFeed,
  SessionVenue,
  ConnectorResolver,
  Ticker,
} from './exchange/connector.ts';
export { ccxtCandleSource, ccxtCandleSources, type CcxtCandleSourceOptions } from './exchange/ccxt-candle-source.ts';
export { listCandles, type CandlePage, type ListCandlesInput } from './domain/list-candles.ts';
export { candleCoverage, type SeriesCoverage } from './domain/candle-coverage.ts';
export { listStrategies, type StrategyInfo } from './domain/list-strategies.ts';
export { MAX_RUNS, type RequestBacktestInput } from './domain/plan-backtest.ts';
export { requestBacktest } from './domain/request-backtest.ts';
export { getBacktest } from './domain/get-backtest.ts';
export { listBacktests } from './domain/list-backtests.ts';
export { runBacktestJob, type BacktestJobContext, type BacktestJobResult, type BacktestTelemetry } from './domain/run-backtest-job.ts';
export type {
  BacktestPage,
  BacktestProgress,
  BacktestRunResult,
  BacktestView,
  RankedRun,
  SweepGrid,
  WalkForwardAggregate,
  WalkForwardOptions,
  WindowReport,
} from './domain/types.ts';
