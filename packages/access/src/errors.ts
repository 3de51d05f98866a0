import { problem, type ErrorMapper } from '@ai-service/http';

export type AccessErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN';

export class AccessError extends Error {
  readonly code: AccessErrorCode;
  constructor(code: AccessErrorCode, message: string) {
    super(message);
    this.name = 'AccessError';
    this.code = code;
  }
}

const STATUS: Record<AccessErrorCode, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

export const accessErrorMapper: ErrorMapper = (error) =>
  error instanceof AccessError ? problem(STATUS[error.code], error.message, { code: error.code }) : undefined;
