import { problem, type ErrorMapper } from '@ai-service/http';
import type { FastifyInstance } from 'fastify';

export type AuthErrorCode =
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_DISABLED'
  | 'LOCKED'
  | 'INVALID_TOKEN'
  | 'INVALID_CURSOR'
  | 'NOT_FOUND'
  | 'INSUFFICIENT_PERMISSIONS'
  | 'LAST_OWNER';

/** The one error type of auth-svc's domain; HTTP never leaks into it (see authErrorMapper). */
export class AuthError extends Error {
  readonly code: AuthErrorCode;
  /** For LOCKED: seconds until the account unlocks. */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: AuthErrorCode, message: string, retryAfterSeconds?: number) {
    super(message);
    this.name = 'AuthError';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const STATUS: Record<AuthErrorCode, number> = {
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 401,
  LOCKED: 423,
  INVALID_TOKEN: 401,
  INVALID_CURSOR: 400,
  NOT_FOUND: 404,
  INSUFFICIENT_PERMISSIONS: 403,
  LAST_OWNER: 409,
};

export const authErrorMapper: ErrorMapper = (error) =>
  error instanceof AuthError ? problem(STATUS[error.code], error.message, { code: error.code }) : undefined;

/** Problem bodies come from the mapper; the Retry-After of a locked account is set here. */
export function registerRetryAfter(app: FastifyInstance): void {
  app.addHook('onError', async (_request, reply, error) => {
    if (error instanceof AuthError && error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  });
}
