export { eventLog, inbox, outbox, tradingSchema } from './base.ts';
export { backtestKind, backtestRole, backtests, backtestStatus } from './backtests.ts';
export { candles } from './candles.ts';
export { paperBalances, paperOrders } from './paper.ts';
export { sessionMode, sessionPriceSource, sessions, sessionState, sessionTransitions, type SessionLastPrices } from './sessions.ts';
export { orderFailureReason, orders, positions, reservations, reservationStatus, sagaState, sessionBalances, trades } from './orders.ts';
export { exchangeCredentials, exchangeMarkets } from './exchanges.ts';
export { arbitrageOpportunities, arbitrageWatches, type WatchAutoExecute, type WatchOpenOpportunities } from './arbitrage.ts';
export { arbitrageExecutions, arbitrageExecutionState, arbitrageExecutionTransitions } from './arbitrage-executions.ts';
