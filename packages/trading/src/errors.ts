export type TradingErrorCode = 'invalid_parameters' | 'invalid_transition' | 'invalid_candles' | 'invalid_backtest';

/** The one error of this package; services map its code to a problem response (invalid_transition → 409, the rest → 400/422). */
export class TradingError extends Error {
  readonly code: TradingErrorCode;
  /** The input field at fault, when one is. */
  readonly field?: string;

  constructor(code: TradingErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TradingError';
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
  }
}

export function isTradingError(error: unknown): error is TradingError {
  return error instanceof TradingError;
}
