import { FinancialError, type FinancialErrorCode } from '@ai-service/financial-domain';
import { problem, type ErrorMapper } from '@ai-service/http';
import type { FastifyInstance } from 'fastify';

const STATUS: Record<FinancialErrorCode, number> = {
  not_found: 404,
  conflict: 409,
  invalid_input: 422,
  invalid_cursor: 400,
  in_use: 409,
  not_configured: 409,
  provider_error: 502,
  rate_limited: 429,
  missing_rate: 422,
};

/** FinancialError → problem+json; an invalid_input names its field in `errors`, like schema validation does. */
export const financialErrorMapper: ErrorMapper = (error) => {
  if (!(error instanceof FinancialError)) return undefined;
  return problem(STATUS[error.code], error.message, {
    code: error.code,
    ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}),
  });
};

/** A bank provider's "wait" reaches the client as `Retry-After`, next to the 429 problem body. */
export function registerRetryAfter(app: FastifyInstance): void {
  app.addHook('onError', async (_request, reply, error) => {
    if (!(error instanceof FinancialError) || error.code !== 'rate_limited') return;
    const seconds = Number(error.details?.['retryAfterSeconds']);
    if (Number.isFinite(seconds) && seconds >= 0) reply.header('retry-after', String(Math.ceil(seconds)));
  });
}
