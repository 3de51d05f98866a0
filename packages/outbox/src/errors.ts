/** Everything packages/outbox throws on purpose carries one of these codes. */
export type OutboxErrorCode =
  /** appendEvent with a payload or envelope field the event catalogue rejects. */
  | 'invalid_event'
  /** The consumer has not yet processed the event that precedes this one on its aggregate. */
  | 'predecessor_pending';

export class OutboxError extends Error {
  readonly code: OutboxErrorCode;

  constructor(code: OutboxErrorCode, message: string) {
    super(message);
    this.name = 'OutboxError';
    this.code = code;
  }
}

export const isOutboxError = (error: unknown, code?: OutboxErrorCode): error is OutboxError =>
  error instanceof OutboxError && (code === undefined || error.code === code);
