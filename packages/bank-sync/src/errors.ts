/** Everything packages/bank-sync throws on purpose carries one of these codes. */
export type BankSyncErrorCode =
  /** The provider asks us to wait: `retryAfterSeconds` says how long. Retry then, not before. */
  | 'rate_limited'
  /** The provider rejects our own credentials (GoCardless secret id/key). */
  | 'invalid_credentials'
  /** The end user's consent expired or was revoked: the connection must be renewed. */
  | 'access_expired'
  | 'not_found'
  /** The provider refused the request as invalid (its explanation is the message). */
  | 'rejected'
  /** SimpleFIN Bridge: the user's subscription is unpaid. */
  | 'payment_required'
  /** The SimpleFIN setup token is not a base64-encoded URL. */
  | 'invalid_setup_token'
  /** The SimpleFIN setup token was already claimed (by us or someone else: it may be compromised). */
  | 'setup_token_claimed'
  /** A provider URL that is not HTTPS. */
  | 'insecure_url'
  /** Network failure, timeout or 5xx: worth another attempt later. */
  | 'provider_unavailable'
  /** The provider answered with something that is not its documented format. */
  | 'invalid_response';

export class BankSyncError extends Error {
  readonly code: BankSyncErrorCode;
  /** For `rate_limited`: seconds until the provider accepts requests again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: BankSyncErrorCode, message: string, options?: { retryAfterSeconds?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BankSyncError';
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** Whether another attempt later can succeed without anyone changing anything. */
  get retryable(): boolean {
    return this.code === 'rate_limited' || this.code === 'provider_unavailable';
  }
}

export const isBankSyncError = (error: unknown, code?: BankSyncErrorCode): error is BankSyncError =>
  error instanceof BankSyncError && (code === undefined || error.code === code);
