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
export { createPaperExchange, type PaperExchangeOptions } from './exchange/paper/paper-exchange.ts';
export { fundPaperAccount, type FundPaperAccountInput } from './exchange/paper/fund-paper-account.ts';
export { paperMarkets } from './exchange/paper/paper-markets.ts';
export { ccxtConnector, type CcxtConnectorOptions, type ExchangeCredentials } from './exchange/ccxt/ccxt-connector.ts';
export { postgresMarketsCache, type MarketsCache, type PostgresMarketsCacheOptions } from './exchange/ccxt/markets-cache.ts';
export { createConnectorResolver, type ConnectorResolverOptions, type PaperFeed } from './exchange/connector-resolver.ts';
export { liveTickerFeed } from './exchange/live-ticker-feed.ts';
export { secretsKeyFrom, type SecretsKey } from './domain/exchange-credentials/secrets.ts';
export type { CredentialsContext, ExchangeCredentialsView, SetExchangeCredentialsInput } from './domain/exchange-credentials/types.ts';
export { setExchangeCredentials } from './domain/exchange-credentials/set-exchange-credentials.ts';
export { listExchangeCredentials } from './domain/exchange-credentials/list-exchange-credentials.ts';
export { deleteExchangeCredentials } from './domain/exchange-credentials/delete-exchange-credentials.ts';
export { readExchangeCredentials, type ReadExchangeCredentialsInput } from './domain/exchange-credentials/read-exchange-credentials.ts';
export { publicConnectors, type PublicConnectorOptions } from './exchange/public-connectors.ts';
export { findOpportunities, type ArbitrageOpportunity, type VenueQuote } from './arbitrage/find-opportunities.ts';
export { scanArbitrage } from './arbitrage/scan-arbitrage.ts';
export { listArbitrageOpportunities } from './arbitrage/list-opportunities.ts';
export type { ArbitrageContext, AutoExecuteInput, CreateWatchInput, OpportunityPage, OpportunityView, ScanArbitrageInput, UpdateWatchInput, WatchContext, WatchView } from './arbitrage/types.ts';
export { ARBITRAGE_QUEUE, SCAN_ARBITRAGE_JOB, watchSchedulerId, type WatchJobData, type WatchScheduler } from './arbitrage-jobs.ts';
export { createArbitrageWatch } from './arbitrage/create-arbitrage-watch.ts';
export { updateArbitrageWatch } from './arbitrage/update-arbitrage-watch.ts';
export { deleteArbitrageWatch } from './arbitrage/delete-arbitrage-watch.ts';
export { getArbitrageWatch } from './arbitrage/get-arbitrage-watch.ts';
export { listArbitrageWatches } from './arbitrage/list-arbitrage-watches.ts';
export { runWatchScan, type WatchScanContext, type WatchScanOutcome } from './arbitrage/run-watch-scan.ts';
export { resumeArbitrageWatches } from './arbitrage/resume-arbitrage-watches.ts';
export { executeArbitrage } from './arbitrage/executions/execute-arbitrage.ts';
export { getArbitrageExecution } from './arbitrage/executions/get-arbitrage-execution.ts';
export { listArbitrageExecutions } from './arbitrage/executions/list-arbitrage-executions.ts';
export { advanceArbitrageExecution, type AdvanceExecutionContext } from './arbitrage/executions/advance-arbitrage-execution.ts';
export type {
  ExecuteArbitrageContext,
  ExecuteArbitrageInput,
  ExecutionDetail,
  ExecutionLegView,
  ExecutionPage,
  ExecutionState,
  ExecutionTransitionView,
  ExecutionView,
} from './arbitrage/executions/types.ts';
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

export { DEPLOY_JOB, SESSION_QUEUE, STOP_JOB, TICK_JOB, deployJobId, stopJobId, tickSchedulerId, type SessionJobData, type SessionJobs, type SessionScheduler } from './session-jobs.ts';
export { deploySession, LIVE_PERMISSION, type DeployContext } from './domain/sessions/deploy-session.ts';
export { requestStop } from './domain/sessions/request-stop.ts';
export { getSessionStatus } from './domain/sessions/get-session-status.ts';
export { listSessions } from './domain/sessions/list-sessions.ts';
export { listTradingAccounts, type AccountMode, type TradingAccountView } from './domain/sessions/list-trading-accounts.ts';
export { advanceDeploy, type DeployOutcome } from './domain/sessions/advance-deploy.ts';
export { runTick, type TickOutcome } from './domain/sessions/run-tick.ts';
export { runStop, type StopOutcome } from './domain/sessions/run-stop.ts';
export { resumeSessions, type ResumeReport } from './domain/sessions/resume-sessions.ts';
export { replayPriceFeed, sessionPaperMarkets } from './domain/sessions/replay-price-feed.ts';
export type { SessionWorkerContext } from './domain/sessions/session-context.ts';
export type { DeploySessionInput, PnlView, SessionPage, SessionStatusView, SessionView, TransitionView } from './domain/sessions/types.ts';

export { ORDER_REQUESTED_JOB, ORDER_TIMEOUT_JOB, SWEEP_RESERVATIONS_JOB, orderTimeoutJobId, sweeperSchedulerId, type OrderTimeoutJobData, type SweepReservationsJobData } from './order-jobs.ts';
export type { OrderRequestContext, OrderSagaContext, SagaOutcome, SagaScheduler, SagaSettings, SagaTelemetry } from './domain/orders/context.ts';
export { fundSession, type FundSessionInput } from './domain/orders/fund-session.ts';
export { requestOrder, type RequestOrderInput } from './domain/orders/request-order.ts';
export { runOrderSaga, type OrderRef } from './domain/orders/run-order-saga.ts';
export { checkOrderTimeout } from './domain/orders/check-order-timeout.ts';
export { sweepReservations } from './domain/orders/sweep-reservations.ts';
export { reconcileSessionOrders, type ReconcileReport } from './domain/orders/reconcile-session-orders.ts';
export { listSessionOrders } from './domain/orders/list-session-orders.ts';
export { sessionPositions } from './domain/orders/session-positions.ts';
export { sessionBalances } from './domain/orders/session-balances.ts';
export { positionPnl, type PositionPnl } from './domain/orders/position-pnl.ts';
export type { BalanceView, OrderView, PositionView } from './domain/orders/views.ts';
export { countTradingSessions } from './repositories/sessions.ts';
