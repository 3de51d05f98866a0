import { problem, type ErrorMapper } from '@ai-service/http';
import { isTradingError, type TradingErrorCode } from '@ai-service/trading';
import { TradingDomainError, type TradingDomainErrorCode } from '@ai-service/trading-domain';

const STATUS: Record<TradingDomainErrorCode, number> = {
  invalid_input: 400,
  invalid_cursor: 400,
  invalid_parameters: 422,
  invalid_candles: 422,
  no_candles: 422,
  too_many_runs: 422,
  unsupported_market: 422,
  range_too_large: 422,
  exchange_error: 502,
  exchange_rejected: 422,
  exchange_unavailable: 503,
  not_found: 404,
  invalid_transition: 409,
  forbidden: 403,
  not_configured: 409,
};

/** The engine's own errors, should one reach a handler unwrapped. */
const ENGINE_STATUS: Record<TradingErrorCode, number> = { invalid_parameters: 422, invalid_candles: 422, invalid_backtest: 422, invalid_transition: 409 };

const problemCode = (code: string) => code.toUpperCase();

/** trading-domain and packages/trading errors → problem+json, naming the fields at fault. */
export const tradingErrorMapper: ErrorMapper = (error) => {
  if (error instanceof TradingDomainError) {
    return problem(STATUS[error.code], error.message, { code: problemCode(error.code), ...(error.errors.length > 0 ? { errors: error.errors } : {}) });
  }
  if (isTradingError(error)) {
    return problem(ENGINE_STATUS[error.code], error.message, { code: problemCode(error.code), ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}) });
  }
  return undefined;
};
