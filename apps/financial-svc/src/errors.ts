import { FinancialError, type FinancialErrorCode } from '@ai-service/financial-domain';
import { problem, type ErrorMapper } from '@ai-service/http';

const STATUS: Record<FinancialErrorCode, number> = {
  not_found: 404,
  conflict: 409,
  invalid_input: 422,
  invalid_cursor: 400,
  in_use: 409,
  not_configured: 409,
  provider_error: 502,
  rate_limited: 429,
};

/** FinancialError → problem+json; an invalid_input names its field in `errors`, like schema validation does. */
export const financialErrorMapper: ErrorMapper = (error) => {
  if (!(error instanceof FinancialError)) return undefined;
  return problem(STATUS[error.code], error.message, {
    code: error.code,
    ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}),
  });
};
