import { isBankSyncError, type BankSyncError } from '@ai-service/bank-sync';
import { FinancialError } from '../../errors.ts';

/** A provider failure in the domain's terms: 429 stays rate_limited (with its wait), the rest provider_error. */
export function fromProviderError(error: BankSyncError): FinancialError {
  if (error.code === 'rate_limited') {
    return new FinancialError('rate_limited', error.message, { details: { providerCode: error.code, retryAfterSeconds: error.retryAfterSeconds ?? 60 } });
  }
  return new FinancialError('provider_error', error.message, { details: { providerCode: error.code, retryable: error.retryable } });
}

/** Runs a provider call, translating its errors. */
export async function callProvider<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isBankSyncError(error)) throw fromProviderError(error);
    throw error;
  }
}
