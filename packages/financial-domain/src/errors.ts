/**
 * Codes of the financial domain. Each maps to one HTTP status in apps/financial-svc/src/errors.ts
 * (a Record over this union, so adding a code without its status does not compile).
 */
export type FinancialErrorCode =
  /** No such resource in this tenant (another tenant's ids look exactly like missing ones). */
  | 'not_found'
  /** The change conflicts with existing data (duplicate name, category cycle, already linked). */
  | 'conflict'
  /** A field is well-formed for the schema but breaks a domain rule; `field` names it. */
  | 'invalid_input'
  /** A pagination cursor that this service did not issue. */
  | 'invalid_cursor'
  /** The resource is still referenced; `details` says by what. */
  | 'in_use'
  /** Bank sync lacks what it needs (FINANCIAL_SECRETS_KEY, the provider's credentials). */
  | 'not_configured'
  /** A bank provider failed or refused; `details.providerCode` says how. */
  | 'provider_error'
  /** A bank provider asks to wait; `details.retryAfterSeconds` says how long. */
  | 'rate_limited'
  /** A report needs an exchange rate the tenant has not stored; `details` names the currency and date. */
  | 'missing_rate';

/** The one error type of the financial domain; HTTP never leaks into it. */
export class FinancialError extends Error {
  readonly code: FinancialErrorCode;
  /** For invalid_input: the request field at fault, as a dotted path (`splits.1.amount`). */
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: FinancialErrorCode, message: string, options: { field?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'FinancialError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }
}

export const notFound = (what: string, id: string) => new FinancialError('not_found', `No ${what} ${id} in this tenant.`);

export const invalidInput = (field: string, message: string) => new FinancialError('invalid_input', message, { field });

export const isFinancialError = (error: unknown, code?: FinancialErrorCode): error is FinancialError =>
  error instanceof FinancialError && (code === undefined || error.code === code);
