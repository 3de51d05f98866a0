export { eventLog, inbox, outbox, tradingSchema } from './base.ts';
export { backtestKind, backtestRole, backtests, backtestStatus } from './backtests.ts';
export { candles } from './candles.ts';
