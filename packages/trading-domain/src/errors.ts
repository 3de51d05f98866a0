export type TradingDomainErrorCode =
  /** A field of the request is malformed or out of range (the field is named). */
  | 'invalid_input'
  /** Strategy parameters (or a sweep's values) the strategy refuses. */
  | 'invalid_parameters'
  /** An uploaded candle file with unreadable rows: nothing was stored. */
  | 'invalid_candles'
  /** No stored candles for a range a backtest needs. */
  | 'no_candles'
  /** A sweep or walk-forward that would make more runs than allowed. */
  | 'too_many_runs'
  | 'invalid_cursor'
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
