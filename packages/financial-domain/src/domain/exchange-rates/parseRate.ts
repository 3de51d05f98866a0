import { decimal, decimalToString } from '@ai-service/money';
import { invalidInput } from '../../errors.ts';

/** What NUMERIC(24,10) holds. */
const RATE = /^\d{1,14}(\.\d{1,10})?$/;

/** Returns the canonical text of a rate above zero, or undefined: callers word the error for their input. */
export function readRate(value: string): string | undefined {
  if (!RATE.test(value)) return undefined;
  const rate = decimal(value);
  return rate.gt(0) ? decimalToString(rate) : undefined;
}

export function parseRate(field: string, value: string): string {
  const rate = readRate(value);
  if (rate === undefined) throw invalidInput(field, `${field} must be a decimal number above zero with at most 10 decimals, such as "1.0812".`);
  return rate;
}
