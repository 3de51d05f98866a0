/** The one error type of ai-core. LLM errors never reach a client: categorization falls back to the offline classifier. */
export type AiErrorCode = 'LLM_UNAVAILABLE' | 'LLM_INVALID_ANSWER';

export class AiError extends Error {
  readonly code: AiErrorCode;
  constructor(code: AiErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AiError';
    this.code = code;
  }
}
