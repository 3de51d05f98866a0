export type TradingDomainErrorCode =
  /** A field of the request is malformed or out of range (the field is named). */
  | 'invalid_input'
  /** Strategy parameters (or a sweep's values) the strategy refuses. */
  | 'invalid_parameters'
  /** An uploaded candle file with unreadable rows: nothing was stored. */
  | 'invalid_candles'
  /** No stored candles for a range a backtest needs, or none at the exchange for a fetch. */
  | 'no_candles'
  /** An exchange CCXT does not know, or one without candle history, a symbol or timeframe it does not list (the field is named). */
  | 'unsupported_market'
  /** A fetch range spanning more candles than one request may fetch. */
  | 'range_too_large'
  /** The exchange could not be reached (network error, timeout, maintenance, rate limit). */
  | 'exchange_unavailable'
  /** The exchange answered with an error of its own. */
  | 'exchange_error'
  /** The venue refused an order (insufficient funds, invalid order, unknown symbol): retrying cannot help. */
  | 'exchange_rejected'
  /** A sweep or walk-forward that would make more runs than allowed. */
  | 'too_many_runs'
  | 'invalid_cursor'
  /** A session cannot make the asked move from its current state (stopping a stopped session). */
  | 'invalid_transition'
  /** The user lacks a permission the request's content needs (a live session needs trading:live). */
  | 'forbidden'
  /** Something the request needs is not set up: the exchange credentials of a live venue, or TRADING_SECRETS_KEY to store them. */
  | 'not_configured'
  | 'not_found';

export type FieldProblem = { field: string; message: string };

/** The one error type of the trading domain; trading-svc maps its codes to problem responses. */
export class TradingDomainError extends Error {
  readonly code: TradingDomainErrorCode;
  /** Every field at fault, first the one the message names. */
  readonly errors: FieldProblem[];

  constructor(code: TradingDomainErrorCode, message: string, errors: FieldProblem[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TradingDomainError';
    this.code = code;
    this.errors = errors;
  }
}

export const isTradingDomainError = (error: unknown, code?: TradingDomainErrorCode): error is TradingDomainError =>
  error instanceof TradingDomainError && (code === undefined || error.code === code);
